/**
 * The API sends snippets HTML-escaped with only `<mark>` tags added. Checked again here: any
 * other markup means the text is shown as plain text, never as HTML.
 */
const ONLY_MARKS = /^(?:[^<]|<\/?mark>)*$/;

export function Snippet({ html }: { html: string }) {
  if (!ONLY_MARKS.test(html)) return <p className="search-hit__snippet">{html}</p>;
  return <p className="search-hit__snippet" dangerouslySetInnerHTML={{ __html: html }} />;
}
