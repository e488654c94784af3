import { skeleton } from './skeleton.js';

describe('skeleton (UTS #39)', () => {
  it.each([
    ['Cyrillic а for Latin a', '\u0430dmin'],
    ['dotless ı for i', 'adm\u0131n'],
    ['a combining grapheme joiner inside', 'admin\u034f'],
    ['a zero-width space inside', 'ad\u200bmin'],
  ])('%s looks like "admin"', (_, lookalike) => {
    expect(skeleton(lookalike)).toBe(skeleton('admin'));
  });

  it('keeps different names apart', () => {
    expect(skeleton('kata')).not.toBe(skeleton('kati'));
    expect(skeleton('Ката')).not.toBe(skeleton('kata'));
  });

  it('maps "rn" and "m" together, as they look alike', () => {
    expect(skeleton('rnads')).toBe(skeleton('mads'));
  });
});
