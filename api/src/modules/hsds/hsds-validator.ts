import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { lazyModule } from '../../core/lazy-module.js';

/** The objects HSDS 3.1 publishes a schema for that Sorstárs serves or reads. */
export type HsdsObjectType =
  | 'service'
  | 'organization'
  | 'location'
  | 'service_at_location'
  | 'taxonomy'
  | 'taxonomy_term'
  | 'schedule'
  | 'attribute';

export interface HsdsFieldError {
  path: string;
  message: string;
}

// Both are CommonJS, loaded with the schemas on first use: Ajv is ~160 modules most processes never need.
const ajv2020 = lazyModule<typeof import('ajv/dist/2020.js')>('ajv/dist/2020.js');
const ajvFormats = lazyModule<{ default: (ajv: InstanceType<typeof import('ajv/dist/2020.js').Ajv2020>) => unknown }>('ajv-formats');

/**
 * The vendored official schemas live in api/vendor/hsds-3.1 (with their CC BY-SA licence note).
 * This file sits three folders below api/ both as source (src/modules/hsds) and built
 * (dist/modules/hsds), so one relative path serves the server, the CLI and the unit tests.
 */
export const HSDS_SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../vendor/hsds-3.1');

const BASE_URI = 'https://openreferral.org/hsds/3.1/';

function loadSchemas(dir: string): { file: string; schema: Record<string, unknown> }[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.json') && file !== 'openapi.json')
    .map((file) => ({ file, schema: JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

/** Ajv's instance path (`/phones/0/number`) as the dotted path problem+json uses (`phones.0.number`). */
function fieldErrors(errors: ErrorObject[] | null | undefined): HsdsFieldError[] {
  return (errors ?? []).map((e) => {
    const at = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const missing = e.keyword === 'required' ? String((e.params as { missingProperty: string }).missingProperty) : '';
    return { path: [at, missing].filter(Boolean).join('.') || '(root)', message: e.message ?? e.keyword };
  });
}

/**
 * The official HSDS 3.1 JSON Schemas, compiled once, on first use: compiling them costs more CPU
 * than the rest of the API's start-up, and most processes never validate an HSDS object. The files
 * carry no `$id` and refer to each other by file name (`"$ref": "phone.json"`), so each is
 * registered under one base URI with its file name; Ajv then resolves the references between them.
 */
@Injectable()
export class HsdsValidator {
  private validators: Map<HsdsObjectType, ValidateFunction> | null = null;

  constructor(private readonly dir: string = HSDS_SCHEMA_DIR) {}

  private compiled(): Map<HsdsObjectType, ValidateFunction> {
    if (this.validators) return this.validators;
    // strict: false because the schemas carry descriptive keywords Ajv does not know
    // (core, constraints, datapackage_metadata, example, name, tabular_required).
    const ajv = new (ajv2020.get().Ajv2020)({ strict: false, allErrors: true });
    ajvFormats.get().default(ajv);
    for (const { file, schema } of loadSchemas(this.dir)) ajv.addSchema({ ...schema, $id: BASE_URI + file });
    const validators = new Map<HsdsObjectType, ValidateFunction>();
    for (const type of [
      'service',
      'organization',
      'location',
      'service_at_location',
      'taxonomy',
      'taxonomy_term',
      'schedule',
      'attribute',
    ] as const) {
      validators.set(type, ajv.getSchema(`${BASE_URI}${type}.json`)!);
    }
    this.validators = validators;
    return validators;
  }

  /** The schema errors of `value` as an HSDS `type`; empty when it is valid. */
  errors(type: HsdsObjectType, value: unknown): HsdsFieldError[] {
    const validate = this.compiled().get(type)!;
    return validate(value) ? [] : fieldErrors(validate.errors);
  }
}
