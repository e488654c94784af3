import type { InputHTMLAttributes } from 'react';
import { Field, type FieldProps } from './Field';

type TextFieldProps = FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'name'>;

/** A labelled input whose hint and error are read out with it, and marked invalid when needed. */
export function TextField({ name, label, id, hint, error, ...inputProps }: TextFieldProps) {
  return <Field name={name} label={label} id={id} hint={hint} error={error} control={(props) => <input {...props} {...inputProps} />} />;
}
