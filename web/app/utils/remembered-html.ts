import { createContext, useContext, type ReactElement } from 'react';

/** A piece of a page, and the key that names everything its HTML depends on. */
export interface KeyedElement {
  key: string;
  element: ReactElement;
}

/**
 * HTML the server has rendered before, by key (remembered-html.server.ts). `html` answers the
 * pieces' HTML in order, rendering only those it has not seen, or null when it cannot (the caller
 * then renders them in the page as usual).
 */
export interface RememberedHtml {
  html(pieces: KeyedElement[]): string | null;
}

const RememberedHtmlContext = createContext<RememberedHtml | null>(null);
export const RememberedHtmlProvider = RememberedHtmlContext.Provider;

/** The server's remembered HTML while it renders a page; null in the browser (and when it is off). */
export const useRememberedHtml = () => useContext(RememberedHtmlContext);
