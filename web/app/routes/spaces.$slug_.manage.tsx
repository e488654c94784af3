import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SPACE_ROLES, createInviteSchema, spaceSchema, updateSpaceSchema, type SpaceRole } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, readFields, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import {
  banListSchema,
  canManage,
  createdInviteSchema,
  inviteListSchema,
  isHost,
  loadSpace,
  memberListSchema,
  requestListSchema,
  type CreatedInvite,
} from '~/utils/spaces.server';
import { formatNumber } from '~/utils/i18n';
import type { RouteHandle } from '~/utils/route-handle';
import { SpaceFields } from '~/components/spaces/SpaceFields';
import { roleLabel } from '~/components/spaces/labels';
import { TextField } from '~/components/ui/TextField';
import { DateTime } from '~/components/ui/DateTime';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { BansSection } from '~/components/spaces/BansSection';
import { localRedirect } from '~/utils/redirect.server';

export const handle: RouteHandle = {
  title: (t) => t('manage.pageTitle', { ns: 'spaces' }),
};

/** How long a removal keeps someone out, as the remove form offers it (0: until lifted). */
const BAN_OPTIONS = [
  { value: 'forGood', days: 0, label: 'manage.banLength_forGood' },
  { value: 'day', days: 1, label: 'manage.banLength_day' },
  { value: 'week', days: 7, label: 'manage.banLength_week' },
  { value: 'month', days: 30, label: 'manage.banLength_month' },
] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FIELDS = ['name', 'description', 'visibility', 'language', 'guidelines'] as const;
const INTENTS = ['update', 'archive', 'setRole', 'remove', 'liftBan', 'approve', 'decline', 'createInvite', 'revokeInvite'] as const;
type Intent = (typeof INTENTS)[number];

interface ManageActionData {
  intent: Intent;
  errors?: FormErrors;
  values?: Record<string, string>;
  saved?: boolean;
  invite?: CreatedInvite & { url: string };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const space = await loadSpace(request, params.slug ?? '', user.locale);
  if (!canManage(space)) throw new Response(null, { status: 403 });
  const [members, requests, invites, bans] = await Promise.all([
    api(request, `/api/spaces/${space.id}/members`, { schema: memberListSchema, locale: user.locale }),
    api(request, `/api/spaces/${space.id}/requests`, { schema: requestListSchema, locale: user.locale }),
    isHost(space) ? api(request, `/api/spaces/${space.id}/invites`, { schema: inviteListSchema, locale: user.locale }) : Promise.resolve(null),
    api(request, `/api/spaces/${space.id}/bans`, { schema: banListSchema, locale: user.locale }),
  ]);
  return {
    space,
    meId: user.id,
    members: members.ok ? members.data.items : null,
    requests: requests.ok ? requests.data.items : null,
    invites: invites && invites.ok ? invites.data.items : null,
    bans: bans.ok ? bans.data.items : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = user.locale;
  const t = await translatorFor(locale);
  const space = await loadSpace(request, params.slug ?? '', locale);
  const formData = await request.formData();
  const intent = formData.get('intent') as Intent;
  if (!INTENTS.includes(intent)) {
    return data<ManageActionData>({ intent: 'update', errors: { formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} } }, { status: 400 });
  }
  const fail = (errors: FormErrors, status: number, values?: Record<string, string>) => data<ManageActionData>({ intent, errors, values }, { status });
  const base = `/api/spaces/${space.id}`;
  const targetId = String(formData.get('id') ?? '');
  if (['setRole', 'remove', 'liftBan', 'approve', 'decline', 'revokeInvite'].includes(intent) && !UUID.test(targetId)) {
    return fail({ formError: t('validation.uuid', { ns: 'errors' }), fieldErrors: {} }, 400);
  }

  switch (intent) {
    case 'update': {
      const values = readFields(formData, FIELDS);
      const input = {
        name: values.name ?? '',
        description: values.description ?? '',
        visibility: values.visibility ?? '',
        guidelines: values.guidelines ?? '',
        ...(values.language ? { language: values.language } : {}),
      };
      const checked = validate(updateSpaceSchema, input, t);
      if (!checked.ok) return fail(checked.errors, 400, values);
      const result = await api(request, base, { method: 'PATCH', body: checked.data, schema: spaceSchema, locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status, values);
      return data<ManageActionData>({ intent, saved: true });
    }
    case 'archive': {
      const result = await api(request, `${base}/archive`, { method: 'POST', locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      return localRedirect(`/spaces/${space.slug}`);
    }
    case 'setRole': {
      const role = String(formData.get('role') ?? '');
      if (!(SPACE_ROLES as readonly string[]).includes(role)) return fail({ formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} }, 400);
      const result = await api(request, `${base}/members/${targetId}`, { method: 'PATCH', body: { role }, locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      return data<ManageActionData>({ intent, saved: true });
    }
    case 'remove': {
      // Removal keeps them out: for good (until a keeper lifts it), or for the days chosen.
      const days = BAN_OPTIONS.find((o) => o.value === formData.get('banDays'))?.days;
      if (days === undefined) return fail({ formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} }, 400);
      const body = days ? { until: new Date(Date.now() + days * 86_400_000).toISOString() } : {};
      const result = await api(request, `${base}/members/${targetId}`, { method: 'DELETE', body, locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      return data<ManageActionData>({ intent, saved: true });
    }
    case 'liftBan': {
      const result = await api(request, `${base}/bans/${targetId}`, { method: 'DELETE', locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      return data<ManageActionData>({ intent, saved: true });
    }
    case 'approve':
    case 'decline': {
      const result = await api(request, `${base}/requests/${targetId}/${intent}`, { method: 'POST', locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      return data<ManageActionData>({ intent, saved: true });
    }
    case 'createInvite': {
      const values = readFields(formData, ['maxUses', 'expiresInHours']);
      const checked = validate(createInviteSchema, { maxUses: Number(values.maxUses || 1), expiresInHours: Number(values.expiresInHours || 72) }, t);
      if (!checked.ok) return fail(checked.errors, 400, values);
      const result = await api(request, `${base}/invites`, { method: 'POST', body: checked.data, schema: createdInviteSchema, locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status, values);
      // The full link is shown once: the API keeps only a hash of the token.
      const url = new URL(result.data.path, new URL(request.url).origin).toString();
      return data<ManageActionData>({ intent, invite: { ...result.data, url } });
    }
    case 'revokeInvite': {
      const result = await api(request, `${base}/invites/${targetId}`, { method: 'DELETE', locale });
      if (!result.ok) return fail(problemErrors(result, t), result.status);
      return data<ManageActionData>({ intent, saved: true });
    }
  }
}

function resultFor(actionData: ManageActionData | undefined, ...intents: Intent[]) {
  return actionData && intents.includes(actionData.intent) ? actionData : undefined;
}

export default function ManagePage() {
  const { t } = useTranslation('spaces');
  const { space, bans } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ManageActionData | undefined;
  const host = space.membership?.role === 'host';
  return (
    <div className="manage">
      <p className="breadcrumb">
        <Link to={`/spaces/${space.slug}`}>{t('back.toSpace', { name: space.name })}</Link>
      </p>
      <h1>{t('manage.title', { name: space.name })}</h1>
      <nav aria-label={t('manage.sectionsLabel')} className="section-links">
        <ul>
          {host ? (
            <li>
              <a href="#settings-title">{t('manage.settingsTitle')}</a>
            </li>
          ) : null}
          <li>
            <a href="#requests-title">{t('manage.requestsTitle')}</a>
          </li>
          <li>
            <a href="#members-title">{t('manage.membersTitle')}</a>
          </li>
          <li>
            <a href="#bans-title">{t('manage.bansTitle')}</a>
          </li>
          {host ? (
            <li>
              <a href="#invites-title">{t('manage.invitesTitle')}</a>
            </li>
          ) : null}
        </ul>
      </nav>
      {host ? <SettingsSection result={resultFor(actionData, 'update', 'archive')} /> : null}
      <RequestsSection result={resultFor(actionData, 'approve', 'decline')} />
      <MembersSection result={resultFor(actionData, 'setRole', 'remove')} />
      <BansSection bans={bans} result={resultFor(actionData, 'liftBan')} />
      {host ? <InvitesSection result={resultFor(actionData, 'createInvite', 'revokeInvite')} /> : null}
    </div>
  );
}

function useBusy(intent: Intent) {
  const navigation = useNavigation();
  return navigation.state === 'submitting' && navigation.formData?.get('intent') === intent;
}

function Saved({ show }: { show?: boolean }) {
  const { t } = useTranslation('spaces');
  return show ? (
    <p className="notice" role="status">
      {t('manage.saved')}
    </p>
  ) : null;
}

function SettingsSection({ result }: { result?: ManageActionData }) {
  const { t } = useTranslation('spaces');
  const { space } = useLoaderData<typeof loader>();
  const busy = useBusy('update');
  const errors = result?.errors?.fieldErrors ?? {};
  const values = result?.values ?? {
    name: space.name,
    description: space.description,
    visibility: space.visibility,
    language: space.language ?? '',
    guidelines: space.guidelines,
  };
  return (
    <section className="panel" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('manage.settingsTitle')}</h2>
      <Saved show={result?.saved} />
      <ErrorSummary formError={result?.errors?.formError} fieldErrors={errors} fieldId={(name) => (name === 'visibility' ? 'visibility-public' : name)} />
      <p>{t('manage.guidelinesNote')}</p>
      <Form method="post" noValidate className="form" key={space.guidelinesVersion}>
        <input type="hidden" name="intent" value="update" />
        <SpaceFields values={values} errors={errors} />
        <button type="submit" className="button" disabled={busy}>
          {t('manage.save')}
        </button>
      </Form>
      {space.archivedAt ? (
        <p className="notice">{t('space.archivedNotice')}</p>
      ) : (
        <details className="danger-zone">
          <summary>{t('manage.archiveOpen')}</summary>
          <p>{t('manage.archiveExplanation')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="archive" />
            <button type="submit" className="button button--danger">
              {t('manage.archiveSubmit')}
            </button>
          </Form>
        </details>
      )}
    </section>
  );
}

function RequestsSection({ result }: { result?: ManageActionData }) {
  const { t, i18n } = useTranslation('spaces');
  const { requests } = useLoaderData<typeof loader>();
  return (
    <section className="panel" aria-labelledby="requests-title">
      <h2 id="requests-title">{t('manage.requestsTitle')}</h2>
      <Saved show={result?.saved} />
      <ErrorSummary formError={result?.errors?.formError} fieldErrors={{}} />
      {requests === null ? (
        <p>{t('manage.couldNotLoad')}</p>
      ) : requests.length === 0 ? (
        <p>{t('manage.noRequests')}</p>
      ) : (
        <ul className="plain-list">
          {requests.map((r) => (
            <li key={r.id} className="plain-list__item">
              <p className="plain-list__name" id={`request-${r.id}`}>
                {r.user.displayName || r.user.username}
              </p>
              <p className="muted">
                <DateTime value={r.createdAt} locale={i18n.language} />
              </p>
              {r.note ? <p className="request-note">{r.note}</p> : null}
              <div className="button-row">
                <Form method="post">
                  <input type="hidden" name="intent" value="approve" />
                  <input type="hidden" name="id" value={r.id} />
                  <button type="submit" className="button button--small" aria-describedby={`request-${r.id}`}>
                    {t('manage.approve')}
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="decline" />
                  <input type="hidden" name="id" value={r.id} />
                  <button type="submit" className="button button--secondary button--small" aria-describedby={`request-${r.id}`}>
                    {t('manage.decline')}
                  </button>
                </Form>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MembersSection({ result }: { result?: ManageActionData }) {
  const { t } = useTranslation('spaces');
  const { members, space, meId } = useLoaderData<typeof loader>();
  const host = space.membership?.role === 'host';
  return (
    <section className="panel" aria-labelledby="members-title">
      <h2 id="members-title">{t('manage.membersTitle')}</h2>
      <Saved show={result?.saved} />
      <ErrorSummary formError={result?.errors?.formError} fieldErrors={{}} />
      {members === null ? (
        <p>{t('manage.couldNotLoad')}</p>
      ) : (
        <ul className="plain-list">
          {members.map((m) => {
            const name = m.user.displayName || m.user.username;
            const nameId = `member-${m.user.id}`;
            const canRemove = m.user.id !== meId && (host || m.role === 'member');
            return (
              <li key={m.user.id} className="plain-list__item">
                <p className="plain-list__name" id={nameId}>
                  {name} <span className="badge">{roleLabel(t, m.role)}</span>
                </p>
                <div className="button-row">
                  {host ? (
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="setRole" />
                      <input type="hidden" name="id" value={m.user.id} />
                      <label htmlFor={`role-${m.user.id}`}>{t('manage.roleLabel', { name })}</label>
                      <select id={`role-${m.user.id}`} name="role" defaultValue={m.role}>
                        {SPACE_ROLES.map((role: SpaceRole) => (
                          <option key={role} value={role}>
                            {roleLabel(t, role)}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className="button button--secondary button--small">
                        {t('manage.changeRole')}
                      </button>
                    </Form>
                  ) : null}
                  {canRemove ? (
                    <details className="inline-confirm">
                      <summary>{t('manage.remove', { name })}</summary>
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove" />
                        <input type="hidden" name="id" value={m.user.id} />
                        <p>{t('manage.removeExplanation', { name })}</p>
                        <label htmlFor={`ban-${m.user.id}`}>{t('manage.banLength')}</label>
                        <select id={`ban-${m.user.id}`} name="banDays" defaultValue="forGood">
                          {BAN_OPTIONS.map((o) => (
                            <option key={o.value} value={o.value}>
                              {t(o.label)}
                            </option>
                          ))}
                        </select>
                        <button type="submit" className="button button--danger button--small">
                          {t('manage.removeConfirm')}
                        </button>
                      </Form>
                    </details>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation('spaces');
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const [supported, setSupported] = useState(false);
  useEffect(() => setSupported(typeof navigator !== 'undefined' && Boolean(navigator.clipboard)), []);
  if (!supported) return null;
  return (
    <>
      <button
        type="button"
        className="button button--small"
        onClick={() =>
          navigator.clipboard.writeText(text).then(
            () => setState('copied'),
            () => setState('failed'),
          )
        }
      >
        {t('manage.copy')}
      </button>
      <span role="status" className="copy-status">
        {state === 'copied' ? t('manage.copied') : state === 'failed' ? t('manage.copyFailed') : ''}
      </span>
    </>
  );
}

function InvitesSection({ result }: { result?: ManageActionData }) {
  const { t, i18n } = useTranslation('spaces');
  const { invites } = useLoaderData<typeof loader>();
  const busy = useBusy('createInvite');
  const errors = result?.errors?.fieldErrors ?? {};
  const locale = i18n.language;
  return (
    <section className="panel" aria-labelledby="invites-title">
      <h2 id="invites-title">{t('manage.invitesTitle')}</h2>
      <p>{t('manage.invitesIntro')}</p>
      {result?.intent === 'revokeInvite' ? <Saved show={result.saved} /> : null}
      {result?.invite ? (
        <div className="once-box" role="status">
          <p>
            <strong>{t('manage.inviteCreated')}</strong>
          </p>
          <p>{t('manage.inviteOnce')}</p>
          <p>
            <code className="token-value" data-testid="invite-link">
              {result.invite.url}
            </code>
          </p>
          <CopyButton text={result.invite.url} />
        </div>
      ) : null}
      <ErrorSummary formError={result?.errors?.formError} fieldErrors={errors} />
      {invites === null ? (
        <p>{t('manage.couldNotLoad')}</p>
      ) : invites.length === 0 ? (
        <p>{t('manage.noInvites')}</p>
      ) : (
        <ul className="plain-list">
          {invites.map((invite) => (
            <li key={invite.id} className="plain-list__item">
              <p id={`invite-${invite.id}`}>
                {t('manage.inviteUses', { uses: formatNumber(invite.uses, locale), max: formatNumber(invite.maxUses, locale) })}
                <br />
                {t('manage.inviteExpires')} <DateTime value={invite.expiresAt} locale={locale} />
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="revokeInvite" />
                <input type="hidden" name="id" value={invite.id} />
                <button type="submit" className="button button--danger button--small" aria-describedby={`invite-${invite.id}`}>
                  {t('manage.revoke')}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      )}
      <h3>{t('manage.newInvite')}</h3>
      <Form method="post" noValidate className="form">
        <input type="hidden" name="intent" value="createInvite" />
        <TextField name="maxUses" type="number" inputMode="numeric" min={1} max={1000} label={t('manage.maxUses')} hint={t('manage.maxUsesHint')} error={errors.maxUses} defaultValue={result?.values?.maxUses ?? '1'} />
        <TextField
          name="expiresInHours"
          type="number"
          inputMode="numeric"
          min={1}
          max={2160}
          label={t('manage.expiresInHours')}
          hint={t('manage.expiresInHoursHint')}
          error={errors.expiresInHours}
          defaultValue={result?.values?.expiresInHours ?? '72'}
        />
        <button type="submit" className="button" disabled={busy}>
          {t('manage.createInvite')}
        </button>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
