import { useEffect, useState } from 'react';
import { Form, Link, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { StoryComment } from '@sorstars/shared';
import { DateTime } from '~/components/ui/DateTime';
import { RichTextField, docToText } from './RichTextField';
import { authorName } from './StoryMeta';
import { ReportLink } from '~/components/moderation/ReportLink';

interface CommentsProps {
  storyId: string;
  comments: StoryComment[] | null;
  /** Where the next page of comments starts, and whether this is a later page. */
  nextCursor?: string | null;
  laterPage?: boolean;
  enabled: boolean;
  /** The reader's id, or null for visitors. */
  viewerId: string | null;
  /** Can the reader answer at all (signed in, published story)? */
  canRespond: boolean;
  /** Which form sent the last answer, with its message, so only that form shows it. */
  result?: { form: string; error?: string; saved?: boolean; seq?: number };
}

/** Mounted only once the browser has taken over, so closed forms do not each start an editor. */
function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

export function Comments({ storyId, comments, nextCursor, laterPage, enabled, viewerId, canRespond, result }: CommentsProps) {
  const { t } = useTranslation('stories');
  const count = comments ? comments.reduce((n, c) => n + 1 + (c.replies?.length ?? 0), 0) : 0;
  return (
    <section className="story-comments" aria-labelledby="comments-title">
      <h2 id="comments-title">{t('comments.title')}</h2>
      {comments === null ? (
        <p>{t('comments.couldNotLoad')}</p>
      ) : count === 0 ? (
        <p className="muted">{enabled ? t('comments.none') : null}</p>
      ) : (
        <ol className="comment-list">
          {comments.map((comment) => (
            <li key={comment.id} className="comment-thread">
              <CommentItem comment={comment} storyId={storyId} viewerId={viewerId} result={result} />
              {comment.replies && comment.replies.length > 0 ? (
                <ol className="comment-list comment-list--replies" aria-label={t('comments.repliesTo', { name: authorName(t, comment.author) })}>
                  {comment.replies.map((reply) => (
                    <li key={reply.id}>
                      <CommentItem comment={reply} storyId={storyId} viewerId={viewerId} result={result} />
                    </li>
                  ))}
                </ol>
              ) : null}
              {enabled && canRespond && !comment.deletedAt ? (
                <ReplyForm storyId={storyId} comment={comment} result={result} />
              ) : null}
            </li>
          ))}
        </ol>
      )}
      {nextCursor || laterPage ? (
        <nav className="pager" aria-label={t('comments.pages')}>
          {laterPage ? <Link to={`/stories/${storyId}#comments-title`}>{t('comments.first')}</Link> : null}
          {nextCursor ? <Link to={`/stories/${storyId}?comments=${encodeURIComponent(nextCursor)}#comments-title`}>{t('comments.later')}</Link> : null}
        </nav>
      ) : null}
      {!enabled ? (
        <p className="notice notice--quiet" data-testid="comments-off">
          {t('comments.off')}
        </p>
      ) : canRespond ? (
        <NewCommentForm storyId={storyId} result={result} />
      ) : viewerId === null ? (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(`/stories/${storyId}`)}`}>{t('comments.loginToComment')}</Link>
        </p>
      ) : null}
    </section>
  );
}

function CommentItem({ comment, storyId, viewerId, result }: { comment: StoryComment; storyId: string; viewerId: string | null; result?: CommentsProps['result'] }) {
  const { t, i18n } = useTranslation('stories');
  const mine = viewerId !== null && comment.author?.id === viewerId && !comment.deletedAt;
  return (
    <article className="comment" id={`comment-${comment.id}`} aria-labelledby={`comment-${comment.id}-by`}>
      <p className="comment__meta">
        <span className="comment__author" id={`comment-${comment.id}-by`}>
          {authorName(t, comment.author)}
        </span>
        <span aria-hidden="true"> · </span>
        <DateTime value={comment.createdAt} locale={i18n.language} />
        {comment.editedAt && !comment.deletedAt ? <span className="comment__edited"> · {t('meta.edited')}</span> : null}
      </p>
      {comment.deletedAt ? (
        <p className="comment__body comment__body--deleted">{t('comments.deleted')}</p>
      ) : (
        // Sanitised HTML rendered by the API from a checked document: the one place this is allowed.
        <div className="comment__body rich-body" dangerouslySetInnerHTML={{ __html: comment.html }} />
      )}
      {mine ? <OwnCommentActions comment={comment} storyId={storyId} result={result} /> : null}
      {viewerId !== null && !mine && !comment.deletedAt && comment.author?.id !== viewerId ? (
        <ReportLink targetType="comment" targetId={comment.id} back={`/stories/${storyId}#comment-${comment.id}`} />
      ) : null}
    </article>
  );
}

function OwnCommentActions({ comment, storyId, result }: { comment: StoryComment; storyId: string; result?: CommentsProps['result'] }) {
  const { t } = useTranslation('stories');
  const hydrated = useHydrated();
  const editForm = `edit-${comment.id}`;
  const failed = result?.form === editForm ? result.error : undefined;
  const [open, setOpen] = useState(Boolean(failed));
  const busy = useNavigation().state === 'submitting';
  return (
    <div className="comment__actions">
      <details open={open || undefined} onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t('comments.edit')}</summary>
        {!hydrated || open ? (
          <Form method="post" action={`/stories/${storyId}`} className="form comment-form" preventScrollReset>
            <input type="hidden" name="intent" value="editComment" />
            <input type="hidden" name="commentId" value={comment.id} />
            <RichTextField
              kind="comment"
              id={`edit-${comment.id}-text`}
              label={t('comments.editLabel')}
              error={failed}
              initialContent={comment.content}
              initialText={docToText(comment.content)}
              rows={4}
            />
            <button type="submit" className="button button--small" disabled={busy}>
              {t('comments.saveEdit')}
            </button>
          </Form>
        ) : null}
      </details>
      <details>
        <summary>{t('comments.delete')}</summary>
        <Form method="post" action={`/stories/${storyId}`} className="confirm" preventScrollReset>
          <input type="hidden" name="intent" value="deleteComment" />
          <input type="hidden" name="commentId" value={comment.id} />
          <p>{t('comments.deleteConfirmText')}</p>
          <button type="submit" className="button button--danger button--small" disabled={busy}>
            {t('comments.deleteConfirm')}
          </button>
        </Form>
      </details>
    </div>
  );
}

function ReplyForm({ storyId, comment, result }: { storyId: string; comment: StoryComment; result?: CommentsProps['result'] }) {
  const { t } = useTranslation('stories');
  const hydrated = useHydrated();
  const formName = `reply-${comment.id}`;
  const failed = result?.form === formName ? result.error : undefined;
  const [open, setOpen] = useState(Boolean(failed));
  const busy = useNavigation().state === 'submitting';
  // A sent reply closes the form.
  useEffect(() => {
    if (result?.form === formName && result.saved) setOpen(false);
  }, [result, formName]);
  return (
    <details className="reply" open={open || undefined} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('comments.reply', { name: authorName(t, comment.author) })}</summary>
      {!hydrated || open ? (
        <Form method="post" action={`/stories/${storyId}`} className="form comment-form" preventScrollReset>
          <input type="hidden" name="intent" value="comment" />
          <input type="hidden" name="replyToId" value={comment.id} />
          <RichTextField
            kind="comment"
            id={`reply-${comment.id}-text`}
            label={t('comments.replyLabel')}
            error={failed}
            initialContent={null}
            initialText=""
            rows={3}
          />
          <button type="submit" className="button button--small" disabled={busy}>
            {t('comments.sendReply')}
          </button>
        </Form>
      ) : null}
    </details>
  );
}

function NewCommentForm({ storyId, result }: { storyId: string; result?: CommentsProps['result'] }) {
  const { t } = useTranslation('stories');
  const failed = result?.form === 'comment' ? result.error : undefined;
  const busy = useNavigation().state === 'submitting';
  // After a comment is sent, a fresh, empty editor.
  const key = result?.form === 'comment' && result.saved ? `sent-${result.seq}` : 'new';
  return (
    <Form method="post" action={`/stories/${storyId}`} className="form comment-form" preventScrollReset key={key}>
      <input type="hidden" name="intent" value="comment" />
      <RichTextField
        kind="comment"
        id="new-comment"
        label={t('comments.newLabel')}
        hint={t('comments.newHint')}
        error={failed}
        initialContent={null}
        initialText=""
        rows={4}
      />
      {result?.form === 'comment' && result.saved ? (
        <p className="notice" role="status">
          {t('comments.sent')}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={busy}>
        {t('comments.send')}
      </button>
    </Form>
  );
}
