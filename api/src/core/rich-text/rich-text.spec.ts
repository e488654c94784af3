import { AppError } from '../errors/app-error.js';
import { parseRichText } from './rich-text.js';

const doc = (...content: unknown[]) => ({ type: 'doc', content });
const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const text = (t: string, marks?: unknown[]) => ({ type: 'text', text: t, ...(marks && { marks }) });

function failure(kind: 'story' | 'comment', input: unknown) {
  try {
    parseRichText(kind, input);
  } catch (err) {
    if (err instanceof AppError) return err.fieldErrors;
    throw err;
  }
  throw new Error('expected the document to be refused');
}

describe('parseRichText', () => {
  it('derives escaped HTML and plain text from a valid story', () => {
    const out = parseRichText(
      'story',
      doc(
        { type: 'heading', attrs: { level: 2 }, content: [text('First night')] },
        p(text('Keys <in> hand & ', [{ type: 'bold' }]), text('home', [{ type: 'link', attrs: { href: 'https://example.org', class: 'x', onclick: 'evil()' } }])),
        { type: 'bulletList', content: [{ type: 'listItem', content: [p(text('one'))] }] },
      ),
    );
    expect(out.html).toBe(
      '<h2>First night</h2><p><strong>Keys &lt;in&gt; hand &amp; </strong><a href="https://example.org" rel="nofollow noopener ugc" target="_blank">home</a></p><ul><li><p>one</p></li></ul>',
    );
    expect(out.text).toBe('First night\nKeys <in> hand & home\none');
    // Only the href survives on a link.
    expect(JSON.stringify(out.doc)).not.toMatch(/onclick|class/);
  });

  it.each([
    ['an unknown node', doc({ type: 'image', attrs: { src: 'x' } }), 'content.content[0].type'],
    ['a heading level outside 2–3', doc({ type: 'heading', attrs: { level: 1 }, content: [text('x')] }), 'content.content[0].attrs.level'],
    ['a javascript: link', doc(p(text('x', [{ type: 'link', attrs: { href: 'javascript:alert(1)' } }]))), 'content.content[0].content[0].marks[0].attrs.href'],
    ['a data: link', doc(p(text('x', [{ type: 'link', attrs: { href: 'data:text/html,<script>' } }]))), 'content.content[0].content[0].marks[0].attrs.href'],
    ['an unknown mark', doc(p(text('x', [{ type: 'code' }]))), 'content.content[0].content[0].marks[0].type'],
  ])('refuses %s and names the path', (_, input, path) => {
    expect(failure('story', input).map((e) => e.path)).toContain(path);
  });

  it('refuses a structure the schema forbids', () => {
    expect(failure('story', doc({ type: 'listItem', content: [p(text('x'))] }))[0].message).toBe('validation.richTextStructure');
  });

  it('refuses documents over 100 kB', () => {
    expect(failure('story', doc(p(text('x'.repeat(100_001)))))[0].message).toBe('validation.richTextTooLarge');
  });

  it('keeps comments to the smaller set', () => {
    expect(failure('comment', doc({ type: 'heading', attrs: { level: 2 }, content: [text('x')] }))[0].message).toBe('validation.richTextUnknownNode');
    expect(parseRichText('comment', doc(p(text('thanks', [{ type: 'italic' }])))).html).toBe('<p><em>thanks</em></p>');
  });

  it.each([null, 'text', 42, [], { type: 'doc', content: 'x' }])('refuses %p as a document', (input) => {
    expect(failure('story', input).length).toBeGreaterThan(0);
  });
});
