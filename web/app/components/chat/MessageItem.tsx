import { memo, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { MESSAGE_MAX, MESSAGE_REACTIONS, type Message, type MessageReaction, type PublicUser } from '@sorstars/shared';
import { formatNumber } from '~/utils/i18n';
import { DateTime } from '~/components/ui/DateTime';
import { ModerationNotice } from '~/components/moderation/ModerationNotice';
import { ReportLink } from '~/components/moderation/ReportLink';
import { MessageText } from './MessageText';
import { reactionCount } from './chat-state';
import { shownName } from '~/utils/people';

export const REACTION_EMOJI: Record<MessageReaction, string> = {
  heart: '❤️',
  hug: '🫂',
  strength: '💪',
  thanks: '🙏',
  same: '🤝',
};

/** Written out key by key, so every translation key stays findable in the code. */
export function reactionLabel(t: TFunction, kind: MessageReaction): string {
  switch (kind) {
    case 'heart':
      return t('reactions.heart', { ns: 'chat' });
    case 'hug':
      return t('reactions.hug', { ns: 'chat' });
    case 'strength':
      return t('reactions.strength', { ns: 'chat' });
    case 'thanks':
      return t('reactions.thanks', { ns: 'chat' });
    case 'same':
      return t('reactions.same', { ns: 'chat' });
  }
}

export function authorName(t: TFunction, author: PublicUser | null): string {
  return author ? shownName(author) : t('formerMember', { ns: 'chat' });
}

export interface MessageItemProps {
  /**
   * The chat's `t` (namespace `chat`), from the list rather than a `useTranslation` in every
   * message: each call repeats the hook's own work (an options object, namespace checks, arrays
   * and closures), and a space page renders fifty messages (2.5 % of the web's CPU and 7 % of what
   * it allocated for that page).
   */
  t: TFunction<'chat'>;
  message: Message;
  me: PublicUser;
  locale: string;
  /** Reply, edit, delete and reactions need the live connection (JavaScript). */
  interactive: boolean;
  /** Whether JavaScript has taken over the page: the options open in place, else on a page of their own. */
  hydrated: boolean;
  canPost: boolean;
  firstUnread: boolean;
  editing: boolean;
  /** The page whose action takes the block form, and where a report returns to. */
  path: string;
  /** Sends a block form through the list's one fetcher, so blocking does not leave the page. */
  onBlock: (form: HTMLFormElement) => void;
  onStartEdit: (id: string | null) => void;
  onEdit: (message: Message, body: string) => Promise<boolean>;
  onDelete: (message: Message) => Promise<void>;
  onReact: (message: Message, kind: MessageReaction) => Promise<void>;
  onReply: (message: Message) => void;
}

/**
 * Everything a message's HTML depends on, as the key the server keeps that HTML under
 * (remembered-html.server.ts): what MessageItem shows of its props, and of the reader only
 * whether it is theirs, mentions them, or names them in its words. Whatever the API says of the
 * message for this reader (their reactions, a quote of someone they blocked) is in the message.
 * Change this with MessageItem; `test/web/remembered-html.e2e-spec.ts` compares pages.
 */
export function messageHtmlKey(props: MessageItemProps): string {
  const { message, me } = props;
  return JSON.stringify([
    props.locale,
    props.interactive,
    props.hydrated,
    props.canPost,
    props.firstUnread,
    props.editing,
    props.path,
    message.author?.id === me.id,
    message.mentions.includes(me.id),
    message.body.includes('@') ? me.username : null,
    message,
  ]);
}

/** The page with a message's options (report, block) for a reader without JavaScript, or before it loads. */
export function messageOptionsHref(message: Pick<Message, 'id' | 'spaceId'>): string {
  // Written out rather than through URLSearchParams: forty of these on a space page, and both are ids.
  return `/message-options?space=${encodeURIComponent(message.spaceId)}&message=${encodeURIComponent(message.id)}`;
}

/** The quote a reply carries; of someone the reader blocked, only the words saying so. */
export function replyQuote(t: TFunction, quote: NonNullable<Message['replyTo']>) {
  if (quote.blocked) return <p className="message__quote message__quote--blocked">{t('replyToBlocked')}</p>;
  return (
    <blockquote className="message__quote">
      <span className="message__quote-author">{t('replyTo', { name: authorName(t, quote.author) })}</span> {quote.deleted ? t('deleted') : quote.excerpt}
    </blockquote>
  );
}

/** What a form that blocks a message's author posts (intent `block`, to the chat's page), and says. */
export function BlockFields({ t, authorId, name }: { t: TFunction; authorId: string; name: string }) {
  return (
    <>
      <input type="hidden" name="intent" value="block" />
      <input type="hidden" name="userId" value={authorId} />
      <p>{t('menu.blockExplanation', { name })}</p>
      <button type="submit" className="button button--danger button--small">
        {t('menu.blockConfirm', { name })}
      </button>
    </>
  );
}

function MessageItemImpl(props: MessageItemProps) {
  const { t, message, me, locale, interactive, hydrated, canPost, firstUnread, editing, path } = props;
  const mine = message.author?.id === me.id;
  const deleted = Boolean(message.deletedAt);
  // Held, hidden or removed by moderators: a tombstone for others; its author still sees it, and why.
  const moderatedAway = Boolean(message.moderation) && !mine && !deleted;
  const mentionsMe = message.mentions.includes(me.id);
  const name = authorName(t, message.author);
  const labelId = `message-${message.id}-author`;
  const [confirmDelete, setConfirmDelete] = useState(false);
  // The options are rendered only once opened: forty menus, each with a block form, were a third
  // of a space page's markup and of the web's work to render it, for options rarely used.
  const [menuOpen, setMenuOpen] = useState(false);
  const menuRef = useRef<HTMLDetailsElement>(null);
  const menuShown = !deleted && !moderatedAway && hydrated && (interactive || !mine) && Boolean(message.author);
  // A menu that goes (the connection lost) comes back closed: its body goes with it.
  useEffect(() => {
    if (!menuShown) setMenuOpen(false);
  }, [menuShown]);

  const closeMenu = () => {
    if (menuRef.current) menuRef.current.open = false;
  };

  return (
    <>
      {firstUnread ? (
        <li className="unread-divider" id="first-unread" tabIndex={-1} data-testid="unread-divider">
          <span>{t('newSinceLastVisit')}</span>
        </li>
      ) : null}
      <li
        className={['message', mine ? 'message--mine' : '', deleted ? 'message--deleted' : '', mentionsMe ? 'message--mention' : ''].filter(Boolean).join(' ')}
        data-testid="message"
        id={`message-${message.id}`}
        data-message-id={message.id}
        data-seq={message.seq}
        aria-labelledby={labelId}
      >
        <div className="message__meta">
          <span className="message__author" id={labelId}>
            {name}
          </span>
          <span className="message__time">
            <DateTime value={message.createdAt} locale={locale} />
          </span>
          {message.editedAt && !deleted ? <span className="message__edited">{t('edited')}</span> : null}
        </div>

        {deleted ? (
          <p className="message__body message__body--deleted">{t('deleted')}</p>
        ) : moderatedAway ? (
          <ModerationNotice moderation={message.moderation} isAuthor={false} className="message__body message__body--deleted moderation-notice" />
        ) : (
          <>
            {message.replyTo ? replyQuote(t, message.replyTo) : null}
            {mine && message.moderation ? <ModerationNotice moderation={message.moderation} isAuthor /> : null}
            {editing ? (
              <EditForm message={message} onSave={props.onEdit} onCancel={() => props.onStartEdit(null)} />
            ) : (
              <p className="message__body">
                <MessageText text={message.body} me={me.username} />
              </p>
            )}
            <Reactions t={t} locale={locale} message={message} interactive={interactive && canPost} onReact={props.onReact} />
          </>
        )}

        {!deleted && !moderatedAway && !mine && message.author && !hydrated ? (
          // Before JavaScript (or without it): the same options on a page of their own.
          <a href={messageOptionsHref(message)} className="message__menu message__menu-link" rel="nofollow" data-testid="message-options-link">
            {t('menu.open')}
            <span className="visually-hidden"> {t('menu.forMessageFrom', { name })}</span>
          </a>
        ) : null}
        {menuShown && message.author ? (
          <details className="message__menu" ref={menuRef} onToggle={(event) => setMenuOpen(event.currentTarget.open)}>
            <summary>
              {t('menu.open')}
              <span className="visually-hidden"> {t('menu.forMessageFrom', { name })}</span>
            </summary>
            {menuOpen ? (
              <div className="message__menu-body">
                {interactive && canPost ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      closeMenu();
                      props.onReply(message);
                    }}
                  >
                    {t('menu.reply')}
                  </button>
                ) : null}
                {interactive && canPost && mine ? (
                  <button
                    type="button"
                    className="link-button"
                    onClick={() => {
                      closeMenu();
                      props.onStartEdit(message.id);
                    }}
                  >
                    {t('menu.edit')}
                  </button>
                ) : null}
                {interactive && canPost && mine ? (
                  confirmDelete ? (
                    <div className="confirm">
                      <p>{t('menu.deleteConfirm')}</p>
                      <button type="button" className="button button--danger button--small" onClick={() => void props.onDelete(message)}>
                        {t('menu.deleteYes')}
                      </button>{' '}
                      <button type="button" className="button button--secondary button--small" onClick={() => setConfirmDelete(false)}>
                        {t('menu.deleteNo')}
                      </button>
                    </div>
                  ) : (
                    <button type="button" className="link-button" onClick={() => setConfirmDelete(true)}>
                      {t('menu.delete')}
                    </button>
                  )
                ) : null}
                {!mine ? <ReportLink targetType="message" targetId={message.id} back={path} /> : null}
                {!mine ? (
                  <details className="message__block">
                    <summary>{t('menu.block', { name })}</summary>
                    {/* Posted through the list's one fetcher (onBlock), which the page keeps after the menu closes. */}
                    <form
                      method="post"
                      action={path}
                      className="confirm"
                      onSubmit={(event) => {
                        event.preventDefault();
                        props.onBlock(event.currentTarget);
                      }}
                    >
                      <BlockFields t={t} authorId={message.author.id} name={name} />
                    </form>
                  </details>
                ) : null}
              </div>
            ) : null}
          </details>
        ) : null}
      </li>
    </>
  );
}

export const MessageItem = memo(MessageItemImpl);

interface ReactionsProps {
  t: TFunction<'chat'>;
  locale: string;
  message: Message;
  interactive: boolean;
  onReact: (message: Message, kind: MessageReaction) => Promise<void>;
}

function Reactions({ t, locale, message, interactive, onReact }: ReactionsProps) {
  // Only reactions someone gave take room. Most messages have none: no five lookups to find that out.
  const given = message.reactions.length === 0 ? [] : MESSAGE_REACTIONS.map((kind) => ({ kind, ...reactionCount(message, kind) })).filter((r) => r.count > 0);
  if (!interactive) {
    if (given.length === 0) return null;
    return (
      <ul className="reactions reactions--static" aria-label={t('reactions.label')}>
        {given.map((r) => (
          <li key={r.kind}>
            <span aria-hidden="true">{REACTION_EMOJI[r.kind]}</span> {reactionLabel(t, r.kind)} {formatNumber(r.count, locale)}
          </li>
        ))}
      </ul>
    );
  }
  // Given reactions as small chips; the five choices wait behind one button.
  const name = authorName(t, message.author);
  return (
    <div className="reactions-row">
      {given.length > 0 ? (
        <ul className="reactions" aria-label={t('reactions.label')}>
          {given.map(({ kind, count, mine }) => (
            <li key={kind}>
              <button type="button" className="reaction" aria-pressed={mine} onClick={() => void onReact(message, kind)} data-reaction={kind}>
                <span aria-hidden="true">{REACTION_EMOJI[kind]}</span> <span className="visually-hidden">{reactionLabel(t, kind)}</span>
                <span className="reaction__count"> {formatNumber(count, locale)}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <ReactionPicker t={t} message={message} name={name} onReact={onReact} />
    </div>
  );
}

function ReactionPicker({ t, message, name, onReact }: Pick<ReactionsProps, 't' | 'message' | 'onReact'> & { name: string }) {
  const ref = useRef<HTMLDetailsElement>(null);
  return (
    <details className="reaction-picker" ref={ref}>
      <summary>
        {t('reactions.add')}
        <span className="visually-hidden"> {t('menu.forMessageFrom', { name })}</span>
      </summary>
      <ul className="reaction-picker__choices">
        {MESSAGE_REACTIONS.map((kind) => (
          <li key={kind}>
            <button
              type="button"
              className="reaction"
              aria-pressed={reactionCount(message, kind).mine}
              data-reaction-choice={kind}
              onClick={() => {
                if (ref.current) ref.current.open = false;
                void onReact(message, kind);
              }}
            >
              <span aria-hidden="true">{REACTION_EMOJI[kind]}</span> {reactionLabel(t, kind)}
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

function EditForm({ message, onSave, onCancel }: { message: Message; onSave: (message: Message, body: string) => Promise<boolean>; onCancel: () => void }) {
  const { t } = useTranslation('chat');
  const [body, setBody] = useState(message.body);
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLTextAreaElement>(null);
  const id = `edit-${message.id}`;
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const tooLong = body.length > MESSAGE_MAX;
  return (
    <form
      className="message__edit"
      onSubmit={async (event) => {
        event.preventDefault();
        if (!body.trim() || tooLong) return;
        setBusy(true);
        await onSave(message, body);
        setBusy(false);
      }}
    >
      <label htmlFor={id}>{t('editLabel')}</label>
      <textarea
        id={id}
        ref={ref}
        value={body}
        rows={3}
        onChange={(event) => setBody(event.target.value)}
        onKeyDown={(event) => {
          // Escape cancels, and still counts towards the double-Escape quick exit.
          if (event.key === 'Escape') onCancel();
        }}
        aria-invalid={tooLong ? true : undefined}
      />
      <div className="message__edit-actions">
        <button type="submit" className="button button--small" disabled={busy || !body.trim() || tooLong}>
          {t('editSave')}
        </button>
        <button type="button" className="button button--secondary button--small" onClick={onCancel}>
          {t('editCancel')}
        </button>
      </div>
    </form>
  );
}
