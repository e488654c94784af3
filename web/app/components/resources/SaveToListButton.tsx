import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MY_LIST_KEY, addToMyList, readMyList, removeFromMyList } from './my-list';

/** The ids on my list, kept in step with other tabs and buttons; null until the browser has answered. */
export function useMyList(): string[] | null {
  const [ids, setIds] = useState<string[] | null>(null);
  useEffect(() => {
    const refresh = () => setIds(readMyList());
    refresh();
    window.addEventListener(MY_LIST_KEY, refresh);
    window.addEventListener('storage', refresh);
    return () => {
      window.removeEventListener(MY_LIST_KEY, refresh);
      window.removeEventListener('storage', refresh);
    };
  }, []);
  return ids;
}

/**
 * Saves a resource in this browser. The list lives in localStorage, so the button exists only once
 * JavaScript runs; without it the page says how to keep the details (print or share the list).
 */
export function SaveToListButton({ id, name }: { id: string; name: string }) {
  const { t } = useTranslation('resources');
  const ids = useMyList();
  if (ids === null) return null;
  const saved = ids.includes(id);
  return (
    <button
      type="button"
      className={saved ? 'button button--secondary save-button' : 'button save-button'}
      aria-pressed={saved}
      data-testid="save-to-list"
      onClick={() => (saved ? removeFromMyList(id) : addToMyList(id))}
    >
      {saved ? t('myList.saved') : t('myList.save')}
      <span className="visually-hidden"> {name}</span>
    </button>
  );
}
