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

/**
 * The pages' parts that are remembered, each with a memory (and a size) of its own: a directory a
 * visitor can ask about any time, say, must not push a busy space's messages out.
 */
export type RememberedPart = 'messages' | 'agendaDays' | 'resourceCards' | 'homeSections';

const RememberedHtmlContext = createContext<Partial<Record<RememberedPart, RememberedHtml>> | null>(null);
export const RememberedHtmlProvider = RememberedHtmlContext.Provider;

/** The server's remembered HTML of `part` while it renders a page; null in the browser (and when it is off). */
export const useRememberedHtml = (part: RememberedPart) => useContext(RememberedHtmlContext)?.[part] ?? null;
