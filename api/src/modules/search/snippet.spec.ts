import { highlight } from './snippet.js';
import { fold, queryWords } from './query-words.js';

describe('query words', () => {
  it('keeps letters and digits only, so operators, quotes and NUL never reach SQL', () => {
    expect(queryWords(`"szállás" & | ! :* \\ a\u0000b 'x'`)).toEqual(['szállás', 'a', 'b', 'x']);
    expect(queryWords('   ')).toEqual([]);
    expect(queryWords('w '.repeat(2500))).toEqual(['w']);
    expect(queryWords(Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '))).toHaveLength(6);
  });

  it('folds case, diacritics and Serbian Cyrillic the way the database does', () => {
    expect(fold('Szállás')).toBe('szallas');
    expect(fold('ZAVETIŠČE')).toBe('zavetisce');
    expect(fold('подршка')).toBe('podrska');
    expect(fold('Љубав њен')).toBe('ljubav njen');
    expect(fold('Bolig på Ærø')).toBe('bolig pa aero');
  });
});

describe('highlight', () => {
  it('marks inflected, unaccented and Cyrillic matches and escapes everything else', () => {
    expect(highlight('Keresek <b>szállást</b> & munkát', ['szallas'])).toBe('Keresek &lt;b&gt;<mark>szállást</mark>&lt;/b&gt; &amp; munkát');
    expect(highlight('Треба ми подршка.', ['podrska'])).toBe('Треба ми <mark>подршка</mark>.');
  });

  it('shows a passage around the first match in a long text', () => {
    const text = `${'intro '.repeat(100)}the asunto was found ${'outro '.repeat(100)}`;
    const snippet = highlight(text, ['asunnon']);
    expect(snippet).toContain('<mark>asunto</mark>');
    expect(snippet.startsWith('… ')).toBe(true);
    expect(snippet.length).toBeLessThan(300);
  });

  it('never lets markup through, even without a match', () => {
    expect(highlight('<script>alert(1)</script>', ['zzz'])).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
