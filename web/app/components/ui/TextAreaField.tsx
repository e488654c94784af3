import type { TextareaHTMLAttributes } from 'react';
import { Field, type FieldProps } from './Field';

type TextAreaFieldProps = FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'name'>;

/** A labelled multi-line field, read out with its hint and error like TextField. */
export function TextAreaField({ name, label, id, hint, error, ...textareaProps }: TextAreaFieldProps) {
  return <Field name={name} label={label} id={id} hint={hint} error={error} control={(props) => <textarea {...props} {...textareaProps} />} />;
}
