import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { MATERIALS_PER_EVENT } from '@sorstars/shared';
import { api, apiUpload } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { problemErrors, translatorFor, type FormErrors } from '~/utils/forms.server';
import { eventMaterialSchema, eventMaterials, managedEvent } from '~/utils/event-extras.server';
import { localRedirect } from '~/utils/redirect.server';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { TextField } from '~/components/ui/TextField';
import { useFileSize } from '~/components/events/MaterialList';
import eventsStyles from '~/components/events/events.css?url';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: eventsStyles }];

export const handle: RouteHandle = {
  title: (t) => t('materials.pageTitle', { ns: 'events' }),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const event = await managedEvent(request, params.id ?? '', user.locale);
  return { event: { id: event.id, title: event.title }, items: await eventMaterials(request, event.id, user.locale) };
}

/**
 * An upload arrives as multipart and goes on to the API as a stream (the API checks size and
 * content); removing a file or marking the agenda are ordinary small forms.
 */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const t = await translatorFor(user.locale);
  const id = encodeURIComponent(params.id ?? '');
  const fail = (errors: FormErrors, status: number) => data<{ errors: FormErrors }>({ errors }, { status });
  if (request.headers.get('Content-Type')?.toLowerCase().startsWith('multipart/form-data')) {
    const result = await apiUpload(request, `/api/events/${id}/materials`, { schema: eventMaterialSchema, locale: user.locale });
    if (!result.ok) return fail(problemErrors(result, t), result.status);
    return localRedirect(`/events/${id}/materials?added=1`);
  }
  const form = await request.formData();
  const materialId = encodeURIComponent(String(form.get('materialId') ?? ''));
  const intent = String(form.get('intent') ?? '');
  const result =
    intent === 'remove'
      ? await api(request, `/api/events/${id}/materials/${materialId}`, { method: 'DELETE', locale: user.locale })
      : intent === 'agenda' || intent === 'notAgenda'
        ? await api(request, `/api/events/${id}/materials/${materialId}`, { method: 'PATCH', body: { agenda: intent === 'agenda' }, locale: user.locale })
        : null;
  if (!result) return fail({ formError: t('validation.invalidValue', { ns: 'errors' }), fieldErrors: {} }, 400);
  if (!result.ok) return fail(problemErrors(result, t), result.status);
  return localRedirect(`/events/${id}/materials?${intent === 'remove' ? 'removed' : 'saved'}=1`);
}

export default function EventMaterialsPage() {
  const { event, items } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation('events');
  const [searchParams] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const size = useFileSize();
  const notice = searchParams.get('added') ? t('materials.added') : searchParams.get('removed') ? t('materials.removed') : searchParams.get('saved') ? t('materials.saved') : null;
  return (
    <div className="narrow-wide">
      <p className="breadcrumb">
        <Link to={`/events/${event.id}`}>
          <span aria-hidden="true">← </span>
          {event.title}
        </Link>
      </p>
      <h1>{t('materials.pageTitle')}</h1>
      <p className="lead">{t('materials.lead')}</p>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      {actionData?.errors ? <ErrorSummary formError={actionData.errors.formError} fieldErrors={actionData.errors.fieldErrors} /> : null}

      <section aria-labelledby="upload-title" className="event__section">
        <h2 id="upload-title">{t('materials.uploadTitle')}</h2>
        {items.length >= MATERIALS_PER_EVENT ? (
          <p>{t('materials.full')}</p>
        ) : (
          <Form method="post" encType="multipart/form-data" className="form" data-testid="upload-form">
            <div className={actionData?.errors?.fieldErrors.file ? 'field field--invalid' : 'field'}>
              <label htmlFor="file">{t('materials.file')}</label>
              <p className="field__hint" id="file-hint">
                {t('materials.fileHint')}
              </p>
              {actionData?.errors?.fieldErrors.file ? (
                <p className="field__error" id="file-error">
                  {actionData.errors.fieldErrors.file}
                </p>
              ) : null}
              <input
                type="file"
                id="file"
                name="file"
                required
                accept=".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp,.png,.jpg,.jpeg,.txt"
                aria-describedby={actionData?.errors?.fieldErrors.file ? 'file-hint file-error' : 'file-hint'}
                aria-invalid={actionData?.errors?.fieldErrors.file ? true : undefined}
              />
            </div>
            <TextField name="title" label={t('materials.titleField')} hint={t('materials.titleHint')} maxLength={200} autoComplete="off" error={actionData?.errors?.fieldErrors.title} />
            <div className="choice">
              <input type="checkbox" id="agenda" name="agenda" value="true" />
              <label htmlFor="agenda">{t('materials.markAgenda')}</label>
            </div>
            <button type="submit" className="button" disabled={busy}>
              {t('materials.upload')}
            </button>
          </Form>
        )}
      </section>

      <section aria-labelledby="files-title" className="event__section">
        <h2 id="files-title">{t('materials.listTitle')}</h2>
        {items.length === 0 ? (
          <p>{t('materials.none')}</p>
        ) : (
          <ul className="plain-list" data-testid="managed-materials">
            {items.map((m) => (
              <li key={m.id} className="plain-list__item">
                <p>
                  <a href={m.url} download={m.fileName}>
                    {m.title}
                  </a>{' '}
                  {m.agenda ? <span className="tag">{t('materials.agenda')}</span> : null}
                  <br />
                  <span className="muted">
                    {m.fileName}, {size(m.sizeBytes)}
                  </span>
                </p>
                <div className="material-actions">
                  <Form method="post">
                    <input type="hidden" name="materialId" value={m.id} />
                    <button type="submit" name="intent" value={m.agenda ? 'notAgenda' : 'agenda'} className="button button--secondary" disabled={busy}>
                      {m.agenda ? t('materials.unmarkAgendaOf', { title: m.title }) : t('materials.markAgendaOf', { title: m.title })}
                    </button>
                  </Form>
                  <Form method="post">
                    <input type="hidden" name="materialId" value={m.id} />
                    <button type="submit" name="intent" value="remove" className="button button--danger" disabled={busy}>
                      {t('materials.removeOf', { title: m.title })}
                    </button>
                  </Form>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
