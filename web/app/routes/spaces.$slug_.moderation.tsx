import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { moderationSettingsAnswerSchema, spaceModerationSettingsSchema, watchedWordListSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, validate } from '~/utils/forms.server';
import { canManage, isHost, loadSpace } from '~/utils/spaces.server';
import { wordsAction } from '~/utils/moderation.server';
import type { RouteHandle } from '~/utils/route-handle';
import { WatchedWords, type WordsActionData } from '~/components/moderation/WatchedWords';
import { TextField } from '~/components/ui/TextField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import moderationStyles from '~/components/moderation/moderation.css?url';

export const links = () => [{ rel: 'stylesheet', href: moderationStyles }];

export const handle: RouteHandle = {
  title: (t) => t('settings.pageTitle', { ns: 'moderation' }),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const space = await loadSpace(request, params.slug ?? '', user.locale);
  if (!canManage(space)) throw new Response(null, { status: 403 });
  const [settings, words] = await Promise.all([
    isHost(space) ? api(request, `/api/spaces/${space.id}/moderation-settings`, { schema: moderationSettingsAnswerSchema, locale: user.locale }) : Promise.resolve(null),
    api(request, `/api/moderation/watched-words?spaceId=${space.id}`, { schema: watchedWordListSchema, locale: user.locale }),
  ]);
  return {
    space: { id: space.id, name: space.name, slug: space.slug, host: isHost(space) },
    settings: settings?.ok ? settings.data : null,
    words: words.ok ? words.data.items : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = user.locale;
  const space = await loadSpace(request, params.slug ?? '', locale);
  const formData = await request.formData();
  if (formData.get('intent') !== 'settings') return wordsAction(request, formData, locale, space.id);

  const t = await translatorFor(locale);
  const values = {
    slowModeSeconds: String(formData.get('slowModeSeconds') ?? '0'),
    autoHideThreshold: String(formData.get('autoHideThreshold') ?? '3'),
  };
  const input = {
    slowModeSeconds: Number(values.slowModeSeconds || 0),
    autoHideThreshold: Number(values.autoHideThreshold || 0),
    approveFirstMessages: formData.get('approveFirstMessages') === 'true',
    showModeratorNames: formData.get('showModeratorNames') === 'true',
  };
  const checked = validate(spaceModerationSettingsSchema, input, t);
  if (!checked.ok) return data<WordsActionData>({ intent: 'settings', errors: checked.errors, values }, { status: 400 });
  const result = await api(request, `/api/spaces/${space.id}/moderation-settings`, { method: 'PUT', body: checked.data, locale });
  if (!result.ok) return data<WordsActionData>({ intent: 'settings', errors: problemErrors(result, t), values }, { status: result.status });
  return data<WordsActionData>({ intent: 'settings', saved: true });
}

export default function SpaceModerationPage() {
  const { t } = useTranslation('moderation');
  const { space, settings, words } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as WordsActionData | undefined;
  const busy = useNavigation().state === 'submitting';
  const result = actionData?.intent === 'settings' ? actionData : undefined;
  const errors = result?.errors?.fieldErrors ?? {};
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to={`/spaces/${space.slug}`}>{t('back.toSpace', { name: space.name })}</Link>
      </p>
      <h1>{t('settings.title', { name: space.name })}</h1>
      <p>
        <Link to={`/spaces/${space.slug}/moderation-log`}>{t('log.link')}</Link> · <Link to={`/moderation?spaceId=${space.id}`}>{t('queue.link')}</Link>
      </p>

      <section className="panel" aria-labelledby="settings-title">
        <h2 id="settings-title">{t('settings.sectionTitle')}</h2>
        {!space.host ? (
          <p>{t('settings.hostsOnly')}</p>
        ) : settings === null ? (
          <p className="notice">{t('settings.couldNotLoad')}</p>
        ) : (
          <>
            {result?.saved ? (
              <p className="notice" role="status">
                {t('settings.saved')}
              </p>
            ) : null}
            <ErrorSummary formError={result?.errors?.formError} fieldErrors={errors} />
            <Form method="post" noValidate className="form">
              <input type="hidden" name="intent" value="settings" />
              <TextField
                name="slowModeSeconds"
                type="number"
                inputMode="numeric"
                min={0}
                max={3600}
                label={t('settings.slowMode')}
                hint={t('settings.slowModeHint')}
                error={errors.slowModeSeconds}
                defaultValue={result?.values?.slowModeSeconds ?? String(settings.slowModeSeconds)}
              />
              <TextField
                name="autoHideThreshold"
                type="number"
                inputMode="numeric"
                min={1}
                max={50}
                label={t('settings.autoHide')}
                hint={t('settings.autoHideHint')}
                error={errors.autoHideThreshold}
                defaultValue={result?.values?.autoHideThreshold ?? String(settings.autoHideThreshold)}
              />
              <div className="field field--checkbox">
                <input type="checkbox" id="approveFirstMessages" name="approveFirstMessages" value="true" defaultChecked={settings.approveFirstMessages} aria-describedby="approveFirstMessages-hint" />
                <label htmlFor="approveFirstMessages">{t('settings.approveFirst')}</label>
                <p className="field__hint" id="approveFirstMessages-hint">
                  {t('settings.approveFirstHint')}
                </p>
              </div>
              <div className="field field--checkbox">
                <input type="checkbox" id="showModeratorNames" name="showModeratorNames" value="true" defaultChecked={settings.showModeratorNames} aria-describedby="showModeratorNames-hint" />
                <label htmlFor="showModeratorNames">{t('settings.showNames')}</label>
                <p className="field__hint" id="showModeratorNames-hint">
                  {t('settings.showNamesHint')}
                </p>
              </div>
              <button type="submit" className="button" disabled={busy}>
                {t('settings.submit')}
              </button>
            </Form>
          </>
        )}
      </section>

      <WatchedWords words={words} actionData={actionData?.intent === 'settings' ? undefined : actionData} intro={t('words.introSpace')} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
