import { getSchema } from '@tiptap/core';
import { Node as PMNode, type Schema } from '@tiptap/pm/model';
import sanitizeHtml from 'sanitize-html';
import { unsafeTextReason, type FieldError } from '@sorstars/shared';
import {
  extensionsFor,
  HEADING_LEVELS,
  isAllowedHref,
  RICH_TEXT_MAX_BYTES,
  type RichTextDoc,
  type RichTextKind,
  type RichTextNode,
} from '@sorstars/shared/rich-text';
import { AppError } from '../errors/app-error.js';

/** What the API stores for a rich-text field: the normalised document and what it derives from it. */
export interface RichText {
  doc: RichTextDoc;
  html: string;
  text: string;
}

const schemas = new Map<RichTextKind, Schema>();
const schemaFor = (kind: RichTextKind) => {
  let schema = schemas.get(kind);
  if (!schema) schemas.set(kind, (schema = getSchema(extensionsFor(kind))));
  return schema;
};

const LINK_ATTRS = { rel: 'nofollow noopener ugc', target: '_blank' };

/**
 * Checks a client's document against the shared schema and our attribute rules, and answers the
 * normalised document (only the attributes we allow, links reduced to their href), its HTML and its
 * plain text. Anything else is a 422 naming the path; client HTML is never accepted.
 */
export function parseRichText(kind: RichTextKind, input: unknown, field = 'content'): RichText {
  let json: string;
  try {
    json = JSON.stringify(input ?? null);
  } catch {
    // Nested too deep to serialise (RangeError): a 422, not a 500.
    throw invalid(field, 'validation.richTextStructure');
  }
  if (Buffer.byteLength(json, 'utf8') > RICH_TEXT_MAX_BYTES) throw invalid(field, 'validation.richTextTooLarge');
  const schema = schemaFor(kind);
  const errors: FieldError[] = [];
  const doc = clean(schema, input, field, errors, 0) as RichTextDoc | null;
  if (errors.length || !doc) throw new AppError('VALIDATION_FAILED', errors.length ? errors.slice(0, 20) : [{ path: field, message: 'validation.richTextInvalid' }]);
  if (doc.type !== 'doc') throw invalid(field, 'validation.richTextInvalid');
  try {
    PMNode.fromJSON(schema, doc).check();
  } catch {
    // Known nodes in an order the schema forbids (e.g. a list item directly in the document).
    throw invalid(field, 'validation.richTextStructure');
  }
  const html = sanitizeHtml(renderHtml(doc), SANITIZE);
  return { doc, html, text: plainText(doc).trim() };
}

function invalid(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', [{ path, message }]);
}

const MAX_DEPTH = 20;

/** A copy of the node with only what the schema and our rules allow; problems go to `errors`. */
function clean(schema: Schema, node: unknown, path: string, errors: FieldError[], depth: number): RichTextNode | null {
  if (depth > MAX_DEPTH) return errors.push({ path, message: 'validation.richTextStructure' }), null;
  if (!node || typeof node !== 'object' || Array.isArray(node)) return errors.push({ path, message: 'validation.richTextInvalid' }), null;
  const n = node as RichTextNode;
  if (typeof n.type !== 'string' || !schema.nodes[n.type]) {
    return errors.push({ path: `${path}.type`, message: 'validation.richTextUnknownNode' }), null;
  }
  const out: RichTextNode = { type: n.type };
  if (n.type === 'text') {
    if (typeof n.text !== 'string' || n.text === '') return errors.push({ path: `${path}.text`, message: 'validation.richTextInvalid' }), null;
    // The same rule as every plain field: NUL or half a surrogate pair cannot be stored or rendered.
    const unsafe = unsafeTextReason(n.text, { multiline: true });
    if (unsafe) return errors.push({ path: `${path}.text`, message: unsafe }), null;
    out.text = n.text.normalize('NFC');
  }
  if (n.type === 'heading') {
    const level = n.attrs?.level;
    if (!(HEADING_LEVELS as readonly unknown[]).includes(level)) errors.push({ path: `${path}.attrs.level`, message: 'validation.richTextAttribute' });
    out.attrs = { level };
  }
  if (n.type === 'orderedList' && n.attrs?.start !== undefined) {
    const start = n.attrs.start;
    if (!Number.isInteger(start) || (start as number) < 1 || (start as number) > 10_000) errors.push({ path: `${path}.attrs.start`, message: 'validation.richTextAttribute' });
    out.attrs = { start };
  }
  if (n.marks !== undefined) {
    if (!Array.isArray(n.marks)) errors.push({ path: `${path}.marks`, message: 'validation.richTextInvalid' });
    else {
      out.marks = [];
      n.marks.forEach((mark, i) => {
        const markPath = `${path}.marks[${i}]`;
        if (!mark || typeof mark.type !== 'string' || !schema.marks[mark.type]) return errors.push({ path: `${markPath}.type`, message: 'validation.richTextUnknownMark' });
        if (mark.type === 'link') {
          if (!isAllowedHref(mark.attrs?.href)) return errors.push({ path: `${markPath}.attrs.href`, message: 'validation.richTextLink' });
          const unsafe = unsafeTextReason(mark.attrs!.href as string);
          if (unsafe) return errors.push({ path: `${markPath}.attrs.href`, message: unsafe });
          return out.marks!.push({ type: 'link', attrs: { href: mark.attrs!.href } });
        }
        out.marks!.push({ type: mark.type });
      });
      if (!out.marks.length) delete out.marks;
    }
  }
  if (n.content !== undefined) {
    if (!Array.isArray(n.content)) errors.push({ path: `${path}.content`, message: 'validation.richTextInvalid' });
    else out.content = n.content.map((child, i) => clean(schema, child, `${path}.content[${i}]`, errors, depth + 1)).filter((c): c is RichTextNode => c !== null);
  }
  return out;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const BLOCK_TAGS: Record<string, string> = {
  paragraph: 'p',
  bulletList: 'ul',
  orderedList: 'ol',
  listItem: 'li',
  blockquote: 'blockquote',
};

/** HTML from a cleaned document: every text escaped, every tag and attribute ours. */
function renderHtml(node: RichTextNode): string {
  const inner = () => (node.content ?? []).map(renderHtml).join('');
  switch (node.type) {
    case 'doc':
      return inner();
    case 'text': {
      let html = escapeHtml(node.text ?? '');
      for (const mark of node.marks ?? []) {
        if (mark.type === 'bold') html = `<strong>${html}</strong>`;
        else if (mark.type === 'italic') html = `<em>${html}</em>`;
        else if (mark.type === 'link') html = `<a href="${escapeHtml(String(mark.attrs?.href))}" rel="${LINK_ATTRS.rel}" target="${LINK_ATTRS.target}">${html}</a>`;
      }
      return html;
    }
    case 'hardBreak':
      return '<br>';
    case 'heading':
      return `<h${node.attrs?.level}>${inner()}</h${node.attrs?.level}>`;
    case 'orderedList':
      return node.attrs?.start && node.attrs.start !== 1 ? `<ol start="${Number(node.attrs.start)}">${inner()}</ol>` : `<ol>${inner()}</ol>`;
    default: {
      const tag = BLOCK_TAGS[node.type];
      return tag ? `<${tag}>${inner()}</${tag}>` : inner();
    }
  }
}

/** A backstop behind the renderer: should it ever emit something unexpected, it is dropped here. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'h2', 'h3', 'strong', 'em', 'ul', 'ol', 'li', 'blockquote', 'a'],
  allowedAttributes: { a: ['href', 'rel', 'target'], ol: ['start'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
};

function plainText(node: RichTextNode): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return '\n';
  const inner = (node.content ?? []).map(plainText).join('');
  return node.type === 'doc' ? inner : `${inner}\n`;
}
