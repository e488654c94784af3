import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Form, useFetcher, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { Editor } from '@tiptap/react';
import { CONTENT_NOTES, LOCALE_NAMES, STORY_TOPICS, SUPPORTED_LOCALES, type StoryTopic } from '@sorstars/shared';
import { TextField } from '~/components/ui/TextField';
import { SelectField } from '~/components/ui/SelectField';
import { ErrorSummary } from '~/components/ui/ErrorSummary';
import { dateTimeFormat } from '~/utils/intl-format';
import { RichTextField } from './RichTextField';
import { noteLabel, topicLabel } from './labels';
import type { FormErrors } from '~/utils/forms.server';
import { isUnreachable, type Unreachable } from '~/utils/unreachable';

/** What the story form holds; the server's action refills it from the same shape after a failed send. */
export interface StoryFormState {
  id: string | null;
  title: string;
  content: unknown;
  text: string;
  language: string;
  topics: string[];
  notes: string[];
  ownNotes: string;
  visibility: string;
  spaceId: string;
  anonymous: boolean;
  consent: boolean;
  status: 'draft' | 'published';
}

type AutosaveAnswer =
  | { intent: 'autosave'; ok: true; id: string; savedAt: string }
  | { intent: string; ok: false; errors: FormErrors; values: StoryFormState; retry: boolean };

type SaveState = 'idle' | 'local' | 'needsTitle' | 'saving' | 'saved' | 'failed' | 'invalid' | 'published';

const DRAFT_PREFIX = 'sorstars:story-draft:';
const SAVE_AFTER_MS = 3_000;
const RETRY_MS = [5_000, 15_000, 30_000, 60_000];

interface StoryFormProps {
  initial: StoryFormState;
  spaces: { id: string; name: string }[] | null;
  errors?: FormErrors;
  /** Where the form posts: the route's own path. */
  action: string;
  /** Shown after a save without JavaScript. */
  savedNotice?: boolean;
}

export function StoryForm({ initial, spaces, errors, action, savedNotice }: StoryFormProps) {
  const { t, i18n } = useTranslation('stories');
  const [values, setValues] = useState<StoryFormState>(initial);
  const [storyId, setStoryId] = useState<string | null>(initial.id);
  const [saveState, setSaveState] = useState<SaveState>(initial.status === 'published' ? 'published' : 'idle');
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const [restored, setRestored] = useState(false);
  const [autoErrors, setAutoErrors] = useState<FormErrors | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  const editorRef = useRef<Editor | null>(null);
  const valuesRef = useRef(values);
  valuesRef.current = values;
  const idRef = useRef(storyId);
  idRef.current = storyId;
  const version = useRef(0);
  const savedVersion = useRef(0);
  const retries = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const pending = useRef(0);
  const pendingRestore = useRef<unknown>(null);
  const fetcher = useFetcher<AutosaveAnswer | Unreachable>();
  const fetcherState = useRef(fetcher.state);
  fetcherState.current = fetcher.state;
  const navigation = useNavigation();
  const busy = navigation.state === 'submitting';
  const autosaves = initial.status !== 'published';
  // Background saves mark fields quietly; only a press of a button moves focus to the summary.
  const fieldErrors = (errors ?? autoErrors)?.fieldErrors ?? {};

  const storageKey = (id: string | null) => `${DRAFT_PREFIX}${id ?? 'new'}`;

  const snapshot = useCallback((): StoryFormState => {
    const editor = editorRef.current;
    return { ...valuesRef.current, id: idRef.current, content: editor ? editor.getJSON() : valuesRef.current.content };
  }, []);

  const keepLocally = useCallback(() => {
    try {
      window.sessionStorage.setItem(storageKey(idRef.current), JSON.stringify(snapshot()));
    } catch {
      // Storage can be full or blocked; the draft is still saved on the server.
    }
  }, [snapshot]);

  const formDataFor = useCallback(
    (intent: string) => {
      const form = formRef.current;
      const formData = form ? new FormData(form) : new FormData();
      formData.set('intent', intent);
      if (idRef.current) formData.set('id', idRef.current);
      const editor = editorRef.current;
      if (editor) formData.set('contentJson', JSON.stringify(editor.getJSON()));
      return formData;
    },
    [],
  );

  const save = useCallback(() => {
    clearTimeout(timer.current);
    if (!autosaves || version.current === savedVersion.current) return;
    if (!valuesRef.current.title.trim()) {
      setSaveState('needsTitle');
      return;
    }
    // One save at a time: the next starts when this one answers, so a draft is created only once.
    if (fetcherState.current !== 'idle') {
      timer.current = setTimeout(save, 1_000);
      return;
    }
    setSaveState('saving');
    pending.current = version.current;
    fetcher.submit(formDataFor('autosave'), { method: 'post', action });
  }, [action, autosaves, fetcher, formDataFor]);
  const changed = useCallback(() => {
    version.current += 1;
    keepLocally();
    if (!autosaves) return;
    setSaveState((s) => (s === 'saving' ? s : 'local'));
    clearTimeout(timer.current);
    timer.current = setTimeout(save, SAVE_AFTER_MS);
  }, [autosaves, keepLocally, save]);

  // The background save answered.
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return;
    const answer = fetcher.data;
    if (!isUnreachable(answer) && answer.ok) {
      if (!idRef.current) {
        // The draft now exists: keep it under its id, and let a reload open it for editing.
        try {
          window.sessionStorage.removeItem(storageKey(null));
        } catch {
          // ignore
        }
        idRef.current = answer.id;
        setStoryId(answer.id);
        window.history.replaceState(window.history.state, '', `/stories/${answer.id}/edit`);
      }
      savedVersion.current = pending.current;
      retries.current = 0;
      setSavedAt(answer.savedAt);
      setAutoErrors(undefined);
      setSaveState('saved');
      keepLocally();
      if (version.current !== savedVersion.current) timer.current = setTimeout(save, SAVE_AFTER_MS);
    } else if (isUnreachable(answer) || answer.retry) {
      setSaveState('failed');
      const wait = RETRY_MS[Math.min(retries.current, RETRY_MS.length - 1)];
      retries.current += 1;
      timer.current = setTimeout(save, wait);
    } else {
      setAutoErrors(answer.errors);
      setSaveState('invalid');
    }
  }, [fetcher.state, fetcher.data]);

  // Bring back what was typed in this tab before a reload or a lost connection.
  useEffect(() => {
    let stored: StoryFormState | null = null;
    try {
      const raw = window.sessionStorage.getItem(storageKey(initial.id));
      stored = raw ? (JSON.parse(raw) as StoryFormState) : null;
    } catch {
      stored = null;
    }
    if (!stored || errors) return;
    // Nothing new on this device (say, the last background save got through): no need to say anything.
    const { id: _storedId, ...storedRest } = stored;
    const { id: _initialId, ...initialRest } = initial;
    if (JSON.stringify(storedRest) === JSON.stringify(initialRest)) return;
    setValues({ ...initial, ...stored, id: initial.id });
    valuesRef.current = { ...initial, ...stored, id: initial.id };
    setRestored(true);
    if (stored.content) {
      if (editorRef.current) editorRef.current.commands.setContent(stored.content as object);
      else pendingRestore.current = stored.content;
    }
    version.current += 1;
  }, []);

  // Save before the tab goes to the background or closes (phones kill background tabs).
  useEffect(() => {
    if (!autosaves) return;
    const flush = () => {
      if (version.current === savedVersion.current) return;
      keepLocally();
      if (!idRef.current || !valuesRef.current.title.trim()) return;
      navigator.sendBeacon?.(action, formDataFor('autosave'));
      savedVersion.current = version.current;
    };
    const onVisibility = () => {
      if (document.visibilityState === 'hidden') flush();
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('pagehide', flush);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('pagehide', flush);
      clearTimeout(timer.current);
    };
  }, [action, autosaves, formDataFor, keepLocally]);

  const onEditor = useCallback((editor: Editor | null) => {
    editorRef.current = editor;
    if (editor && pendingRestore.current) {
      editor.commands.setContent(pendingRestore.current as object);
      pendingRestore.current = null;
    }
  }, []);

  function update<K extends keyof StoryFormState>(key: K, value: StoryFormState[K]) {
    setValues((v) => ({ ...v, [key]: value }));
    valuesRef.current = { ...valuesRef.current, [key]: value };
    changed();
  }
  function toggle(key: 'topics' | 'notes', item: string, on: boolean) {
    const list = valuesRef.current[key];
    update(key, on ? [...list.filter((x) => x !== item), item] : list.filter((x) => x !== item));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    clearTimeout(timer.current);
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value === 'publish' || submitter?.value === 'save') {
      try {
        window.sessionStorage.removeItem(storageKey(idRef.current));
        window.sessionStorage.removeItem(storageKey(null));
      } catch {
        // ignore
      }
    }
  }

  const time = savedAt ? dateTimeFormat(i18n.language, { timeStyle: 'short' }).format(new Date(savedAt)) : '';
  const statusText: Record<SaveState, string> = {
    idle: t('form.autosaveHint'),
    local: t('form.statusLocal'),
    needsTitle: t('form.statusNeedsTitle'),
    saving: t('form.statusSaving'),
    saved: t('form.statusSaved', { time }),
    failed: t('form.statusFailed'),
    invalid: t('form.statusInvalid'),
    published: t('form.statusPublishedEdit'),
  };
  const spaceList = spaces ?? [];
  const noSpaces = spaceList.length === 0;

  return (
    <>
      {savedNotice ? (
        <p className="notice" role="status">
          {t('form.savedNotice')}
        </p>
      ) : null}
      {restored ? (
        <p className="notice" role="status">
          {t('form.restored')}
        </p>
      ) : null}
      <ErrorSummary formError={errors?.formError} fieldErrors={errors?.fieldErrors} fieldId={(name) => FIELD_IDS[name] ?? name} />
      <Form method="post" action={action} noValidate className="form story-form" ref={formRef} onSubmit={onSubmit}>
        {storyId ? <input type="hidden" name="id" value={storyId} /> : null}
        <TextField
          name="title"
          label={t('form.title')}
          hint={t('form.titleHint')}
          error={fieldErrors.title}
          value={values.title}
          onChange={(e) => update('title', e.target.value)}
          maxLength={200}
          autoComplete="off"
          required
        />
        <RichTextField
          kind="story"
          id="content"
          label={t('form.body')}
          hint={t('form.bodyHint')}
          error={fieldErrors.content}
          initialContent={initial.content}
          initialText={initial.text}
          onChange={changed}
          onEditor={onEditor}
        />

        <SelectField
          name="language"
          label={t('form.language')}
          hint={t('form.languageHint')}
          error={fieldErrors.language}
          value={values.language}
          onChange={(e) => update('language', e.target.value)}
        >
          {SUPPORTED_LOCALES.map((code) => (
            <option key={code} value={code} lang={code}>
              {LOCALE_NAMES[code]}
            </option>
          ))}
        </SelectField>

        <fieldset className={fieldErrors.topics ? 'field field--invalid' : 'field'} aria-describedby="topics-hint">
          <legend>{t('form.topics')}</legend>
          <p className="field__hint" id="topics-hint">
            {t('form.topicsHint')}
          </p>
          {fieldErrors.topics ? <p className="field__error">{fieldErrors.topics}</p> : null}
          <div className="choice-columns">
            {STORY_TOPICS.map((topic: StoryTopic) => (
              <div className="choice" key={topic}>
                <input
                  type="checkbox"
                  id={`topic-${topic}`}
                  name="topics"
                  value={topic}
                  checked={values.topics.includes(topic)}
                  onChange={(e) => toggle('topics', topic, e.target.checked)}
                />
                <label htmlFor={`topic-${topic}`}>{topicLabel(t, topic)}</label>
              </div>
            ))}
          </div>
        </fieldset>

        <fieldset className={fieldErrors.contentWarnings ? 'field field--invalid' : 'field'} aria-describedby="notes-hint">
          <legend>{t('form.notes')}</legend>
          <p className="field__hint" id="notes-hint">
            {t('form.notesHint')}
          </p>
          {fieldErrors.contentWarnings ? (
            <p className="field__error" id="notes-error">
              {fieldErrors.contentWarnings}
            </p>
          ) : null}
          <div className="choice-columns">
            {CONTENT_NOTES.map((note) => (
              <div className="choice" key={note}>
                <input
                  type="checkbox"
                  id={`note-${note}`}
                  name="notes"
                  value={note}
                  checked={values.notes.includes(note)}
                  onChange={(e) => toggle('notes', note, e.target.checked)}
                />
                <label htmlFor={`note-${note}`}>{noteLabel(t, note)}</label>
              </div>
            ))}
          </div>
          <TextField
            name="ownNotes"
            label={t('form.ownNotes')}
            hint={t('form.ownNotesHint')}
            value={values.ownNotes}
            onChange={(e) => update('ownNotes', e.target.value)}
            autoComplete="off"
          />
        </fieldset>

        <fieldset className={fieldErrors.visibility || fieldErrors.spaceId ? 'field field--invalid' : 'field'}>
          <legend>{t('form.visibility')}</legend>
          {fieldErrors.visibility ? <p className="field__error">{fieldErrors.visibility}</p> : null}
          <div className="choice">
            <input
              type="radio"
              id="visibility-public"
              name="visibility"
              value="public"
              checked={values.visibility === 'public'}
              onChange={() => update('visibility', 'public')}
              aria-describedby="visibility-public-hint"
            />
            <label htmlFor="visibility-public">{t('form.visibilityPublic')}</label>
            <p className="field__hint" id="visibility-public-hint">
              {t('form.visibilityPublicHint')}
            </p>
          </div>
          <div className="choice">
            <input
              type="radio"
              id="visibility-members"
              name="visibility"
              value="members"
              checked={values.visibility === 'members'}
              onChange={() => update('visibility', 'members')}
              aria-describedby="visibility-members-hint"
            />
            <label htmlFor="visibility-members">{t('form.visibilityMembers')}</label>
            <p className="field__hint" id="visibility-members-hint">
              {t('form.visibilityMembersHint')}
            </p>
          </div>
          <div className="choice">
            <input
              type="radio"
              id="visibility-space"
              name="visibility"
              value="space"
              checked={values.visibility === 'space'}
              onChange={() => update('visibility', 'space')}
              disabled={noSpaces && values.visibility !== 'space'}
              aria-describedby="visibility-space-hint"
            />
            <label htmlFor="visibility-space">{t('form.visibilitySpace')}</label>
            <p className="field__hint" id="visibility-space-hint">
              {spaces === null ? t('form.spacesUnavailable') : noSpaces ? t('form.noSpaces') : t('form.visibilitySpaceHint')}
            </p>
          </div>
          {!noSpaces ? (
            <div className="story-form__space">
              <SelectField
                name="spaceId"
                label={t('form.space')}
                error={fieldErrors.spaceId}
                value={values.spaceId}
                onChange={(e) => {
                  update('spaceId', e.target.value);
                  if (e.target.value) update('visibility', 'space');
                }}
              >
                <option value="">{t('form.spaceNone')}</option>
                {spaceList.map((space) => (
                  <option key={space.id} value={space.id}>
                    {space.name}
                  </option>
                ))}
              </SelectField>
            </div>
          ) : null}
        </fieldset>

        <div className="field--checkbox">
          <input
            type="checkbox"
            id="anonymous"
            name="anonymous"
            value="true"
            checked={values.anonymous}
            onChange={(e) => update('anonymous', e.target.checked)}
            aria-describedby="anonymous-hint"
          />
          <label htmlFor="anonymous">{t('form.anonymous')}</label>
          <p className="field__hint choice__hint" id="anonymous-hint">
            {t('form.anonymousHint')}
          </p>
        </div>
        <div className="field--checkbox">
          <input
            type="checkbox"
            id="consent"
            name="consent"
            value="true"
            checked={values.consent}
            onChange={(e) => update('consent', e.target.checked)}
            aria-describedby="consent-hint"
          />
          <label htmlFor="consent">{t('form.consent')}</label>
          <p className="field__hint choice__hint" id="consent-hint">
            {t('form.consentHint')}
          </p>
        </div>

        <p className={`save-status save-status--${saveState}`} role="status" data-testid="save-status">
          {statusText[saveState]}
        </p>
        <div className="button-row story-form__actions">
          <button type="submit" name="intent" value="publish" className="button" disabled={busy}>
            {initial.status === 'published' ? t('form.saveChanges') : t('form.publish')}
          </button>
          {initial.status !== 'published' ? (
            <button type="submit" name="intent" value="save" className="button button--secondary" disabled={busy}>
              {t('form.saveDraft')}
            </button>
          ) : null}
        </div>
      </Form>
    </>
  );
}

/** Error summary links: a field name to the id of its input. */
const FIELD_IDS: Record<string, string> = {
  topics: `topic-${STORY_TOPICS[0]}`,
  contentWarnings: `note-${CONTENT_NOTES[0]}`,
  visibility: 'visibility-public',
};
