import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { createTipSchema, outdatedSchema, type ResourceDetails } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser, withCurrentUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { atParam, loadResource, tipListSchema, UUID } from '~/utils/resources.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { telHref } from '~/components/moderation/CrisisResources';
import { ReportLink } from '~/components/moderation/ReportLink';
import { OpenNowBadge } from '~/components/resources/OpenNowBadge';
import { VerifiedMark } from '~/components/resources/VerifiedMark';
import { FreshnessNote } from '~/components/resources/FreshnessNote';
import { FetchedAt } from '~/components/resources/FetchedAt';
import { LocationDetails } from '~/components/resources/LocationDetails';
import { SaveToListButton } from '~/components/resources/SaveToListButton';
import { CapacityNote } from '~/components/resources/CapacityNote';
import { formatDate, languageName } from '~/components/resources/format';
import { STATUS_KEYS, attributeLabel, categoryLabel } from '~/components/resources/labels';
import resourcesStyles from '~/components/resources/resources.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: resourcesStyles }];

export const handle: RouteHandle = {
  title: (t) => t('details.pageTitle', { ns: 'resources' }),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const at = atParam(new URL(request.url));
  const { user, answer: resource } = await withCurrentUser(request, (locale) => loadResource(request, locale, params.id ?? '', at));
  const locale = await resolveLocale(request, user?.locale);
  if (!resource) throw new Response(null, { status: 404 });
  const tips = await api(request, `/api/resources/${resource.id}/tips?limit=50`, { schema: tipListSchema, locale });
  return {
    resource,
    tips: tips.ok ? tips.data.items : [],
    signedIn: Boolean(user),
    locale,
    reference: at ?? new Date().toISOString(),
    fetchedAt: new Date().toISOString(),
  };
}

type ActionResult = { intent: string; done?: boolean; errors?: FormErrors; values?: Record<string, string> };

/** Three small forms: "something is wrong here", a peer tip, and staff's "details are still right". */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await translatorFor(locale);
  const id = params.id ?? '';
  if (!UUID.test(id)) throw new Response(null, { status: 404 });
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const send = async (path: string, body: unknown): Promise<ActionResult> => {
    const result = await api(request, `/api/resources/${id}/${path}`, { method: 'POST', body, locale });
    return result.ok ? { intent, done: true } : { intent, errors: problemErrors(result, t), values: body as Record<string, string> };
  };
  if (intent === 'tip') {
    const input = { body: String(form.get('body') ?? '') };
    const checked = validate(createTipSchema, input, t);
    return checked.ok ? send('tips', checked.data) : data({ intent, errors: checked.errors, values: input }, { status: 400 });
  }
  if (intent === 'outdated') {
    const input = { note: String(form.get('note') ?? '') };
    const checked = validate(outdatedSchema, input, t);
    return checked.ok ? send('outdated', checked.data) : data({ intent, errors: checked.errors, values: input }, { status: 400 });
  }
  if (intent === 'verify') return send('verify', undefined);
  throw new Response(null, { status: 400 });
}

/** How to reach a place whose address is kept confidential: its phone, else e-mail, else the organisation. */
function contactRoute(resource: ResourceDetails, t: ReturnType<typeof useTranslation>['t']): string | null {
  if (resource.phone) return t('details.contactByPhone', { phone: resource.phone });
  if (resource.email) return t('details.contactByEmail', { email: resource.email });
  return t('details.contactOrganization', { name: resource.organization.name });
}

export default function ResourcePage() {
  const { resource, tips, signedIn, locale, reference, fetchedAt } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { t, i18n } = useTranslation('resources');
  const [searchParams] = useSearchParams();
  const saved = searchParams.get('saved') === '1';
  const firstZone = resource.locations[0]?.timezone ?? 'UTC';
  const alertActive = resource.alert && Date.parse(resource.alert.until) > Date.parse(reference);
  const ages =
    resource.minimumAge !== null && resource.maximumAge !== null
      ? t('details.ages', { min: resource.minimumAge, max: resource.maximumAge })
      : resource.minimumAge !== null
        ? t('details.agesFrom', { min: resource.minimumAge })
        : resource.maximumAge !== null
          ? t('details.agesTo', { max: resource.maximumAge })
          : null;
  return (
    <article className="resource" aria-labelledby="resource-title">
      {saved ? (
        <p className="notice" role="status">
          {t('form.saved')}
        </p>
      ) : null}
      <h1 id="resource-title">{resource.name}</h1>
      <p className="resource__org">
        <Link to={`/organizations/${resource.organization.slug}`}>{resource.organization.name}</Link> <VerifiedMark verified={resource.organization.verified} />
      </p>
      {resource.language !== locale ? <p className="muted">{t('details.shownIn', { language: languageName(resource.language, i18n.language) })}</p> : null}
      <FetchedAt fetchedAt={fetchedAt} />
      {resource.status !== 'active' ? (
        <p className="notice notice--warning" role="status">
          {t(STATUS_KEYS[resource.status])}
        </p>
      ) : null}
      {alertActive && resource.alert ? (
        <div className="notice notice--warning resource__alert" role="note" data-testid="resource-alert">
          <strong>{t('details.alert')}</strong> {resource.alert.text}{' '}
          <span className="muted">{t('details.alertUntil', { date: formatDate(resource.alert.until, i18n.language, firstZone) })}</span>
        </div>
      ) : null}
      <p className="resource__now">
        {resource.status === 'active' ? <OpenNowBadge openNow={resource.openNow} zone={firstZone} reference={reference} /> : null}
      </p>
      {resource.capacity ? <CapacityNote capacity={resource.capacity} /> : null}
      <p className="resource__actions">
        <SaveToListButton id={resource.id} name={resource.name} />
        {resource.phone ? (
          <a className="button" href={telHref(resource.phone)}>
            {t('details.call', { phone: resource.phone })}
          </a>
        ) : null}
        {resource.canManage ? (
          <Link className="button button--secondary" to={`/resources/${resource.id}/edit`}>
            {t('details.edit')}
          </Link>
        ) : null}
      </p>

      <p className="pre-line">{resource.description}</p>

      <ul className="tag-list" aria-label={t('list.offers')}>
        {resource.categories.map((code) => (
          <li key={code} className="tag">
            {categoryLabel(t, code)}
          </li>
        ))}
        {resource.free ? <li className="tag tag--attribute">{t('details.free')}</li> : null}
        {resource.attributes
          .filter((code) => !(resource.free && code === 'free'))
          .map((code) => (
            <li key={code} className="tag tag--attribute">
              {attributeLabel(t, code)}
            </li>
          ))}
      </ul>

      <dl className="resource__facts">
        {resource.eligibility || ages ? (
          <>
            <dt>{t('details.eligibility')}</dt>
            <dd className="pre-line">{[resource.eligibility, ages].filter(Boolean).join('\n')}</dd>
          </>
        ) : null}
        {resource.applicationProcess ? (
          <>
            <dt>{t('details.applicationProcess')}</dt>
            <dd className="pre-line">{resource.applicationProcess}</dd>
          </>
        ) : null}
        {resource.requiredDocuments.length > 0 ? (
          <>
            <dt>{t('details.requiredDocuments')}</dt>
            <dd>{resource.requiredDocuments.join(', ')}</dd>
          </>
        ) : null}
        <dt>{t('details.fees')}</dt>
        <dd className="pre-line">{resource.free ? t('details.free') : (resource.fees ?? t('details.askFees'))}</dd>
        {resource.languages.length > 0 ? (
          <>
            <dt>{t('details.languages')}</dt>
            <dd>{resource.languages.map((code) => languageName(code, i18n.language)).join(', ')}</dd>
          </>
        ) : null}
        {resource.email || resource.url ? (
          <>
            <dt>{t('details.contact')}</dt>
            <dd>
              {resource.email ? <a href={`mailto:${resource.email}`}>{resource.email}</a> : null}
              {resource.email && resource.url ? <br /> : null}
              {resource.url ? (
                <a href={resource.url} rel="noreferrer noopener" target="_blank">
                  {t('details.website')}
                </a>
              ) : null}
            </dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="where-title">
        <h2 id="where-title">{t('details.where')}</h2>
        {resource.locations.map((location) => (
          <LocationDetails key={location.id} location={location} reference={reference} contactRoute={location.confidential ? contactRoute(resource, t) : null} />
        ))}
      </section>

      <FreshnessNote lastVerifiedAt={resource.lastVerifiedAt} stale={resource.stale} />
      {resource.canManage ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="verify" />
          <button type="submit" className="button button--secondary">
            {t('details.verifyNow')}
          </button>
          {actionData?.intent === 'verify' && actionData.done ? <span role="status">{t('details.verifiedNotice')}</span> : null}
        </Form>
      ) : null}

      <Tips tips={tips} signedIn={signedIn} actionData={actionData} />
      <Outdated signedIn={signedIn} actionData={actionData} />
      <p>
        <ReportLink targetType="resource" targetId={resource.id} />
      </p>
    </article>
  );
}

function LoginToAct({ label }: { label: string }) {
  const location = useLocation();
  return (
    <p>
      <Link to={`/login?${new URLSearchParams({ redirectTo: location.pathname + location.search })}`}>{label}</Link>
    </p>
  );
}

function Tips({ tips, signedIn, actionData }: { tips: ReturnType<typeof useLoaderData<typeof loader>>['tips']; signedIn: boolean; actionData?: ActionResult }) {
  const { t, i18n } = useTranslation('resources');
  const mine = actionData?.intent === 'tip' ? actionData : undefined;
  return (
    <section aria-labelledby="tips-title" className="tips">
      <h2 id="tips-title">{t('tips.title')}</h2>
      <p className="muted">{t('tips.lead')}</p>
      {tips.length === 0 ? (
        <p>{t('tips.empty')}</p>
      ) : (
        <ul className="tips__list" data-testid="tips">
          {tips.map((tip) => (
            <li key={tip.id}>
              <p className="pre-line">{tip.body}</p>
              <p className="muted">
                {t('tips.by', { name: tip.author ? (tip.author.displayName ?? tip.author.username) : t('tips.formerMember'), date: formatDate(tip.createdAt, i18n.language, 'UTC') })}{' '}
                <ReportLink targetType="tip" targetId={tip.id} />
              </p>
            </li>
          ))}
        </ul>
      )}
      {signedIn ? (
        <Form method="post" className="stack-form">
          <input type="hidden" name="intent" value="tip" />
          <ErrorSummary formError={mine?.errors?.formError} fieldErrors={mine?.errors?.fieldErrors} fieldId={() => 'tip-body'} />
          {mine?.done ? <p role="status" className="notice">{t('tips.added')}</p> : null}
          <TextAreaField name="body" id="tip-body" label={t('tips.body')} hint={t('tips.hint')} rows={3} maxLength={1000} error={mine?.errors?.fieldErrors.body} key={mine?.done ? 'sent' : 'draft'} defaultValue={mine?.done ? '' : mine?.values?.body} />
          <button type="submit" className="button">
            {t('tips.submit')}
          </button>
        </Form>
      ) : (
        <LoginToAct label={t('tips.signIn')} />
      )}
    </section>
  );
}

function Outdated({ signedIn, actionData }: { signedIn: boolean; actionData?: ActionResult }) {
  const { t } = useTranslation('resources');
  const mine = actionData?.intent === 'outdated' ? actionData : undefined;
  return (
    <section aria-labelledby="outdated-title" className="outdated">
      <h2 id="outdated-title">{t('outdated.title')}</h2>
      <p className="muted">{t('outdated.lead')}</p>
      {mine?.done ? (
        <p role="status" className="notice">
          {t('outdated.sent')}
        </p>
      ) : signedIn ? (
        <Form method="post" className="stack-form">
          <input type="hidden" name="intent" value="outdated" />
          <ErrorSummary formError={mine?.errors?.formError} fieldErrors={mine?.errors?.fieldErrors} fieldId={() => 'outdated-note'} />
          <TextAreaField name="note" id="outdated-note" label={t('outdated.note')} rows={3} maxLength={1000} error={mine?.errors?.fieldErrors.note} defaultValue={mine?.values?.note} />
          <button type="submit" className="button button--secondary">
            {t('outdated.submit')}
          </button>
        </Form>
      ) : (
        <LoginToAct label={t('outdated.signIn')} />
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
