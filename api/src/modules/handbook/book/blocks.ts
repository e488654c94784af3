import type { RichTextNode } from '@sorstars/shared/rich-text';

/**
 * A story's tiptap document as simple blocks for formats that are not HTML (DOCX, PDF): headings,
 * paragraphs, lists (nested), quotes, and runs of text with bold, italic and links. Anything the
 * story schema does not have is read as its text, so no words are ever dropped.
 */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
  href?: string;
  /** A hard line break before this run's text. */
  breakBefore?: boolean;
}
export type Block =
  | { type: 'heading'; level: number; runs: Run[] }
  | { type: 'paragraph'; runs: Run[] }
  | { type: 'list'; ordered: boolean; items: Block[][] }
  | { type: 'quote'; blocks: Block[] };

export function blocksOf(doc: RichTextNode | null | undefined): Block[] {
  return (doc?.content ?? []).flatMap(blockOf);
}

function blockOf(node: RichTextNode): Block[] {
  switch (node.type) {
    case 'heading':
      return [{ type: 'heading', level: Number(node.attrs?.level ?? 2), runs: runsOf(node) }];
    case 'paragraph':
      return [{ type: 'paragraph', runs: runsOf(node) }];
    case 'bulletList':
    case 'orderedList':
      return [{ type: 'list', ordered: node.type === 'orderedList', items: (node.content ?? []).map((item) => (item.content ?? []).flatMap(blockOf)) }];
    case 'blockquote':
      return [{ type: 'quote', blocks: (node.content ?? []).flatMap(blockOf) }];
    default:
      return [{ type: 'paragraph', runs: runsOf(node) }];
  }
}

function runsOf(node: RichTextNode): Run[] {
  const runs: Run[] = [];
  let pendingBreak = false;
  const walk = (n: RichTextNode) => {
    if (n.type === 'hardBreak') {
      pendingBreak = true;
      return;
    }
    if (n.type === 'text' && n.text) {
      const marks = n.marks ?? [];
      const link = marks.find((m) => m.type === 'link');
      runs.push({
        text: n.text,
        ...(marks.some((m) => m.type === 'bold') && { bold: true }),
        ...(marks.some((m) => m.type === 'italic') && { italic: true }),
        ...(typeof link?.attrs?.href === 'string' && { href: link.attrs.href }),
        ...(pendingBreak && { breakBefore: true }),
      });
      pendingBreak = false;
      return;
    }
    for (const child of n.content ?? []) walk(child);
  };
  walk(node);
  return runs;
}
