import { Link } from '@remix-run/react';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { InPageForm } from '~/components/ui/InPageNavigation';
import { searchTypeLabel } from './labels';
import { SUGGEST_MIN_CHARS, type Suggestion } from './suggestions';

const DEBOUNCE_MS = 250;

/**
 * The search box in every page's header: a GET form to /search, so it works before JavaScript;
 * with JavaScript, after three characters it lists a few matches below the box (announced
 * politely) as links, debounced so typing does not send a request per key.
 *
 * The matches come by plain `fetch`, not a Remix fetcher: a fetcher's request that fails takes
 * the page to an error page, and the first time it must also load the search route's code, which
 * with no network became a reload into "this site can't be reached". Suggestions are a help; the
 * form still searches.
 */
export function HeaderSearch() {
  const { t } = useTranslation('common');
  const id = useId();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Suggestion[]>([]);

  useEffect(() => {
    const text = query.trim();
    if (text.length < SUGGEST_MIN_CHARS) return;
    // A newer query cancels the one before, so an older answer never replaces a newer one.
    const cancel = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const response = await fetch(`/search/suggest?${new URLSearchParams({ q: text })}`, { headers: { Accept: 'application/json' }, signal: cancel.signal });
        if (response.ok) setFound(((await response.json()) as { suggestions: Suggestion[] }).suggestions);
      } catch {
        // No network, cancelled, or an answer cut off: keep what is shown.
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      cancel.abort();
    };
  }, [query]);

  const suggestions = query.trim().length >= SUGGEST_MIN_CHARS ? found : [];
  return (
    <div className="site-search">
      <InPageForm method="get" action="/search" role="search" className="site-search__form">
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
      </InPageForm>
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
