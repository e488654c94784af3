import type { TFunction } from 'i18next';

/** What a route tells the layout: its page title, translated when the page renders. */
export interface RouteHandle {
  title?: (t: TFunction) => string;
}
