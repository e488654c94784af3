import type { LoaderFunctionArgs } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { api } from '~/utils/api.server';
import { getCurrentUser } from '~/utils/session.server';
import { resolveLocale } from '~/utils/i18n.server';
import { loadEdition, previewSchema } from '~/utils/handbook.server';
import { dateTimeFormat } from '~/utils/intl-format';
import type { RouteHandle } from '~/utils/route-handle';
import { GeneralErrorBoundary } from '~/components/ui/GeneralErrorBoundary';
import { Downloads } from '~/components/handbook/Downloads';

export const handle: RouteHandle = { title: (t) => t('public.title', { ns: 'handbook' }) };

/**
 * An edition as a reader sees it: public once published; before that the editors' preview. The
 * words come from the same book the files are made of (the story HTML is the API's sanitised HTML).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const edition = await loadEdition(request, params.id, locale);
  const preview = await api(request, `/api/handbook/editions/${edition.id}/preview`, { schema: previewSchema, locale });
  if (!preview.ok) throw new Response(null, { status: preview.status === 404 ? 404 : 503 });
  return { edition, book: preview.data, locale };
}

export default function EditionPage() {
  const { edition, book, locale } = useLoaderData<typeof loader>();
  const { t } = useTranslation('handbook');
  const day = dateTimeFormat(locale, { dateStyle: 'long' });
  return (
    <article className="handbook" aria-labelledby="edition-title" lang={book.language}>
      <h1 id="edition-title">{book.title}</h1>
      <p>{book.words.publishedBy}</p>
      {edition.status !== 'published' ? (
        <p className="notice" lang={locale}>
          {t('preview.note')} {edition.canEdit ? <Link to={`/handbook/${edition.id}/edit`}>{t('edit.details')}</Link> : null}
        </p>
      ) : (
        <p lang={locale}>{t('edit.published', { date: day.format(new Date(edition.publishedAt!)) })}</p>
      )}
      <Downloads editionId={edition.id} />
      <section aria-labelledby="licence-title">
        <h2 id="licence-title">{book.words.licence}</h2>
        <p>
          {book.words.licenceText} <a href={book.licenceUrl}>{book.licenceUrl}</a>
        </p>
        <h3>{book.words.contributors}</h3>
        <p>{book.contributors.join(', ')}</p>
      </section>
      <nav aria-labelledby="contents-title">
        <h2 id="contents-title">{book.words.contents}</h2>
        <ol>
          {book.chapters.map((c, i) => (
            <li key={i}>
              <a href={`#chapter-${i}`}>{c.title}</a>
              <ol>
                {c.stories.map((s, j) => (
                  <li key={j}>
                    <a href={`#story-${i}-${j}`}>{s.title}</a>
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ol>
      </nav>
      {book.introductionHtml ? (
        <section aria-labelledby="intro-title">
          <h2 id="intro-title">{book.words.introduction}</h2>
          <div dangerouslySetInnerHTML={{ __html: book.introductionHtml }} />
        </section>
      ) : null}
      {book.chapters.map((c, i) => (
        <section key={i} aria-labelledby={`chapter-${i}`}>
          <h2 id={`chapter-${i}`}>{c.title}</h2>
          {c.stories.map((s, j) => (
            <article key={j} aria-labelledby={`story-${i}-${j}`}>
              <h3 id={`story-${i}-${j}`}>{s.title}</h3>
              <p>
                <em>{s.byline}</em>
              </p>
              {s.contentNotes.length ? (
                <p className="notice">
                  <strong>{book.words.contentNotes}</strong> {s.contentNotes.join(', ')}
                </p>
              ) : null}
              <div className="story-body" dangerouslySetInnerHTML={{ __html: s.html }} />
            </article>
          ))}
        </section>
      ))}
    </article>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
