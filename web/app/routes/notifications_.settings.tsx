import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { NOTIFICATION_CATEGORIES, notificationPreferencesInput, type NotificationCategory } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { readerZone } from '~/utils/events.server';
import { preferencesFromForm, preferencesSchema } from '~/utils/notification-preferences.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { SelectField } from '~/components/ui/SelectField';
import { TextField } from '~/components/ui/TextField';
import { EVENT_ZONES } from '~/components/events/time';
import { DeviceList, TurnOnPush, type Device } from '~/components/notifications/PushDevices';
import { EmailAddress } from '~/components/notifications/EmailAddress';
import { z } from 'zod';
import { quietWhenUnreachable, skipRevalidationWhenUnreachable } from '~/utils/unreachable';

const devicesSchema = z.object({ items: z.array(z.object({ id: z.string(), name: z.string().nullable(), createdAt: z.string(), lastUsedAt: z.string().nullable() })) });
const keySchema = z.object({ publicKey: z.string() });
const emailSchema = z.object({ address: z.string().nullable(), verified: z.boolean(), failing: z.boolean(), verificationSentAt: z.string().nullable() });
type ActionData = { errors?: FormErrors; done?: boolean; deviceAdded?: boolean; deviceRemoved?: boolean; emailSent?: boolean; emailRemoved?: boolean; emailError?: string };

export const handle: RouteHandle = {
  title: (t) => t('notificationSettings.pageTitle', { ns: 'events' }),
};

const CATEGORY_LABEL: Record<NotificationCategory, string> = {
  mentions: 'notificationSettings.categories.mentions',
  replies: 'notificationSettings.categories.replies',
  direct_messages: 'notificationSettings.categories.direct_messages',
  mentoring: 'notificationSettings.categories.mentoring',
  events: 'notificationSettings.categories.events',
  waitlist: 'notificationSettings.categories.waitlist',
  moderation: 'notificationSettings.categories.moderation',
  reports: 'notificationSettings.categories.reports',
  safeguarding: 'notificationSettings.categories.safeguarding',
  handbook: 'notificationSettings.categories.handbook',
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [result, devices, key, email] = await Promise.all([
    api(request, '/api/notifications/preferences', { schema: preferencesSchema, locale: user.locale }),
    api(request, '/api/push/subscriptions', { schema: devicesSchema, locale: user.locale }),
    api(request, '/api/push/key', { schema: keySchema, locale: user.locale }),
    // 404 where the server sends no e-mail: then nothing about e-mail is shown.
    api(request, '/api/notifications/email', { schema: emailSchema, locale: user.locale }),
  ]);
  return {
    prefs: result.ok ? result.data : null,
    readerZone: readerZone(request),
    devices: devices.ok ? (devices.data.items satisfies Device[]) : null,
    publicKey: key.ok ? key.data.publicKey : null,
    email: email.ok ? email.data : null,
    // A 404 is a server that sends no e-mail; anything else is a failure to say so, not to hide.
    emailUnavailable: !email.ok && email.status !== 404,
  };
}

/** Adding (or changing) the e-mail address, or removing it. */
async function emailAction(request: Request, form: FormData, locale: string, t: Awaited<ReturnType<typeof translatorFor>>) {
  if (form.get('intent') === 'remove-email') {
    const result = await api(request, '/api/notifications/email', { method: 'DELETE', locale });
    if (!result.ok) return data<ActionData>({ errors: problemErrors(result, t) }, { status: result.status });
    return data<ActionData>({ emailRemoved: true });
  }
  const result = await api(request, '/api/notifications/email', { method: 'PUT', body: { address: String(form.get('address') ?? '') }, locale, schema: z.object({ verificationSent: z.boolean() }) });
  if (!result.ok) {
    const errors = problemErrors(result, t);
    return data<ActionData>({ errors, emailError: errors.fieldErrors.address ?? errors.formError }, { status: result.status });
  }
  return data<ActionData>({ emailSent: result.data.verificationSent });
}

/** This device's subscription (from the page's script) or the removal of one (a plain form). */
async function deviceAction(request: Request, form: FormData, locale: string, t: Awaited<ReturnType<typeof translatorFor>>) {
  const fail = (errors: FormErrors, status: number) => data<ActionData>({ errors }, { status });
  if (form.get('intent') === 'remove-device') {
    const id = String(form.get('id') ?? '');
    const result = await api(request, `/api/push/subscriptions/${encodeURIComponent(id)}`, { method: 'DELETE', locale });
    // Already gone (removed in another tab) is what was asked for.
    if (!result.ok && result.status !== 404) return fail(problemErrors(result, t), result.status);
    return data<ActionData>({ deviceRemoved: true });
  }
  const field = (name: string) => String(form.get(name) ?? '');
  const body = { endpoint: field('endpoint'), keys: { p256dh: field('p256dh'), auth: field('auth') }, ...(field('name').trim() && { name: field('name') }) };
  const result = await api(request, '/api/push/subscriptions', { method: 'POST', body, locale });
  if (!result.ok) return fail(problemErrors(result, t), result.status);
  return data<ActionData>({ deviceAdded: true });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const form = await request.formData();
  if (form.get('intent') === 'remove-device' || form.get('intent') === 'add-device') return deviceAction(request, form, user.locale, t);
  if (form.get('intent') === 'set-email' || form.get('intent') === 'remove-email') return emailAction(request, form, user.locale, t);
  const current = await api(request, '/api/notifications/preferences', { schema: preferencesSchema, locale: user.locale });
  const fail = (errors: FormErrors, status: number) => data<ActionData>({ errors }, { status });
  if (!current.ok) return fail(problemErrors(current, t), current.status);
  const checked = validate(notificationPreferencesInput, preferencesFromForm(form, current.data.mayDisableQuietHours), t);
  if (!checked.ok) return fail(checked.errors, 400);
  const result = await api(request, '/api/notifications/preferences', { method: 'PUT', body: checked.data, locale: user.locale });
  if (!result.ok) return fail(problemErrors(result, t), result.status);
  return data<ActionData>({ done: true });
}

/** The device's subscription is posted by the page's script: with no network, it says so and stays. */
export const clientAction = quietWhenUnreachable(['add-device']);
export const shouldRevalidate = skipRevalidationWhenUnreachable;

export default function NotificationSettingsPage() {
  const { prefs, readerZone: zone, devices, publicKey, email, emailUnavailable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('events');
  const busy = useNavigation().state === 'submitting';
  const errors = actionData?.errors;
  const timezone = prefs?.quietHours.timezone === 'UTC' && zone ? zone : (prefs?.quietHours.timezone ?? 'UTC');
  // The e-mail column only once an address is confirmed and working.
  const channels = email?.verified && !email.failing ? (['inApp', 'push', 'email'] as const) : (['inApp', 'push'] as const);
  const zones: string[] = (EVENT_ZONES as readonly string[]).includes(timezone) ? [...EVENT_ZONES] : [timezone, ...EVENT_ZONES];
  return (
    <div className="account notification-settings">
      <p className="breadcrumb">
        <Link to="/notifications">
          <span aria-hidden="true">← </span>
          {t('notificationSettings.back')}
        </Link>
      </p>
      <h1>{t('notificationSettings.title')}</h1>
      {actionData?.done ? (
        <p className="notice" role="status">
          {t('notificationSettings.saved')}
        </p>
      ) : null}
      {errors ? <ErrorSummary formError={errors.formError} fieldErrors={errors.fieldErrors} /> : null}
      {prefs === null ? (
        <p>{t('list.couldNotLoad')}</p>
      ) : (
        <Form method="post" className="form">
          <section className="panel" aria-labelledby="channels-title">
            <h2 id="channels-title">{t('notificationSettings.channelsTitle')}</h2>
            <p>{t('notificationSettings.channelsExplain')}</p>
            <table className={channels.length === 3 ? 'notification-matrix notification-matrix--email' : 'notification-matrix'}>
              <caption className="visually-hidden">{t('notificationSettings.channelsTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('notificationSettings.category')}</th>
                  <th scope="col">{t('notificationSettings.inApp')}</th>
                  <th scope="col">{t('notificationSettings.push')}</th>
                  {channels.length === 3 ? <th scope="col">{t('notificationSettings.email')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {NOTIFICATION_CATEGORIES.map((c) => (
                  <tr key={c}>
                    <th scope="row" id={`cat-${c}`}>
                      {t(CATEGORY_LABEL[c])}
                    </th>
                    {channels.map((ch) => (
                      <td key={ch}>
                        <input
                          type="checkbox"
                          name={`${c}.${ch}`}
                          id={`${c}-${ch}`}
                          defaultChecked={prefs.channels[c][ch] ?? false}
                          aria-label={`${t(CATEGORY_LABEL[c])}: ${t(`notificationSettings.${ch}`)}`}
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {channels.length === 3 ? <input type="hidden" name="emailColumn" value="1" /> : null}
            <div className="choice">
              <input type="checkbox" id="previews" name="previews" defaultChecked={prefs.previews} />
              <label htmlFor="previews">{t('notificationSettings.previews')}</label>
            </div>
            <p className="field__hint">{t('notificationSettings.previewsHint')}</p>
          </section>

          <section className="panel" aria-labelledby="quiet-title">
            <h2 id="quiet-title">{t('notificationSettings.quietTitle')}</h2>
            <p>{t('notificationSettings.quietExplain')}</p>
            {prefs.mayDisableQuietHours ? (
              <div className="choice">
                <input type="checkbox" id="quietEnabled" name="quietEnabled" defaultChecked={prefs.quietHours.enabled} />
                <label htmlFor="quietEnabled">{t('notificationSettings.quietEnabled')}</label>
              </div>
            ) : null}
            <div className="quiet-hours">
              <TextField name="quietFrom" type="time" label={t('notificationSettings.quietFrom')} defaultValue={prefs.quietHours.from} error={errors?.fieldErrors.from} required />
              <TextField name="quietTo" type="time" label={t('notificationSettings.quietTo')} defaultValue={prefs.quietHours.to} error={errors?.fieldErrors.to} required />
            </div>
            <SelectField name="timezone" label={t('form.fields.timezone')} defaultValue={timezone} error={errors?.fieldErrors.timezone}>
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </SelectField>
          </section>
          <button type="submit" className="button" disabled={busy}>
            {t('notificationSettings.save')}
          </button>
        </Form>
      )}
      {email ? <EmailAddress status={email} sent={actionData?.emailSent ?? null} removed={actionData?.emailRemoved} error={actionData?.emailError} /> : null}
      {emailUnavailable ? (
        <section className="panel" aria-labelledby="email-title" data-testid="email-unavailable">
          <h2 id="email-title">{t('emailAddress.title')}</h2>
          <p>{t('list.couldNotLoad')}</p>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="devices-title">
        <h2 id="devices-title">{t('devices.title')}</h2>
        <p>{t('devices.explain')}</p>
        <TurnOnPush publicKey={publicKey} />
        {actionData?.deviceRemoved ? (
          <p className="notice" role="status">
            {t('devices.removed')}
          </p>
        ) : null}
        {devices === null ? <p>{t('list.couldNotLoad')}</p> : <DeviceList devices={devices} />}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
