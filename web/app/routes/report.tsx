import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { REPORT_REASONS, REPORT_TARGETS, createReportSchema, reportAnswerSchema, reportPreviewSchema, type CrisisResource, type ReportPreview, type ReportReason, type ReportTarget } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { UUID } from '~/utils/moderation.server';
import type { RouteHandle } from '~/utils/route-handle';
import { reasonLabel } from '~/components/moderation/labels';
import { CrisisResources } from '~/components/moderation/CrisisResources';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import moderationStyles from '~/components/moderation/moderation.css?url';
import { safeRedirect } from '~/utils/redirect.server';

export const links = () => [{ rel: 'stylesheet', href: moderationStyles }];

export const handle: RouteHandle = {
  title: (t) => t('report.pageTitle', { ns: 'moderation' }),
};

/** The usual reasons, then — set apart — the worry about someone's safety. */
const SANCTION_REASONS = REPORT_REASONS.filter((r) => r !== 'safety');

function readTarget(params: URLSearchParams | FormData) {
  const targetType = String(params.get('targetType') ?? '');
  const targetId = String(params.get('targetId') ?? '');
  const back = safeRedirect(params.get('back') ? String(params.get('back')) : null, '/');
  const valid = (REPORT_TARGETS as readonly string[]).includes(targetType) && UUID.test(targetId);
  return valid ? { targetType: targetType as ReportTarget, targetId, back } : { targetType: null, targetId: null, back };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const target = readTarget(new URL(request.url).searchParams);
  // What is being reported, as the reporter can already see it; the form works without it.
  let preview: ReportPreview | null = null;
  if (target.targetType) {
    const query = new URLSearchParams({ targetType: target.targetType, targetId: target.targetId });
    const result = await api(request, `/api/reports/preview?${query}`, { schema: reportPreviewSchema, locale: user.locale });
    preview = result.ok ? result.data : null;
  }
  return { ...target, preview };
}

interface ReportActionData {
  errors?: FormErrors;
  values?: { reason?: string; note?: string };
  sent?: { safety: boolean; autoHidden: boolean; crisisResources: CrisisResource[] };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = user.locale;
  const t = await translatorFor(locale);
  const formData = await request.formData();
  const target = readTarget(formData);
  const reason = String(formData.get('reason') ?? '');
  const note = String(formData.get('note') ?? '').trim();
  const values = { reason, note };
  if (!target.targetType) return data<ReportActionData>({ errors: { formError: t('report.invalid', { ns: 'moderation' }), fieldErrors: {} }, values }, { status: 400 });
  const checked = validate(createReportSchema, { targetType: target.targetType, targetId: target.targetId, reason, ...(note ? { note } : {}) }, t);
  if (!checked.ok) return data<ReportActionData>({ errors: checked.errors, values }, { status: 400 });
  const result = await api(request, '/api/reports', { method: 'POST', body: checked.data, schema: reportAnswerSchema, locale });
  if (!result.ok) return data<ReportActionData>({ errors: problemErrors(result, t), values }, { status: result.status });
  return data<ReportActionData>({
    sent: { safety: checked.data.reason === 'safety', autoHidden: result.data.autoHidden, crisisResources: result.data.crisisResources ?? [] },
  });
}

export default function ReportPage() {
  const { t } = useTranslation('moderation');
  const { targetType, targetId, back, preview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ReportActionData | undefined;
  const busy = useNavigation().state === 'submitting';

  if (actionData?.sent) return <Sent sent={actionData.sent} back={back} />;

  if (!targetType || !targetId) {
    return (
      <section className="narrow-wide" aria-labelledby="report-title">
        <h1 id="report-title">{t('report.title')}</h1>
        <p className="notice">{t('report.invalid')}</p>
        <p>
          <Link to={back}>{t('report.back')}</Link>
        </p>
      </section>
    );
  }

  const errors = actionData?.errors?.fieldErrors ?? {};
  const chosen = actionData?.values?.reason;
  return (
    <section className="narrow-wide report-page" aria-labelledby="report-title">
      <p className="breadcrumb">
        <Link to={back}>{t('report.back')}</Link>
      </p>
      <h1 id="report-title">{t('report.title')}</h1>
      <p className="lead">{aboutText(t, targetType)}</p>
      {preview ? <ReportedThing preview={preview} /> : null}
      <p>{t('report.intro')}</p>
      <ErrorSummary formError={actionData?.errors?.formError} fieldErrors={errors} fieldId={(name) => (name === 'reason' ? `reason-${SANCTION_REASONS[0]}` : name)} />
      <Form method="post" noValidate className="form">
        <input type="hidden" name="targetType" value={targetType} />
        <input type="hidden" name="targetId" value={targetId} />
        <input type="hidden" name="back" value={back} />
        <fieldset className={errors.reason ? 'field radio-group field--invalid' : 'field radio-group'} aria-describedby={errors.reason ? 'reason-error' : undefined}>
          <legend>{t('report.reasonLegend')}</legend>
          {errors.reason ? (
            <p className="field__error" id="reason-error">
              {errors.reason}
            </p>
          ) : null}
          {SANCTION_REASONS.map((reason) => (
            <ReasonRadio key={reason} reason={reason} defaultChecked={chosen === reason} />
          ))}
          <div className="report-safety">
            <p className="report-safety__or">{t('report.safetyOr')}</p>
            <ReasonRadio reason="safety" defaultChecked={chosen === 'safety'} hint={t('report.safetyHint')} />
          </div>
        </fieldset>
        <TextAreaField name="note" label={t('report.noteLabel')} hint={t('report.noteHint')} error={errors.note} defaultValue={actionData?.values?.note} maxLength={1000} rows={4} />
        <div className="button-row">
          <button type="submit" className="button" disabled={busy}>
            {t('report.submit')}
          </button>
          <Link to={back}>{t('report.cancel')}</Link>
        </div>
      </Form>
    </section>
  );
}

function ReasonRadio({ reason, defaultChecked, hint }: { reason: ReportReason; defaultChecked: boolean; hint?: string }) {
  const { t } = useTranslation('moderation');
  const id = `reason-${reason}`;
  return (
    <div className="radio">
      <input type="radio" id={id} name="reason" value={reason} defaultChecked={defaultChecked} aria-describedby={hint ? `${id}-hint` : undefined} />
      <label htmlFor={id}>{reasonLabel(t, reason)}</label>
      {hint ? (
        <p className="field__hint radio__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** The words being reported and whose they are, so the reporter can check it is the right thing. */
function ReportedThing({ preview }: { preview: ReportPreview }) {
  const { t } = useTranslation('moderation');
  return (
    <figure className="reported-thing" data-testid="reported-thing">
      <figcaption className="reported-thing__label">{t('item.excerptLabel')}</figcaption>
      <blockquote className="reported-thing__text">{preview.excerpt ?? t('item.noExcerpt')}</blockquote>
      {preview.author ? (
        <p className="muted">{preview.targetType === 'user' ? t('item.accountOf', { name: preview.author }) : t('item.writtenBy', { name: preview.author })}</p>
      ) : null}
    </figure>
  );
}

function aboutText(t: ReturnType<typeof useTranslation>['t'], targetType: ReportTarget): string {
  switch (targetType) {
    case 'message':
      return t('report.about.message');
    case 'story':
      return t('report.about.story');
    case 'comment':
      return t('report.about.comment');
    case 'event':
      return t('report.about.event');
    case 'user':
      return t('report.about.user');
    case 'resource':
      return t('report.about.resource');
    case 'tip':
      return t('report.about.tip');
  }
}

function Sent({ sent, back }: { sent: NonNullable<ReportActionData['sent']>; back: string }) {
  const { t } = useTranslation('moderation');
  return (
    <section className="narrow-wide report-page" aria-labelledby="sent-title">
      <h1 id="sent-title" tabIndex={-1} data-testid="report-sent">
        {sent.safety ? t('report.safetySentTitle') : t('report.sentTitle')}
      </h1>
      <p className="lead">{sent.safety ? t('report.safetySentBody') : t('report.sentBody')}</p>
      {sent.autoHidden ? <p className="notice">{t('report.autoHidden')}</p> : null}
      {sent.safety ? (
        <>
          <p className="help-emergency">{t('help.emergency')}</p>
          {sent.crisisResources.length ? <CrisisResources items={sent.crisisResources} level={2} /> : null}
          <p>
            <Link to="/help">{t('report.moreHelp')}</Link>
          </p>
        </>
      ) : null}
      <p>
        <Link to={back} className="button button--secondary">
          {t('report.back')}
        </Link>
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
