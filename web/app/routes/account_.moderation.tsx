import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { appealSchema, moderationLogSchema, type ModerationLogEntry } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, validate, type FormErrors } from '~/utils/forms.server';
import { UUID } from '~/utils/moderation.server';
import type { RouteHandle } from '~/utils/route-handle';
import { LogEntry } from '~/components/moderation/LogEntry';
import { TextAreaField } from '~/components/ui/TextAreaField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import moderationStyles from '~/components/moderation/moderation.css?url';

export const links = () => [{ rel: 'stylesheet', href: moderationStyles }];

export const handle: RouteHandle = {
  title: (t) => t('mine.pageTitle', { ns: 'moderation' }),
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const result = await api(request, '/api/moderation/mine', { schema: moderationLogSchema, locale: user.locale });
  return { items: result.ok ? result.data.items : null };
}

interface AppealActionData {
  id: string;
  errors?: FormErrors;
  note?: string;
  sent?: boolean;
  already?: boolean;
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const formData = await request.formData();
  const id = String(formData.get('id') ?? '');
  const note = String(formData.get('note') ?? '').trim();
  if (!UUID.test(id)) return data<AppealActionData>({ id, errors: { formError: t('validation.uuid', { ns: 'errors' }), fieldErrors: {} } }, { status: 400 });
  const checked = validate(appealSchema, { note }, t);
  if (!checked.ok) return data<AppealActionData>({ id, errors: checked.errors, note }, { status: 400 });
  const result = await api(request, `/api/moderation/actions/${id}/appeal`, { method: 'POST', body: checked.data, locale: user.locale });
  if (!result.ok) {
    if (result.problem.code === 'APPEAL_EXISTS') return data<AppealActionData>({ id, already: true });
    return data<AppealActionData>({ id, errors: problemErrors(result, t), note }, { status: result.status });
  }
  return data<AppealActionData>({ id, sent: true });
}

/** Steps nobody can appeal: an automatic hide is reviewed anyway. */
const appealable = (entry: ModerationLogEntry) => entry.action !== 'auto_hide' && entry.action !== 'dismiss';

export default function DecisionsAboutMePage() {
  const { t } = useTranslation('moderation');
  const { items } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as AppealActionData | undefined;
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to="/account">{t('back.toAccount')}</Link>
      </p>
      <h1>{t('mine.title')}</h1>
      <p className="lead">{t('mine.intro')}</p>
      {items === null ? (
        <p className="notice">{t('mine.couldNotLoad')}</p>
      ) : items.length === 0 ? (
        <p className="empty">{t('mine.empty')}</p>
      ) : (
        <ul className="log-list" data-testid="decisions">
          {items.map((entry) => (
            <Decision key={entry.id} entry={entry} result={actionData?.id === entry.id ? actionData : undefined} />
          ))}
        </ul>
      )}
    </div>
  );
}

function Decision({ entry, result }: { entry: ModerationLogEntry; result?: AppealActionData }) {
  const { t } = useTranslation('moderation');
  const busy = useNavigation().formData?.get('id') === entry.id;
  const errors = result?.errors?.fieldErrors ?? {};
  const fieldId = `appeal-${entry.id}`;
  return (
    <>
      <LogEntry entry={entry} />
      {appealable(entry) ? (
        <li className="decision-appeal">
          {result?.sent ? (
            <p className="notice" role="status" data-testid="appeal-sent">
              {t('mine.appealSent')}
            </p>
          ) : result?.already ? (
            <p className="notice" role="status">
              {t('mine.appealed')}
            </p>
          ) : (
            <details open={Boolean(result?.errors)}>
              <summary>{t('mine.appealOpen')}</summary>
              <ErrorSummary formError={result?.errors?.formError} fieldErrors={errors} fieldId={() => fieldId} />
              <Form method="post" noValidate className="form">
                <input type="hidden" name="id" value={entry.id} />
                <p>{t('mine.appealExplain')}</p>
                <TextAreaField id={fieldId} name="note" label={t('mine.appealLabel')} error={errors.note} defaultValue={result?.note} maxLength={2000} rows={4} required />
                <button type="submit" className="button" disabled={busy}>
                  {t('mine.appealSubmit')}
                </button>
              </Form>
            </details>
          )}
        </li>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
