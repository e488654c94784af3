import type { ReactNode } from 'react';

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/giu;
const TRAILING = /[.,!?;:)\]}'"»”’]+$/u;
const MENTION_PATTERN = /(^|[^\p{L}\p{N}_.@-])@([\p{L}\p{N}_.-]{3,32})/gu;

/** @username of the reader, highlighted; other mentions stay plain text. */
function withMentions(text: string, me: string | null, keyBase: string): ReactNode[] {
  if (!me) return [text];
  const nodes: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(MENTION_PATTERN)) {
    const name = match[2].replace(/[.-]+$/u, '');
    if (name.toLowerCase() !== me.toLowerCase()) continue;
    const start = match.index + match[1].length;
    nodes.push(text.slice(last, start));
    nodes.push(
      <mark className="mention-me" key={`${keyBase}-m${start}`}>
        @{name}
      </mark>,
    );
    last = start + 1 + name.length;
  }
  nodes.push(text.slice(last));
  return nodes;
}

/**
 * A message body as text: web addresses (http and https only) become links that open in a new
 * tab and pass on nothing; everything else is rendered by React as plain text, never as HTML.
 * Line breaks are kept by CSS (white-space: pre-wrap).
 */
export function MessageText({ text, me }: { text: string; me: string | null }) {
  const nodes: ReactNode[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(TRAILING, '');
    const start = match.index;
    nodes.push(...withMentions(text.slice(last, start), me, `t${last}`));
    nodes.push(
      <a key={`u${start}`} href={url} rel="nofollow noopener ugc" target="_blank">
        {url}
      </a>,
    );
    last = start + url.length;
  }
  nodes.push(...withMentions(text.slice(last), me, `t${last}`));
  return <>{nodes}</>;
}
