/** A header-search suggestion: what a link to one hit needs. Made by /search/suggest, shown by HeaderSearch. */
export interface Suggestion {
  type: string;
  id: string;
  title: string;
  url: string;
}

/** Suggestions start at this many characters, in the box and on the server alike. */
export const SUGGEST_MIN_CHARS = 3;
