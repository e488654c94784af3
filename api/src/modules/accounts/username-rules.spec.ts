import { registerSchema, usernameProblem } from '@sorstars/shared';
import { nameSkeleton } from '../../core/unicode/skeleton.js';

/** The rule every new username passes: shared schema first, then the look-alike key the API stores. */
describe('username rule', () => {
  it.each([
    ['admin + U+034F (renders exactly as "admin")', 'admin\u034f'],
    ['a zero-width joiner', 'ad\u200dmin'],
    ['Hangul fillers only (an invisible name)', '\u3164\u3164\u3164'],
    ['Hangul choseong and jungseong fillers', '\u115f\u1160\u115f'],
    ['combining marks only', '\u0301\u0302\u0303'],
    ['a combining mark first', '\u0301kata'],
    ['a soft hyphen', 'ka\u00adta'],
  ])('refuses %s as invisible', (_, name) => {
    expect(usernameProblem(name.normalize('NFC'))).toBe('validation.usernameInvisible');
  });

  it.each([
    ['Latin with one Cyrillic а', '\u0430dmin'],
    ['Latin with one Greek ο', 'rοbert'],
    ['Cyrillic with Latin', 'Катаa'],
    ['Cyrillic with Greek', 'Катаα'],
    ['Latin with Armenian', 'adminօ'],
  ])('refuses %s as mixed scripts', (_, name) => {
    expect(usernameProblem(name)).toBe('validation.usernameMixedScripts');
  });

  it.each([
    ['plain Latin', 'kata_2026'],
    ['Latin with accents (Hungarian)', 'Gergő.Árvíztűrő'],
    ['Latin with accents (Slovenian, Danish, Finnish)', 'Žiga-Søren-Äiti'],
    ['Cyrillic only (Serbian)', 'Ката'],
    ['Cyrillic with digits and separators', 'милица_99'],
    ['Greek only', 'Αθηνά'],
    ['Arabic only', 'مريم'],
    ['Japanese: Han, Hiragana and Katakana with the prolonged sound mark', '山田はなコーヒー'],
    ['Korean with Latin', '민수kim'],
    ['decomposed accents (NFC applied by the schema)', 'Gerg\u006f\u030b'],
  ])('accepts %s', (_, name) => {
    expect(usernameProblem(name.normalize('NFC'))).toBeNull();
    expect(registerSchema.shape.username.safeParse(name).success).toBe(true);
  });

  it('the shared schema names the rule a name broke', () => {
    const result = registerSchema.shape.username.safeParse('\u0430dmin');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toContain('validation.usernameMixedScripts');
  });

  it.each([
    ['dotless ı', 'adm\u0131n'],
    ['"rn" for "m"', 'adrnin'],
    ['full-width letters', 'ａｄｍｉｎ'],
  ])('%s gives the skeleton of "admin", so it is taken when "admin" is', (_, name) => {
    expect(nameSkeleton(name)).toBe(nameSkeleton('admin'));
  });

  it('Cyrillic capitals that look Latin are caught before case is folded: "МАМА" looks like "mama" written in capitals', () => {
    expect(nameSkeleton('\u041c\u0410\u041c\u0410')).toBe(nameSkeleton('mama'));
  });

  it('keeps Cyrillic-only "Ката" apart from Latin "Kata" (lower-case т does not look like t)', () => {
    expect(nameSkeleton('\u041a\u0430\u0442\u0430')).not.toBe(nameSkeleton('Kata'));
  });
});
