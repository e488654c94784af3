import type { SearchType } from '@sorstars/shared';

/** Each result type's tab and label key in common.json, written out so the locale check sees them. */
export const SEARCH_TYPE_LABEL: Record<SearchType, string> = {
  space: 'search.types.space',
  story: 'search.types.story',
  comment: 'search.types.comment',
  event: 'search.types.event',
  message: 'search.types.message',
  resource: 'search.types.resource',
  organization: 'search.types.organization',
};

export const searchTypeLabel = (type: string) => SEARCH_TYPE_LABEL[type as SearchType] ?? 'search.types.story';
