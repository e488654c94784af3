import type { ReactNode, SelectHTMLAttributes } from 'react';
import { Field, type FieldProps } from './Field';

type SelectFieldProps = FieldProps & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'name'> & { children: ReactNode };

/** A labelled select, read out with its hint and error like TextField. */
export function SelectField({ name, label, id, hint, error, children, ...selectProps }: SelectFieldProps) {
  return (
    <Field
      name={name}
      label={label}
      id={id}
      hint={hint}
      error={error}
      control={(props) => (
        <select {...props} {...selectProps}>
          {children}
        </select>
      )}
    />
  );
}
