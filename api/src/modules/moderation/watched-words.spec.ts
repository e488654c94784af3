import { foldForMatching, screen } from './watched-words.js';

const words = [
  { word: 'idiot', action: 'block' as const },
  { word: 'hülye', action: 'approve' as const },
  { word: 'glupan', action: 'flag' as const },
  { word: 'idiootti', action: 'block' as const },
  { word: 'kælling', action: 'approve' as const },
  { word: 'butec', action: 'flag' as const },
];

describe('watched words', () => {
  it.each([
    ['en', 'you are an idiot', 'block'],
    ['hu', 'Te hülye vagy', 'approve'],
    ['sr', 'Ti si glupan', 'flag'],
    ['fi', 'olet idiootti', 'block'],
    ['da', 'din kælling', 'approve'],
    ['sl', 'ti si butec', 'flag'],
  ])('finds the %s word in plain text', (_, text, action) => {
    expect(screen(text, words)?.action).toBe(action);
  });

  it.each([
    ['case', 'IDIOT!'],
    ['diacritics added', 'ïdïöt'],
    ['zero-width characters', 'id\u200Bi\u200Dot'],
    ['Cyrillic look-alikes', 'іdіоt'],
    ['digits as letters', '1d10t'],
    ['letters spread out', 'i.d.i.o.t'],
    ['soft hyphen', 'idi\u00ADot'],
  ])('survives %s', (_, text) => {
    expect(screen(text, words)?.word).toBe('idiot');
  });

  it('matches diacritics either way: hulye finds hülye', () => {
    expect(screen('te hulye', words)?.word).toBe('hülye');
  });

  it('matches whole words only', () => {
    expect(screen('idiotic ideas and idiots', [{ word: 'idiot', action: 'block' }])).toBeNull();
    expect(screen('a glass of water', [{ word: 'ass', action: 'block' }])).toBeNull();
  });

  it('answers the strictest action when several match', () => {
    expect(screen('glupan idiot', words)?.action).toBe('block');
  });

  it('folds text', () => {
    expect(foldForMatching('Ŝörstárs')).toBe('sorstars');
  });
});
