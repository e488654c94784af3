import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { EditorContent, useEditor, useEditorState, type Editor } from '@tiptap/react';
import { commentExtensions, isAllowedHref, storyExtensions, type RichTextKind } from '@sorstars/shared/rich-text';
// Types only: brings in the editor commands (toggleBold, setLink, …) that the shared extensions add.
import type {} from '@tiptap/starter-kit';

interface RichTextFieldProps {
  kind: RichTextKind;
  /** The id of the typing area (the error summary links to it). */
  id: string;
  label: string;
  hint?: string;
  error?: string;
  /** The stored document, or null for an empty field. */
  initialContent: unknown;
  /** The same words as plain text, for the textarea shown before (or without) JavaScript. */
  initialText: string;
  /** Form field names: the editor's JSON, and the plain textarea's text. */
  jsonName?: string;
  textName?: string;
  rows?: number;
  onChange?: (doc: unknown) => void;
  onEditor?: (editor: Editor | null) => void;
}

/** Adds the scheme people often leave out: "example.org" is a web address, "a@b.org" an e-mail. */
export function normaliseHref(input: string): string {
  const value = input.trim();
  if (!value || /^[a-z][a-z0-9+.-]*:/i.test(value)) return value;
  if (/^[^@\s/]+@[^@\s/]+\.[^@\s/]+$/.test(value)) return `mailto:${value}`;
  return /\s/.test(value) ? value : `https://${value}`;
}

/**
 * A tiptap editor with a labelled toolbar. Before JavaScript runs (and without it) it is a plain
 * textarea: the words still go through, as paragraphs, just without formatting.
 */
export function RichTextField({
  kind,
  id,
  label,
  hint,
  error,
  initialContent,
  initialText,
  jsonName = 'contentJson',
  textName = 'body',
  rows = 12,
  onChange,
  onEditor,
}: RichTextFieldProps) {
  const { t } = useTranslation('stories');
  const uid = useId();
  const labelId = `${id}-label`;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  const [json, setJson] = useState(() => (initialContent ? JSON.stringify(initialContent) : ''));
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;

  const editor = useEditor({
    extensions: kind === 'story' ? storyExtensions : commentExtensions,
    content: (initialContent as object | null) ?? '',
    immediatelyRender: false,
    // Its base styles are in styles.css: an injected <style> would break the CSP (style-src 'self').
    injectCSS: false,
    editorProps: { attributes: editableAttributes(id, labelId, describedBy, error) },
    onUpdate: ({ editor: current }) => {
      const doc = current.getJSON();
      setJson(JSON.stringify(doc));
      onChangeRef.current?.(doc);
    },
  });

  useEffect(() => {
    editor?.setOptions({ editorProps: { attributes: editableAttributes(id, labelId, describedBy, error) } });
  }, [editor, id, labelId, describedBy, error]);

  useEffect(() => {
    onEditor?.(editor);
    return () => onEditor?.(null);
  }, [editor, onEditor]);

  const className = `field rich-text${error ? ' field--invalid' : ''}`;
  const messages = (
    <>
      {hint ? (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={errorId}>
          {error}
        </p>
      ) : null}
    </>
  );

  if (!editor) {
    return (
      <div className={className}>
        <label htmlFor={id} id={labelId}>
          {label}
        </label>
        {messages}
        <textarea
          id={id}
          name={textName}
          rows={rows}
          defaultValue={initialText}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        <p className="field__hint">{t('editor.plainHint')}</p>
      </div>
    );
  }

  return (
    <div className={className}>
      <p className="rich-text__label" id={labelId}>
        {label}
      </p>
      {messages}
      <Toolbar editor={editor} kind={kind} controls={id} uid={uid} />
      <EditorContent editor={editor} className="rich-text__frame" />
      <input type="hidden" name={jsonName} value={json} />
    </div>
  );
}

function editableAttributes(id: string, labelId: string, describedBy: string | undefined, error: string | undefined): Record<string, string> {
  const attributes: Record<string, string> = {
    id,
    role: 'textbox',
    'aria-multiline': 'true',
    'aria-labelledby': labelId,
    class: 'rich-text__area',
    spellcheck: 'true',
  };
  if (describedBy) attributes['aria-describedby'] = describedBy;
  if (error) attributes['aria-invalid'] = 'true';
  return attributes;
}

function Toolbar({ editor, kind, controls, uid }: { editor: Editor; kind: RichTextKind; controls: string; uid: string }) {
  const { t } = useTranslation('stories');
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      h2: e.isActive('heading', { level: 2 }),
      h3: e.isActive('heading', { level: 3 }),
      bullet: e.isActive('bulletList'),
      ordered: e.isActive('orderedList'),
      quote: e.isActive('blockquote'),
      link: e.isActive('link'),
    }),
  });
  const [linkOpen, setLinkOpen] = useState(false);
  const linkButton = useRef<HTMLButtonElement>(null);
  const chain = () => editor.chain().focus();

  // Words, not icons: plain labels are easier to understand and read out the same as they look.
  const button = (pressed: boolean, label: string, run: () => void, extraClass = '') => (
    <button
      type="button"
      className={`toolbar__button ${extraClass}`}
      aria-pressed={pressed}
      aria-controls={controls}
      // Keeps the typing position in the editor when the button is clicked with a mouse or finger.
      onMouseDown={(event) => event.preventDefault()}
      onClick={run}
    >
      {label}
    </button>
  );

  return (
    <>
      <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar')} aria-controls={controls}>
        {button(state.bold, t('editor.bold'), () => chain().toggleBold().run(), 'toolbar__button--bold')}
        {button(state.italic, t('editor.italic'), () => chain().toggleItalic().run(), 'toolbar__button--italic')}
        {kind === 'story' ? (
          <>
            {button(state.h2, t('editor.heading2'), () => chain().toggleHeading({ level: 2 }).run())}
            {button(state.h3, t('editor.heading3'), () => chain().toggleHeading({ level: 3 }).run())}
            {button(state.bullet, t('editor.bulletList'), () => chain().toggleBulletList().run())}
            {button(state.ordered, t('editor.orderedList'), () => chain().toggleOrderedList().run())}
            {button(state.quote, t('editor.quote'), () => chain().toggleBlockquote().run())}
          </>
        ) : null}
        <button
          type="button"
          ref={linkButton}
          className="toolbar__button toolbar__button--link"
          aria-pressed={state.link}
          aria-expanded={linkOpen}
          aria-controls={`${uid}-link`}
          onClick={() => setLinkOpen((open) => !open)}
        >
          {t('editor.link')}
        </button>
      </div>
      {linkOpen ? (
        <LinkPanel
          id={`${uid}-link`}
          editor={editor}
          onClose={() => {
            setLinkOpen(false);
            linkButton.current?.focus();
          }}
        />
      ) : (
        <div id={`${uid}-link`} hidden />
      )}
    </>
  );
}

/** A small labelled panel asking for the address; only http, https and mailto are accepted. */
function LinkPanel({ id, editor, onClose }: { id: string; editor: Editor; onClose: () => void }) {
  const { t } = useTranslation('stories');
  const current = editor.getAttributes('link').href as string | undefined;
  const [value, setValue] = useState(current ?? '');
  const [error, setError] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);

  function apply() {
    const href = normaliseHref(value);
    if (!href) {
      editor.chain().focus().extendMarkRange('link').unsetLink().run();
      onClose();
      return;
    }
    if (!isAllowedHref(href)) {
      setError(t('editor.linkRefused'));
      input.current?.focus();
      return;
    }
    const { empty } = editor.state.selection;
    if (empty && !editor.isActive('link')) {
      editor.chain().focus().insertContent({ type: 'text', text: href, marks: [{ type: 'link', attrs: { href } }] }).run();
    } else {
      editor.chain().focus().extendMarkRange('link').setLink({ href }).run();
    }
    onClose();
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Enter here adds the link; it must not send the whole story form.
    if (event.key === 'Enter') {
      event.preventDefault();
      apply();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  }

  const errorId = `${id}-error`;
  return (
    <div className="link-panel" id={id} role="group" aria-labelledby={`${id}-title`}>
      <p className="link-panel__title" id={`${id}-title`}>
        {t('editor.linkTitle')}
      </p>
      <div className={error ? 'field field--invalid' : 'field'}>
        <label htmlFor={`${id}-input`}>{t('editor.linkLabel')}</label>
        <p className="field__hint" id={`${id}-hint`}>
          {t('editor.linkHint')}
        </p>
        {error ? (
          <p className="field__error" id={errorId} role="alert">
            {error}
          </p>
        ) : null}
        <input
          ref={input}
          id={`${id}-input`}
          type="text"
          inputMode="url"
          autoComplete="off"
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setError('');
          }}
          onKeyDown={onKeyDown}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-hint ${errorId}` : `${id}-hint`}
        />
      </div>
      <div className="button-row">
        <button type="button" className="button button--small" onClick={apply}>
          {t('editor.linkApply')}
        </button>
        {current ? (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              editor.chain().focus().extendMarkRange('link').unsetLink().run();
              onClose();
            }}
          >
            {t('editor.linkRemove')}
          </button>
        ) : null}
        <button type="button" className="button button--secondary button--small" onClick={onClose}>
          {t('editor.linkCancel')}
        </button>
      </div>
    </div>
  );
}

/** The words of a document as plain text, for the textarea used without JavaScript. */
export function docToText(doc: unknown): string {
  const blocks: string[] = [];
  const inline = (node: { type?: string; text?: string; content?: unknown[] }): string => {
    if (node.type === 'text') return node.text ?? '';
    if (node.type === 'hardBreak') return '\n';
    return (node.content ?? []).map((c) => inline(c as typeof node)).join('');
  };
  const walk = (node: { type?: string; content?: unknown[] }) => {
    if (node.type === 'paragraph' || node.type === 'heading') blocks.push(inline(node));
    else for (const child of node.content ?? []) walk(child as typeof node);
  };
  if (doc && typeof doc === 'object') walk(doc as { content?: unknown[] });
  return blocks.join('\n\n');
}
