import { Form, Link, useFetcher } from '@remix-run/react';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { searchTypeLabel } from './labels';

interface Suggestion {
  type: string;
  id: string;
  title: string;
  url: string;
}

const MIN_CHARS = 3;
const DEBOUNCE_MS = 250;

/**
 * The search box in every page's header: a GET form to /search, so it works before JavaScript;
 * with JavaScript, after three characters it lists a few matches below the box (announced
 * politely) as links, debounced so typing does not send a request per key.
 */
export function HeaderSearch() {
  const { t } = useTranslation('common');
  const id = useId();
  const fetcher = useFetcher<{ suggestions?: Suggestion[] }>();
  const [query, setQuery] = useState('');
  const timer = useRef<ReturnType<typeof setTimeout>>();

  useEffect(() => {
    clearTimeout(timer.current);
    if (query.trim().length < MIN_CHARS) return;
    timer.current = setTimeout(() => fetcher.load(`/search?suggest=1&q=${encodeURIComponent(query.trim())}`), DEBOUNCE_MS);
    return () => clearTimeout(timer.current);
    // Runs on the typed text only: depending on the fetcher too would reload on every answer.
  }, [query]);

  const suggestions = query.trim().length >= MIN_CHARS ? (fetcher.data?.suggestions ?? []) : [];
  return (
    <div className="site-search">
      <Form method="get" action="/search" role="search" className="site-search__form">
        <label htmlFor={`${id}-q`} className="visually-hidden">
          {t('search.label')}
        </label>
        <input
          id={`${id}-q`}
          type="search"
          name="q"
          maxLength={500}
          autoComplete="off"
          aria-describedby={`${id}-suggestions`}
          onChange={(e) => setQuery(e.currentTarget.value)}
          data-testid="header-search"
        />
        <button type="submit">{t('search.button')}</button>
      </Form>
      <div id={`${id}-suggestions`} aria-live="polite" className="site-search__suggestions">
        {suggestions.length > 0 ? (
          <ul aria-label={t('search.suggestions')} data-testid="search-suggestions">
            {suggestions.map((s) => (
              <li key={`${s.type}:${s.id}`}>
                <Link to={s.url}>
                  {s.title || t(searchTypeLabel(s.type))} <span className="search-hit__type">({t(searchTypeLabel(s.type))})</span>
                </Link>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
