import type { AnyExtension } from '@tiptap/core';
import Blockquote from '@tiptap/extension-blockquote';
import Bold from '@tiptap/extension-bold';
import Document from '@tiptap/extension-document';
import HardBreak from '@tiptap/extension-hard-break';
import Heading from '@tiptap/extension-heading';
import Italic from '@tiptap/extension-italic';
import Link from '@tiptap/extension-link';
import { BulletList, ListItem, OrderedList } from '@tiptap/extension-list';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';

/**
 * The one definition of rich text, used by the editor in the browser and by the API, which
 * builds its ProseMirror schema from the same list and refuses any document outside it.
 */
export const HEADING_LEVELS = [2, 3] as const;
export const LINK_PROTOCOLS = ['http:', 'https:', 'mailto:'] as const;
/** Largest accepted document, measured as UTF-8 bytes of its JSON. */
export const RICH_TEXT_MAX_BYTES = 100_000;

const link = Link.configure({
  openOnClick: false,
  autolink: true,
  protocols: ['mailto'],
  defaultProtocol: 'https',
  HTMLAttributes: { rel: 'nofollow noopener ugc', target: '_blank' },
  isAllowedUri: (url) => isAllowedHref(url),
});

/** Stories, guidelines and event descriptions: paragraphs, headings 2–3, bold, italic, lists, quotes, links. */
export const storyExtensions: AnyExtension[] = [
  Document,
  Paragraph,
  Text,
  HardBreak,
  Heading.configure({ levels: [...HEADING_LEVELS] }),
  Bold,
  Italic,
  BulletList,
  OrderedList,
  ListItem,
  Blockquote,
  link,
];

/** Comments: the smaller set — paragraphs, bold, italic, links. */
export const commentExtensions: AnyExtension[] = [Document, Paragraph, Text, HardBreak, Bold, Italic, link];

export type RichTextKind = 'story' | 'comment';
export const extensionsFor = (kind: RichTextKind) => (kind === 'story' ? storyExtensions : commentExtensions);

/** http, https and mailto only: no javascript:, data:, vbscript: or relative tricks. */
export function isAllowedHref(href: unknown): href is string {
  if (typeof href !== 'string' || href.length > 2048) return false;
  try {
    const url = new URL(href);
    return (LINK_PROTOCOLS as readonly string[]).includes(url.protocol);
  } catch {
    return false;
  }
}

/** A ProseMirror/tiptap JSON node, as clients send and the API stores it. */
export interface RichTextNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: RichTextNode[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}
export interface RichTextDoc extends RichTextNode {
  type: 'doc';
}
