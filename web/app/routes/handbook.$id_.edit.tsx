import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { HANDBOOK_FREEZE_DAYS } from '@sorstars/shared';
import { api } from '~/utils/api.server';
import { requireUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { problemErrors, translatorFor, type FormErrors } from '~/utils/forms.server';
import { candidatesSchema, editionSchema, loadEdition } from '~/utils/handbook.server';
import { dateTimeFormat } from '~/utils/intl-format';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { SelectField } from '~/components/ui/SelectField';
import { TextField } from '~/components/ui/TextField';
import { STATUS_KEY } from '~/components/handbook/labels';
import { Downloads } from '~/components/handbook/Downloads';

export const handle: RouteHandle = { title: (t) => t('staff.title', { ns: 'handbook' }) };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const edition = await loadEdition(request, params.id, locale);
  const candidates = edition.canEdit ? await api(request, `/api/handbook/editions/${edition.id}/candidates`, { schema: candidatesSchema, locale }) : null;
  const earliest = new Date(Date.now() + (HANDBOOK_FREEZE_DAYS + 1) * 86_400_000).toISOString().slice(0, 10);
  return { edition, candidates: candidates?.ok ? candidates.data.items : [], locale, earliest };
}

type ActionResult = { errors: FormErrors };

/** Every change is one small form with an intent: works the same with and without JavaScript. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const locale = await resolveLocale(request, user.locale);
  const t = await translatorFor(locale);
  const edition = await loadEdition(request, params.id, locale);
  const form = await request.formData();
  const field = (name: string) => String(form.get(name) ?? '');
  const base = `/api/handbook/editions/${edition.id}`;
  const id = (name: string) => encodeURIComponent(field(name));
  const calls: Record<string, () => ReturnType<typeof api<unknown>>> = {
    addChapter: () => api(request, `${base}/chapters`, { method: 'POST', body: { title: field('title') }, locale, schema: editionSchema }),
    renameChapter: () => api(request, `${base}/chapters/${id('chapterId')}`, { method: 'PATCH', body: { title: field('title') }, locale, schema: editionSchema }),
    deleteChapter: () => api(request, `${base}/chapters/${id('chapterId')}`, { method: 'DELETE', locale, schema: editionSchema }),
    moveChapter: () => api(request, `${base}/chapters/${id('chapterId')}/move`, { method: 'POST', body: { direction: field('direction') }, locale, schema: editionSchema }),
    addStory: () => api(request, `${base}/chapters/${id('chapterId')}/entries`, { method: 'POST', body: { storyId: field('storyId') }, locale, schema: editionSchema }),
    removeStory: () => api(request, `${base}/entries/${id('entryId')}`, { method: 'DELETE', locale, schema: editionSchema }),
    moveStory: () => api(request, `${base}/entries/${id('entryId')}/move`, { method: 'POST', body: { direction: field('direction') }, locale, schema: editionSchema }),
    // A date on the form means the start of that day in UTC.
    freeze: () => api(request, `${base}/freeze`, { method: 'POST', body: { publishAt: field('publishAt') ? `${field('publishAt')}T00:00:00Z` : '' }, locale, schema: editionSchema }),
    deleteEdition: () => api(request, base, { method: 'DELETE', locale }),
  };
  const intent = field('intent');
  const call = calls[intent];
  if (!call) return data<ActionResult>({ errors: { formError: t('VALIDATION_FAILED', { ns: 'errors' }), fieldErrors: {} } }, { status: 400 });
  const result = await call();
  if (result.ok) return redirect(intent === 'deleteEdition' ? `/organizations/${edition.organization.slug}/handbook` : `/handbook/${edition.id}/edit`);
  const errors = problemErrors(result, t);
  // The API's own sentence names the story (e.g. which one its author withdrew).
  return data<ActionResult>({ errors: { ...errors, formError: result.problem.detail || errors.formError } }, { status: result.status });
}

function Move({ intent, name, id, t }: { intent: string; name: string; id: string; t: (k: string) => string }) {
  return (
    <>
      {(['up', 'down'] as const).map((direction) => (
        <Form method="post" key={direction} className="inline-form">
          <input type="hidden" name="intent" value={intent} />
          <input type="hidden" name={name} value={id} />
          <input type="hidden" name="direction" value={direction} />
          <button type="submit" className="button button--secondary">
            {direction === 'up' ? t('edit.moveUp') : t('edit.moveDown')}
          </button>
        </Form>
      ))}
    </>
  );
}

export default function EditEditionPage() {
  const { edition, candidates, locale, earliest } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionResult | undefined;
  const { t } = useTranslation('handbook');
  const day = dateTimeFormat(locale, { dateStyle: 'long' });
  const editable = edition.canEdit;
  return (
    <article aria-labelledby="edition-title">
      <p>
        <Link to={`/organizations/${edition.organization.slug}/handbook`}>{t('edit.back')}</Link>
      </p>
      <h1 id="edition-title">{edition.title}</h1>
      <p>
        {t(STATUS_KEY[edition.status])} · <Link to={`/handbook/${edition.id}`}>{t('edit.preview')}</Link>
      </p>
      {edition.status === 'frozen' && edition.publishAt ? <p className="notice">{t('edit.frozen', { date: day.format(new Date(edition.publishAt)) })}</p> : null}
      {edition.status === 'published' && edition.publishedAt ? <p className="notice">{t('edit.published', { date: day.format(new Date(edition.publishedAt)) })}</p> : null}
      <ErrorSummary formError={actionData?.errors.formError} fieldErrors={actionData?.errors.fieldErrors} />

      <section aria-labelledby="chapters-title">
        <h2 id="chapters-title">{t('edit.chapters')}</h2>
        {edition.chapters.length === 0 ? <p>{t('edit.noChapters')}</p> : null}
        {edition.chapters.map((c) => (
          <section key={c.id} aria-labelledby={`chapter-${c.id}`} className="card">
            <h3 id={`chapter-${c.id}`}>{c.title}</h3>
            {editable ? (
              <div className="button-row">
                <Move intent="moveChapter" name="chapterId" id={c.id} t={t} />
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="deleteChapter" />
                  <input type="hidden" name="chapterId" value={c.id} />
                  <button type="submit" className="button button--secondary">
                    {t('edit.deleteChapter')}
                  </button>
                </Form>
              </div>
            ) : null}
            <ol>
              {c.entries.map((e) => (
                <li key={e.id}>
                  {e.title} — <em>{e.anonymous ? t('edit.anonymous') : e.contributor}</em>
                  {editable ? (
                    <div className="button-row">
                      <Move intent="moveStory" name="entryId" id={e.id} t={t} />
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="removeStory" />
                        <input type="hidden" name="entryId" value={e.id} />
                        <button type="submit" className="button button--secondary">
                          {t('edit.removeStory')}
                        </button>
                      </Form>
                    </div>
                  ) : null}
                </li>
              ))}
            </ol>
            {editable ? (
              <>
                <Form method="post">
                  <input type="hidden" name="intent" value="renameChapter" />
                  <input type="hidden" name="chapterId" value={c.id} />
                  <TextField name="title" id={`rename-${c.id}`} label={t('edit.chapterTitle')} defaultValue={c.title} required maxLength={200} />
                  <button type="submit" className="button button--secondary">
                    {t('edit.rename')}
                  </button>
                </Form>
                {candidates.length ? (
                  <Form method="post">
                    <input type="hidden" name="intent" value="addStory" />
                    <input type="hidden" name="chapterId" value={c.id} />
                    <SelectField name="storyId" id={`story-${c.id}`} label={t('edit.addStory')}>
                      {candidates.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.title} — {s.anonymous ? t('edit.anonymous') : s.contributor}
                        </option>
                      ))}
                    </SelectField>
                    <button type="submit" className="button">
                      {t('edit.addStoryButton')}
                    </button>
                  </Form>
                ) : (
                  <p>{t('edit.noCandidates')}</p>
                )}
              </>
            ) : null}
          </section>
        ))}
        {editable ? (
          <Form method="post">
            <input type="hidden" name="intent" value="addChapter" />
            <TextField name="title" id="new-chapter" label={t('edit.chapterTitle')} required maxLength={200} />
            <button type="submit" className="button">
              {t('edit.addChapter')}
            </button>
          </Form>
        ) : null}
      </section>

      {edition.withdrawn.length ? (
        <section aria-labelledby="withdrawn-title">
          <h2 id="withdrawn-title">{t('edit.withdrawn')}</h2>
          <ul>
            {edition.withdrawn.map((w, i) => (
              <li key={w.storyId ?? i}>{w.title || '—'}</li>
            ))}
          </ul>
        </section>
      ) : null}

      {editable ? (
        <section aria-labelledby="freeze-title">
          <h2 id="freeze-title">{t('edit.freezeTitle')}</h2>
          <p>{t('edit.freezeHelp')}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="freeze" />
            <TextField name="publishAt" type="date" label={t('edit.publishAt')} min={earliest} defaultValue={earliest} required error={actionData?.errors.fieldErrors.publishAt} />
            <button type="submit" className="button">
              {t('edit.freeze')}
            </button>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="deleteEdition" />
            <button type="submit" className="button button--secondary">
              {t('edit.deleteEdition')}
            </button>
          </Form>
        </section>
      ) : null}
      <Downloads editionId={edition.id} />
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
