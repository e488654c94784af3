import { type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import type { FieldError } from '@sorstars/shared';
import { AppError } from '../errors/app-error.js';

/**
 * zod issues become field errors whose message is an i18n key (`validation.*`) that the problem
 * filter translates. Issues zod raises on its own get a generic key by their kind.
 */
export function fieldErrorsFrom(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const custom = issue.message.startsWith('validation.') ? issue.message : null;
    // An unexpected field is named by itself, so the caller sees which one to drop.
    const keys = issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '';
    const path = [...issue.path, ...(keys ? [keys] : [])].join('.') || '(body)';
    return { path, message: custom ?? genericKey(issue), code: issue.code };
  });
}

function genericKey(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'validation.required' : 'validation.invalidType';
    case 'unrecognized_keys':
      return 'validation.unknownField';
    case 'too_big':
      return 'validation.tooBig';
    case 'too_small':
      return 'validation.tooSmall';
    default:
      return 'validation.invalidValue';
  }
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  // reportInput: so genericKey can tell a missing field from one of the wrong type.
  const result = schema.safeParse(value, { reportInput: true });
  if (!result.success) throw new AppError('VALIDATION_FAILED', fieldErrorsFrom(result.error));
  return result.data;
}

/** `@Body(new ZodPipe(registerSchema))`: validates and returns the parsed value. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform {
  constructor(private readonly schema: S) {}
  transform(value: unknown): z.output<S> {
    return parseOrThrow(this.schema, value ?? {});
  }
}
