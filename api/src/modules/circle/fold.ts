/** Case- and accent-insensitive form used to compare words: "Žiga", "ZIGA" and "ziga" are the same. */
export const fold = (s: string): string =>
  s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/đ/g, 'd').replace(/ø/g, 'o').replace(/æ/g, 'ae').replace(/ß/g, 'ss');
