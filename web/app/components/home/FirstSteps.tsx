import { Form, Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { FirstStep, HomeAnswer } from '@sorstars/shared';

/** Where each step is done, and its words (named literally so the i18n check finds them). */
const STEPS: Record<FirstStep, { title: string; hint: string; link: string; href: string }> = {
  joinSpace: { title: 'myHome.steps.joinSpace', hint: 'myHome.steps.joinSpaceHint', link: 'myHome.steps.joinSpaceLink', href: '/spaces' },
  contentNotes: {
    title: 'myHome.steps.contentNotes',
    hint: 'myHome.steps.contentNotesHint',
    link: 'myHome.steps.contentNotesLink',
    href: '/account/content-notes',
  },
  recoveryCodes: {
    title: 'myHome.steps.recoveryCodes',
    hint: 'myHome.steps.recoveryCodesHint',
    link: 'myHome.steps.recoveryCodesLink',
    href: '/account#codes-title',
  },
};

/** A new account's three first steps, each saying whether it is done; gone once all are. */
export function FirstSteps({ steps }: { steps: HomeAnswer['firstSteps'] }) {
  const { t } = useTranslation('common');
  if (steps.allDone) return null;
  return (
    <section className="panel my-home__steps" aria-labelledby="steps-title" data-testid="first-steps">
      <h2 id="steps-title">{t('myHome.steps.title')}</h2>
      <p>{t('myHome.steps.intro')}</p>
      <ol className="first-steps">
        {steps.items.map(({ step, done }) => {
          const words = STEPS[step];
          return (
            <li key={step} className={done ? 'first-step first-step--done' : 'first-step'} data-testid={`step-${step}`} data-done={done}>
              <p className="first-step__title">
                <span className={done ? 'tag tag--done' : 'tag'}>{done ? t('myHome.steps.done') : t('myHome.steps.notDone')}</span>{' '}
                <strong>{t(words.title)}</strong>
              </p>
              {done ? null : (
                <>
                  <p className="first-step__hint">{t(words.hint)}</p>
                  <p className="first-step__actions">
                    <Link to={words.href}>{t(words.link)}</Link>
                  </p>
                  {step === 'recoveryCodes' ? (
                    <Form method="post" action="/?index">
                      <input type="hidden" name="intent" value="recoveryCodesKept" />
                      <input type="hidden" name="kept" value="yes" />
                      <button type="submit" className="button button--small button--secondary">
                        {t('myHome.steps.recoveryCodesKept')}
                      </button>
                    </Form>
                  ) : null}
                </>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
