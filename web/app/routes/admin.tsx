import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { LOCALE_NAMES, SUPPORTED_LOCALES, adminBannerListSchema, adminCrisisResourceListSchema, bannerSchema, watchedWordListSchema } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { UUID, requireAdmin, wordsAction } from '~/utils/moderation.server';
import { organizationListSchema } from '~/utils/resources.server';
import type { RouteHandle } from '~/utils/route-handle';
import { countryLabel } from '~/components/moderation/labels';
import { WatchedWords, type WordsActionData } from '~/components/moderation/WatchedWords';
import { formatMoment } from '~/components/moderation/LocalDate';
import { instantFromLocalInput, localInputValue } from '~/components/moderation/banner-time';
import { readerZone } from '~/utils/events.server';
import { defaultZone, isValidZone } from '~/components/events/time';
import { zoneTimeName } from '~/components/events/labels';
import { TimeZoneCookie } from '~/components/events/TimeZoneCookie';
import { TextField } from '~/components/ui/TextField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import moderationStyles from '~/components/moderation/moderation.css?url';

export const links = () => [{ rel: 'stylesheet', href: moderationStyles }];

export const handle: RouteHandle = {
  title: (t) => t('admin.pageTitle', { ns: 'moderation' }),
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAdmin(request);
  const locale = user.locale;
  const [resources, banners, words, waiting] = await Promise.all([
    api(request, '/api/admin/crisis-resources', { schema: adminCrisisResourceListSchema, locale }),
    api(request, '/api/admin/banners', { schema: adminBannerListSchema, locale }),
    api(request, '/api/moderation/watched-words', { schema: watchedWordListSchema, locale }),
    api(request, '/api/organizations?verified=false&limit=100', { schema: organizationListSchema, locale }),
  ]);
  return {
    resources: resources.ok ? resources.data.items : null,
    banners: banners.ok ? banners.data.items : null,
    words: words.ok ? words.data.items : null,
    waiting: waiting.ok ? waiting.data.items.map((o) => ({ slug: o.slug, name: o.name })) : null,
    now: new Date().toISOString(),
    zone: readerZone(request) ?? defaultZone(locale, null),
  };
}

interface AdminActionData {
  intent: string;
  errors?: FormErrors;
  values?: Record<string, string>;
  saved?: boolean;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireAdmin(request);
  const locale = user.locale;
  const t = await translatorFor(locale);
  const formData = await request.formData();
  const intent = String(formData.get('intent') ?? '');
  if (intent === 'addWord' || intent === 'deleteWord') return wordsAction(request, formData, locale, null);

  const fail = (errors: FormErrors, status: number, values?: Record<string, string>) => data<AdminActionData>({ intent, errors, values }, { status });
  if (intent === 'deleteResource' || intent === 'deleteBanner') {
    const id = String(formData.get('id') ?? '');
    if (!UUID.test(id)) return fail({ formError: t('validation.uuid', { ns: 'errors' }), fieldErrors: {} }, 400);
    const path = intent === 'deleteResource' ? `/api/admin/crisis-resources/${id}` : `/api/admin/banners/${id}`;
    const result = await api(request, path, { method: 'DELETE', locale });
    if (!result.ok) return fail(problemErrors(result, t), result.status);
    return data<AdminActionData>({ intent, saved: true });
  }
  if (intent === 'createBanner') {
    const values: Record<string, string> = {};
    const message: Record<string, string> = {};
    for (const code of SUPPORTED_LOCALES) {
      const text = String(formData.get(`message_${code}`) ?? '').trim();
      values[`message_${code}`] = text;
      if (text) message[code] = text;
    }
    for (const name of ['url', 'startsAt', 'endsAt']) values[name] = String(formData.get(name) ?? '').trim();
    // The zone the form showed its times in (see banner-time.ts).
    const shown = String(formData.get('zone') ?? '');
    const zone = isValidZone(shown) ? shown : (readerZone(request) ?? defaultZone(locale, null));
    const checked = validate(
      bannerSchema,
      { message, url: values.url || null, startsAt: instantFromLocalInput(values.startsAt, zone), endsAt: instantFromLocalInput(values.endsAt, zone) },
      t,
    );
    if (!checked.ok) {
      const { message: messageError, ...rest } = checked.errors.fieldErrors;
      return fail({ formError: checked.errors.formError, fieldErrors: messageError ? { ...rest, message_en: messageError } : rest }, 400, values);
    }
    const result = await api(request, '/api/admin/banners', { method: 'POST', body: checked.data, locale });
    if (!result.ok) return fail(problemErrors(result, t), result.status, values);
    return data<AdminActionData>({ intent, saved: true });
  }
  return fail({ formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} }, 400);
}

export default function AdminPage() {
  const { t, i18n } = useTranslation('moderation');
  const { resources, banners, words, waiting, now, zone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as AdminActionData | undefined;
  const busy = useNavigation().state === 'submitting';
  const bannerResult = actionData?.intent === 'createBanner' || actionData?.intent === 'deleteBanner' ? actionData : undefined;
  const bannerErrors = bannerResult?.errors?.fieldErrors ?? {};
  const wordsResult = actionData?.intent === 'addWord' || actionData?.intent === 'deleteWord' ? (actionData as WordsActionData) : undefined;
  return (
    <div className="admin-page">
      <h1>{t('admin.title')}</h1>
      <TimeZoneCookie />
      <p className="lead">{t('admin.intro')}</p>
      <nav aria-label={t('admin.sectionsLabel')} className="section-links">
        <ul>
          <li>
            <a href="#organizations-title">{t('admin.organizationsTitle')}</a>
          </li>
          <li>
            <a href="#resources-title">{t('admin.resourcesTitle')}</a>
          </li>
          <li>
            <a href="#banners-title">{t('admin.bannersTitle')}</a>
          </li>
          <li>
            <a href="#words-title">{t('words.title')}</a>
          </li>
          <li>
            <Link to="/admin/people">{t('people.link')}</Link>
          </li>
          <li>
            <Link to="/moderation">{t('queue.link')}</Link>
          </li>
        </ul>
      </nav>

      <section className="panel" aria-labelledby="organizations-title" data-testid="organizations-waiting">
        <h2 id="organizations-title">{t('admin.organizationsTitle')}</h2>
        <p>{t('admin.organizationsIntro')}</p>
        {waiting === null ? (
          <p className="notice">{t('admin.couldNotLoad')}</p>
        ) : waiting.length === 0 ? (
          <p className="empty">{t('admin.organizationsNone')}</p>
        ) : (
          <ul>
            {waiting.map((o) => (
              <li key={o.slug}>
                <Link to={`/organizations/${o.slug}`}>{o.name}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="resources-title">
        <h2 id="resources-title">{t('admin.resourcesTitle')}</h2>
        <p>{t('admin.resourcesIntro')}</p>
        {actionData?.intent === 'deleteResource' && actionData.saved ? (
          <p className="notice" role="status">
            {t('admin.deleted')}
          </p>
        ) : null}
        {actionData?.intent === 'deleteResource' ? <ErrorSummary formError={actionData.errors?.formError} /> : null}
        <p>
          <Link to="/admin/resources/new" className="button">
            {t('admin.addResource')}
          </Link>
        </p>
        {resources === null ? (
          <p className="notice">{t('admin.couldNotLoad')}</p>
        ) : resources.length === 0 ? (
          <p className="empty">{t('admin.noResources')}</p>
        ) : (
          <ul className="plain-list" data-testid="admin-resources">
            {resources.map((resource) => (
              <li key={resource.id} className="plain-list__item word-item">
                <div>
                  <p className="plain-list__name" id={`resource-${resource.id}`}>
                    {resource.name}
                  </p>
                  <p className="muted">
                    {countryLabel(t, resource.country)}
                    {resource.municipality ? ` · ${resource.municipality}` : ''}
                    {resource.phone ? ` · ${resource.phone}` : ''}
                  </p>
                </div>
                <div className="button-row">
                  <Link to={`/admin/resources/${resource.id}`} className="button button--secondary button--small" aria-describedby={`resource-${resource.id}`}>
                    {t('admin.edit')}
                  </Link>
                  <Form method="post">
                    <input type="hidden" name="intent" value="deleteResource" />
                    <input type="hidden" name="id" value={resource.id} />
                    <button type="submit" className="button button--danger button--small" aria-describedby={`resource-${resource.id}`}>
                      {t('admin.delete')}
                    </button>
                  </Form>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="banners-title">
        <h2 id="banners-title">{t('admin.bannersTitle')}</h2>
        <p>{t('admin.bannersIntro')}</p>
        {bannerResult?.saved ? (
          <p className="notice" role="status">
            {bannerResult.intent === 'deleteBanner' ? t('admin.deleted') : t('admin.bannerCreated')}
          </p>
        ) : null}
        {banners === null ? (
          <p className="notice">{t('admin.couldNotLoad')}</p>
        ) : banners.length === 0 ? (
          <p className="empty">{t('admin.noBanners')}</p>
        ) : (
          <ul className="plain-list">
            {banners.map((banner) => {
              const state = banner.startsAt > now ? t('admin.scheduled') : banner.endsAt <= now ? t('admin.ended') : t('admin.active');
              return (
                <li key={banner.id} className="plain-list__item word-item">
                  <div>
                    <p className="plain-list__name" id={`banner-${banner.id}`}>
                      {banner.message[i18n.language] ?? banner.message.en}
                    </p>
                    <p className="muted">
                      {state} · <time dateTime={banner.startsAt}>{formatMoment(banner.startsAt, i18n.language, zone)}</time> –{' '}
                      <time dateTime={banner.endsAt}>{formatMoment(banner.endsAt, i18n.language, zone)}</time> ({zoneTimeName(t, zone)})
                    </p>
                  </div>
                  <Form method="post">
                    <input type="hidden" name="intent" value="deleteBanner" />
                    <input type="hidden" name="id" value={banner.id} />
                    <button type="submit" className="button button--danger button--small" aria-describedby={`banner-${banner.id}`}>
                      {t('admin.delete')}
                    </button>
                  </Form>
                </li>
              );
            })}
          </ul>
        )}
        <h3>{t('admin.newBanner')}</h3>
        <ErrorSummary formError={bannerResult?.errors?.formError} fieldErrors={bannerErrors} />
        <Form method="post" noValidate className="form">
          <input type="hidden" name="intent" value="createBanner" />
          <input type="hidden" name="zone" value={zone} />
          {SUPPORTED_LOCALES.map((code) => (
            <TextAreaField
              key={code}
              name={`message_${code}`}
              label={t('admin.messageIn', { language: LOCALE_NAMES[code] })}
              hint={code === 'en' ? t('admin.messageEnHint') : undefined}
              error={bannerErrors[`message_${code}`]}
              defaultValue={bannerResult?.values?.[`message_${code}`]}
              rows={2}
              maxLength={2000}
              lang={code}
            />
          ))}
          <TextField name="url" type="url" label={t('admin.bannerUrl')} error={bannerErrors.url} defaultValue={bannerResult?.values?.url} />
          <TextField
            name="startsAt"
            type="datetime-local"
            label={t('admin.startsAt')}
            hint={t('admin.zoneHint', { zone: zoneTimeName(t, zone), now: formatMoment(now, i18n.language, zone) })}
            error={bannerErrors.startsAt}
            defaultValue={bannerResult?.values?.startsAt ?? localInputValue(now, zone)}
            required
          />
          <TextField name="endsAt" type="datetime-local" label={t('admin.endsAt')} error={bannerErrors.endsAt} defaultValue={bannerResult?.values?.endsAt} required />
          <button type="submit" className="button" disabled={busy}>
            {t('admin.createBanner')}
          </button>
        </Form>
      </section>

      <WatchedWords words={words} actionData={wordsResult} intro={t('words.introPlatform')} />

      <section className="panel" aria-labelledby="people-title">
        <h2 id="people-title">{t('people.title')}</h2>
        <p>{t('people.sectionBody')}</p>
        <p>
          <Link to="/admin/people" className="button">
            {t('people.link')}
          </Link>
        </p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
