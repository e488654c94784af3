import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { HelpNowLink } from '~/components/moderation/HelpNowLink';
import { leaveQuickly, QUICK_EXIT_PATH } from '~/utils/quick-exit';

/** Two presses of Escape this close together leave the site. */
const DOUBLE_ESCAPE_MS = 1500;

/**
 * The quick exit is a plain link first, so it works before JavaScript loads or without it (its
 * route signs out, then sends the browser on); JavaScript then leaves without waiting for the server
 * and replaces the page instead of adding to the history.
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
        href={QUICK_EXIT_PATH}
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
