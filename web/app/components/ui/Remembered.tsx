import type { ReactNode } from 'react';
import { useRememberedHtml, type KeyedElement, type RememberedPart } from '~/utils/remembered-html';

interface RememberedProps {
  part: RememberedPart;
  /** The element around the pieces: the same, with the same attributes, whichever way it is filled. */
  as: 'div' | 'ol' | 'ul';
  className: string;
  'data-testid'?: string;
  /** The pieces with their keys (remembered-html.server.ts); asked for only while the server renders. */
  pieces: () => KeyedElement[];
  /** What the element holds otherwise: in the browser, or when the memory cannot answer. */
  children: ReactNode;
}

/**
 * An element whose content, on the server, is its pieces' HTML as rendered for an earlier page
 * where nothing they show has changed; in the browser (which hydrates the same HTML), its children.
 */
export function Remembered({ part, as: Tag, pieces, children, ...attributes }: RememberedProps) {
  const html = useRememberedHtml(part)?.html(pieces()) ?? null;
  return html === null ? <Tag {...attributes}>{children}</Tag> : <Tag {...attributes} dangerouslySetInnerHTML={{ __html: html }} />;
}
