import type { ReactNode } from 'react';

/** What every labelled field needs: its id, and the hint and error that are read out with it. */
export interface FieldProps {
  name: string;
  label: string;
  /** Unique on the page; defaults to the name. Several forms on one page need their own. */
  id?: string;
  hint?: string;
  error?: string;
}

/** The attributes that tie a control to its hint and error, and mark it invalid when needed. */
export interface ControlProps {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** Label, hint and error around one control; the control itself is the caller's. */
export function Field({ name, label, id = name, hint, error, control }: FieldProps & { control: (props: ControlProps) => ReactNode }) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
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
      {control({ id, name, 'aria-invalid': error ? true : undefined, 'aria-describedby': describedBy })}
    </div>
  );
}
