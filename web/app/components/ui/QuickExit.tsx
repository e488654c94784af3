import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { HelpNowLink } from '~/components/moderation/HelpNowLink';
import { clearOfflineCopies } from '~/components/resources/offline';

/** A page that reveals nothing about where the person was. */
export const QUICK_EXIT_URL = 'https://www.google.com/search?q=weather';
/** Two presses of Escape this close together leave the site. */
const DOUBLE_ESCAPE_MS = 1500;
const DRAFT_PREFIX = 'sorstars:';

function clearDrafts(storage: Storage) {
  for (let i = storage.length - 1; i >= 0; i--) {
    const key = storage.key(i);
    if (key?.startsWith(DRAFT_PREFIX)) storage.removeItem(key);
  }
}

/**
 * Leaves at once: drafts and the saved list kept in this browser are wiped, and so are the pages
 * kept for offline reading; the current page is replaced in the history, so pressing Back does not
 * bring it up again for someone looking over a shoulder.
 */
export function leaveQuickly() {
  clearOfflineCopies();
  try {
    clearDrafts(window.localStorage);
    clearDrafts(window.sessionStorage);
    window.sessionStorage.clear();
  } catch {
    // Storage can be blocked (private mode, settings); leaving matters more than tidying up.
  }
  window.location.replace(QUICK_EXIT_URL);
}

/**
 * The quick exit is a plain link first, so it works before JavaScript loads or without it;
 * JavaScript then makes it replace the page instead of adding to the history.
 */
export function QuickExit() {
  const { t } = useTranslation('common');

  useEffect(() => {
    let lastEscape = 0;
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== 'Escape' || event.isComposing) return;
      const now = Date.now();
      if (now - lastEscape <= DOUBLE_ESCAPE_MS) leaveQuickly();
      else lastEscape = now;
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  return (
    <div className="quick-exit">
      <HelpNowLink />
      <p className="quick-exit__hint" id="quick-exit-hint">
        {t('quickExit.hint')}
      </p>
      <a
        className="quick-exit__button"
        href={QUICK_EXIT_URL}
        rel="noreferrer"
        data-testid="quick-exit"
        aria-describedby="quick-exit-hint"
        onClick={(event) => {
          event.preventDefault();
          leaveQuickly();
        }}
      >
        {t('quickExit.label')}
      </a>
    </div>
  );
}
