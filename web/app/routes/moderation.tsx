import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import {
  MODERATION_ACTIONS,
  REVIEW_ITEM_KINDS,
  appealListSchema,
  decideAppealSchema,
  resolveSchema,
  reviewQueueSchema,
  spaceSchema,
  type Appeal,
  type ModerationAction,
  type ReviewItem,
  takesAnEnd,
} from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { canManage, spacePageSchema } from '~/utils/spaces.server';
import { UUID } from '~/utils/moderation.server';
import type { RouteHandle } from '~/utils/route-handle';
import { actionLabel, contentStateLabel, kindLabel, logLine, reasonLabel, targetLabel } from '~/components/moderation/labels';
import { LogEntry } from '~/components/moderation/LogEntry';
import { LocalDay } from '~/components/moderation/LocalDate';
import { TextField } from '~/components/ui/TextField';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { SelectField } from '~/components/ui/SelectField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import moderationStyles from '~/components/moderation/moderation.css?url';
import { OutreachButton } from '~/components/conversations/OutreachButton';

export const links = () => [{ rel: 'stylesheet', href: moderationStyles }];

export const handle: RouteHandle = {
  title: (t) => t('queue.pageTitle', { ns: 'moderation' }),
};

/** How long a mute or suspension lasts, in seconds; `forever` only suspends. */
const DURATIONS = { hour: 3600, day: 86_400, week: 7 * 86_400, month: 30 * 86_400, forever: 0 } as const;
type Duration = keyof typeof DURATIONS;
const isDuration = (value: string): value is Duration => value in DURATIONS;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = user.locale;
  const url = new URL(request.url);
  const spaceId = url.searchParams.get('spaceId') ?? '';
  const status = url.searchParams.get('status') === 'resolved' ? 'resolved' : 'open';
  const kind = url.searchParams.get('kind') ?? '';
  const filters = {
    spaceId: UUID.test(spaceId) ? spaceId : '',
    status,
    kind: (REVIEW_ITEM_KINDS as readonly string[]).includes(kind) ? kind : '',
  };
  const query = new URLSearchParams({ status, ...(filters.spaceId ? { spaceId: filters.spaceId } : {}), ...(filters.kind ? { kind: filters.kind } : {}) });
  const [queue, appeals, spaces] = await Promise.all([
    api(request, `/api/moderation/queue?${query}`, { schema: reviewQueueSchema, locale }),
    api(request, `/api/moderation/appeals${filters.spaceId ? `?spaceId=${filters.spaceId}` : ''}`, { schema: appealListSchema, locale }),
    api(request, '/api/spaces?mine=true&limit=100', { schema: spacePageSchema, locale }),
  ]);
  const kept = spaces.ok ? spaces.data.items.filter(canManage).map((s) => ({ id: s.id, name: s.name, slug: s.slug })) : [];
  // Admins and safeguarding leads also see items of spaces they do not keep: name those too.
  const known = new Map((spaces.ok ? spaces.data.items : []).map((s) => [s.id, s.name]));
  const ids = queue.ok ? queue.data.items.map((item) => item.spaceId) : [];
  if (appeals.ok) ids.push(...appeals.data.items.map((appeal) => appeal.spaceId));
  const unknown = [...new Set(ids.filter((id): id is string => Boolean(id) && !known.has(id!)))].slice(0, 20);
  const others = await Promise.all(unknown.map((id) => api(request, `/api/spaces/${id}`, { schema: spaceSchema, locale })));
  for (const other of others) if (other.ok) known.set(other.data.id, other.data.name);
  const isAdmin = user.roles.includes('admin');
  return {
    filters,
    isAdmin,
    // Not a keeper anywhere (and no safeguarding role): this page has nothing for them.
    forbidden: !queue.ok && (queue.status === 403 || queue.status === 404),
    failed: !queue.ok && queue.status !== 403 && queue.status !== 404,
    items: queue.ok ? queue.data.items : [],
    appeals: appeals.ok ? appeals.data.items : [],
    spaces: kept,
    spaceNames: Object.fromEntries(known),
  };
}

interface ModerationActionData {
  intent: 'resolve' | 'decide';
  id: string;
  errors?: FormErrors;
  done?: boolean;
  conflict?: boolean;
  values?: Record<string, string>;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = user.locale;
  const t = await translatorFor(locale);
  const formData = await request.formData();
  const intent = formData.get('intent') === 'decide' ? 'decide' : 'resolve';
  const id = String(formData.get('id') ?? '');
  const note = String(formData.get('note') ?? '').trim();
  const fail = (errors: FormErrors, status: number, values?: Record<string, string>) => data<ModerationActionData>({ intent, id, errors, values }, { status });
  if (!UUID.test(id)) return fail({ formError: t('validation.uuid', { ns: 'errors' }), fieldErrors: {} }, 400);

  if (intent === 'decide') {
    const outcome = String(formData.get('outcome') ?? '');
    const checked = validate(decideAppealSchema, { outcome, note }, t);
    if (!checked.ok) return fail(checked.errors, 400, { note, outcome });
    const result = await api(request, `/api/moderation/appeals/${id}/decide`, { method: 'POST', body: checked.data, locale });
    if (!result.ok) return fail(problemErrors(result, t), result.status, { note, outcome });
    return data<ModerationActionData>({ intent, id, done: true });
  }

  const chosen = String(formData.get('action') ?? '');
  const guideline = String(formData.get('guideline') ?? '').trim();
  const duration = String(formData.get('duration') ?? 'day');
  const values = { action: chosen, note, guideline, duration };
  let until: string | undefined;
  if (takesAnEnd(chosen) && isDuration(duration) && DURATIONS[duration] > 0) {
    until = new Date(Date.now() + DURATIONS[duration] * 1000).toISOString();
  }
  const checked = validate(resolveSchema, { action: chosen, note, ...(guideline ? { guideline } : {}), ...(until ? { until } : {}) }, t);
  if (!checked.ok) {
    // The duration select stands for `until`.
    const { until: untilError, ...fieldErrors } = checked.errors.fieldErrors;
    return fail({ formError: checked.errors.formError, fieldErrors: untilError ? { ...fieldErrors, duration: untilError } : fieldErrors }, 400, values);
  }
  const result = await api(request, `/api/moderation/items/${id}/resolve`, { method: 'POST', body: checked.data, locale });
  if (!result.ok) {
    if (result.problem.code === 'ITEM_ALREADY_RESOLVED') return data<ModerationActionData>({ intent, id, conflict: true }, { status: 409 });
    return fail(problemErrors(result, t), result.status, values);
  }
  return data<ModerationActionData>({ intent, id, done: true });
}

export default function ModerationPage() {
  const { t } = useTranslation('moderation');
  const { filters, forbidden, failed, items, appeals, spaces, spaceNames } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ModerationActionData | undefined;

  if (forbidden) {
    return (
      <section className="narrow-wide" aria-labelledby="queue-title">
        <h1 id="queue-title">{t('queue.title')}</h1>
        <p>{t('queue.notKeeper')}</p>
      </section>
    );
  }

  const spaceName = (id: string | null) => (id ? (spaceNames[id] ?? t('queue.otherSpace')) : t('queue.noSpace'));
  return (
    <div className="moderation-page">
      <h1>{t('queue.title')}</h1>
      <p className="lead">{t('queue.intro')}</p>
      {actionData?.intent === 'resolve' && actionData.conflict ? (
        <p className="notice" role="status" data-testid="moderation-conflict">
          {t('queue.conflict')}
        </p>
      ) : null}
      {actionData?.intent === 'resolve' && actionData.done ? (
        <p className="notice" role="status" data-testid="moderation-done">
          {t('queue.resolved')}
        </p>
      ) : null}

      <Form method="get" className="filters queue-filters" aria-label={t('queue.filtersLabel')}>
        <SelectField name="spaceId" label={t('queue.spaceLabel')} defaultValue={filters.spaceId}>
          <option value="">{t('queue.allSpaces')}</option>
          {spaces.map((space) => (
            <option key={space.id} value={space.id}>
              {space.name}
            </option>
          ))}
        </SelectField>
        <SelectField name="status" label={t('queue.statusLabel')} defaultValue={filters.status}>
          <option value="open">{t('queue.statusOpen')}</option>
          <option value="resolved">{t('queue.statusResolved')}</option>
        </SelectField>
        <SelectField name="kind" label={t('queue.kindLabel')} defaultValue={filters.kind}>
          <option value="">{t('queue.allKinds')}</option>
          {REVIEW_ITEM_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabel(t, kind)}
            </option>
          ))}
        </SelectField>
        <button type="submit" className="button button--secondary">
          {t('queue.filter')}
        </button>
      </Form>

      <section aria-labelledby="items-title">
        <h2 id="items-title">{filters.status === 'open' ? t('queue.openTitle') : t('queue.resolvedTitle')}</h2>
        {failed ? <p className="notice">{t('queue.failed')}</p> : null}
        {!failed && items.length === 0 ? <p className="empty">{filters.status === 'open' ? t('queue.empty') : t('queue.emptyResolved')}</p> : null}
        <ul className="review-list" data-testid="review-list">
          {items.map((item) => (
            <ReviewItemCard key={item.id} item={item} spaceName={spaceName(item.spaceId)} actionData={actionData?.intent === 'resolve' && actionData.id === item.id ? actionData : undefined} />
          ))}
        </ul>
      </section>

      <section aria-labelledby="appeals-title">
        <h2 id="appeals-title">{t('appeals.title')}</h2>
        <p>{t('appeals.intro')}</p>
        {actionData?.intent === 'decide' && actionData.done ? (
          <p className="notice" role="status">
            {t('appeals.decided')}
          </p>
        ) : null}
        {appeals.length === 0 ? <p className="empty">{t('appeals.empty')}</p> : null}
        <ul className="review-list" data-testid="appeal-list">
          {appeals.map((appeal) => (
            <AppealCard key={appeal.id} appeal={appeal} spaceName={spaceName(appeal.spaceId)} actionData={actionData?.intent === 'decide' && actionData.id === appeal.id ? actionData : undefined} />
          ))}
        </ul>
      </section>
    </div>
  );
}

/** Which actions make sense for an item, and for this moderator. */
function actionsFor(item: ReviewItem, isAdmin: boolean): ModerationAction[] {
  if (item.kind === 'safeguarding') return ['dismiss'];
  return MODERATION_ACTIONS.filter((action) => {
    if (action === 'suspend') return isAdmin;
    if ((action === 'hide' || action === 'remove') && item.targetType === 'user') return false;
    if ((action === 'mute' || action === 'remove_from_space') && !item.spaceId) return false;
    return true;
  });
}

function ReviewItemCard({ item, spaceName, actionData }: { item: ReviewItem; spaceName: string; actionData?: ModerationActionData }) {
  const { t, i18n } = useTranslation('moderation');
  const { isAdmin } = useLoaderData<typeof loader>();
  const busy = useNavigation().formData?.get('id') === item.id;
  const headingId = `item-${item.id}-title`;
  const errors = actionData?.errors?.fieldErrors ?? {};
  const fieldId = (name: string) => `${name}-${item.id}`;
  return (
    <li className="review-item panel" aria-labelledby={headingId} data-testid="review-item" data-item-id={item.id}>
      <h3 id={headingId} className="review-item__title">
        {t('item.heading', { target: targetLabel(t, item.targetType), space: spaceName })}
        <span className="badge">{kindLabel(t, item.kind)}</span>
      </h3>
      <p className="muted">
        <LocalDay value={item.createdAt} locale={i18n.language} /> · {contentStateLabel(t, item.target?.state ?? null)}
        {item.autoHidden ? <> · {t('item.autoHidden')}</> : null}
      </p>
      {item.kind === 'safeguarding' ? <p className="notice">{t('item.safeguardingNote')}</p> : null}
      {item.target ? (
        <figure className="review-item__excerpt">
          <figcaption className="visually-hidden">{t('item.excerptLabel')}</figcaption>
          <blockquote data-testid="review-excerpt">{item.target.excerpt || t('item.noExcerpt')}</blockquote>
          {item.target.author ? (
            <p className="muted" data-testid="review-author">
              {item.targetType === 'user' ? t('item.accountOf', { name: item.target.author }) : t('item.writtenBy', { name: item.target.author })}
            </p>
          ) : null}
        </figure>
      ) : (
        <p className="muted">{t('item.gone')}</p>
      )}
      {item.target?.author && item.target.authorId && !item.aboutYou ? <OutreachButton itemId={item.id} name={item.target.author} /> : null}

      {item.reports.length ? (
        <>
          <h4>{t('item.reportsTitle')}</h4>
          <ul className="review-item__reports">
            {item.reports.map((report, index) => (
              <li key={index}>
                <strong>{reasonLabel(t, report.reason)}</strong>
                {report.note ? <> — {report.note}</> : null}
                <span className="muted">
                  {' '}
                  · <LocalDay value={report.createdAt} locale={i18n.language} />
                  {report.reporter ? <> · {t('item.reportedBy', { name: report.reporter })}</> : null}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      {item.history.length ? (
        <>
          <h4>{t('item.historyTitle')}</h4>
          <ul className="log-list">
            {item.history.map((entry) => (
              <LogEntry key={entry.id} entry={entry} />
            ))}
          </ul>
        </>
      ) : null}

      {item.status === 'open' && item.aboutYou ? (
        <p className="notice" data-testid="about-you">
          {t('item.aboutYou')}
        </p>
      ) : item.status === 'resolved' ? (
        <p>
          <strong>{item.resolution ? t('item.outcome', { outcome: logLine(t, { action: item.resolution, targetType: item.targetType, until: null }, '') }) : null}</strong>
        </p>
      ) : (
        <Form method="post" noValidate className="form review-item__form">
          <input type="hidden" name="intent" value="resolve" />
          <input type="hidden" name="id" value={item.id} />
          <h4>{t('item.decideTitle')}</h4>
          <ErrorSummary formError={actionData?.errors?.formError} fieldErrors={errors} fieldId={fieldId} />
          <SelectField id={fieldId('action')} name="action" label={t('item.actionLabel')} error={errors.action} defaultValue={actionData?.values?.action ?? 'dismiss'}>
            {actionsFor(item, isAdmin).map((action) => (
              <option key={action} value={action} data-ends={takesAnEnd(action) ? '' : undefined}>
                {actionLabel(t, action)}
              </option>
            ))}
          </SelectField>
          <TextAreaField
            id={fieldId('note')}
            name="note"
            label={t('item.noteLabel')}
            hint={t('item.noteHint')}
            error={errors.note}
            defaultValue={actionData?.values?.note}
            maxLength={1000}
            rows={3}
            required
          />
          {item.kind !== 'safeguarding' ? (
            <>
              <TextField id={fieldId('guideline')} name="guideline" label={t('item.guidelineLabel')} hint={t('item.guidelineHint')} error={errors.guideline} defaultValue={actionData?.values?.guideline} maxLength={200} />
              {/* Shown (by CSS, so it works before scripts run) only while an action that lasts is chosen. */}
              <div className="review-item__duration">
                <SelectField id={fieldId('duration')} name="duration" label={t('item.durationLabel')} hint={t('item.durationHint')} error={errors.duration} defaultValue={actionData?.values?.duration ?? 'day'}>
                  <option value="hour">{t('durations.hour')}</option>
                  <option value="day">{t('durations.day')}</option>
                  <option value="week">{t('durations.week')}</option>
                  <option value="month">{t('durations.month')}</option>
                  {isAdmin ? <option value="forever">{t('durations.forever')}</option> : null}
                </SelectField>
              </div>
            </>
          ) : null}
          <button type="submit" className="button" disabled={busy}>
            {t('item.submit')}
          </button>
        </Form>
      )}
    </li>
  );
}

function AppealCard({ appeal, spaceName, actionData }: { appeal: Appeal; spaceName: string; actionData?: ModerationActionData }) {
  const { t, i18n } = useTranslation('moderation');
  const headingId = `appeal-${appeal.id}-title`;
  const errors = actionData?.errors?.fieldErrors ?? {};
  const fieldId = (name: string) => `${name}-${appeal.id}`;
  const explainId = `appeal-${appeal.id}-own`;
  return (
    <li className="review-item panel" aria-labelledby={headingId} data-testid="appeal">
      <h3 id={headingId} className="review-item__title">
        {t('appeals.heading', { decision: logLine(t, { action: appeal.action, targetType: appeal.targetType, until: null }, ''), space: spaceName })}
      </h3>
      <p className="muted">
        <LocalDay value={appeal.createdAt} locale={i18n.language} />
      </p>
      {appeal.actionReason ? <p>{t('appeals.originalReason', { reason: appeal.actionReason })}</p> : null}
      <p>{t('appeals.theirWords')}</p>
      <blockquote>{appeal.note}</blockquote>
      {appeal.canDecide ? null : (
        <p className="notice" id={explainId}>
          {t('appeals.sameModerator')}
        </p>
      )}
      <Form method="post" noValidate className="form">
        <input type="hidden" name="intent" value="decide" />
        <input type="hidden" name="id" value={appeal.id} />
        <ErrorSummary formError={actionData?.errors?.formError} fieldErrors={errors} fieldId={fieldId} />
        <fieldset disabled={!appeal.canDecide} aria-describedby={appeal.canDecide ? undefined : explainId} className="appeal-fieldset">
          <fieldset className={errors.outcome ? 'field radio-group field--invalid' : 'field radio-group'}>
            <legend>{t('appeals.outcomeLabel')}</legend>
            {errors.outcome ? <p className="field__error">{errors.outcome}</p> : null}
            <div className="radio">
              <input type="radio" id={fieldId('outcome')} name="outcome" value="upheld" defaultChecked={actionData?.values?.outcome === 'upheld'} />
              <label htmlFor={fieldId('outcome')}>{t('appeals.upheld')}</label>
            </div>
            <div className="radio">
              <input type="radio" id={fieldId('overturned')} name="outcome" value="overturned" defaultChecked={actionData?.values?.outcome === 'overturned'} />
              <label htmlFor={fieldId('overturned')}>{t('appeals.overturned')}</label>
            </div>
          </fieldset>
          <TextAreaField id={fieldId('note')} name="note" label={t('appeals.noteLabel')} error={errors.note} defaultValue={actionData?.values?.note} maxLength={1000} rows={3} required />
          <button type="submit" className="button">
            {t('appeals.submit')}
          </button>
        </fieldset>
      </Form>
    </li>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
