import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { ROOT } from './paths.js';
import type { TestApi } from './api-server.js';
import { resourceBody } from './directory.js';
import { registerUser, type RegisteredUser } from './users.js';

export const HSDS_DIR = path.join(ROOT, 'api/vendor/hsds-3.1');

/** An official HSDS 3.1 example document (api/vendor/hsds-3.1/examples). */
export const hsdsExample = (name: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(HSDS_DIR, 'examples', name), 'utf8')) as Record<string, unknown>;

type HsdsType = 'service' | 'organization' | 'service_at_location' | 'taxonomy' | 'taxonomy_term';
interface Validator {
  errors(type: HsdsType, value: unknown): { path: string; message: string }[];
}

let validator: Validator | null = null;
/** The official HSDS 3.1 JSON Schemas, compiled (the API's own loader over the vendored files). */
export async function hsdsValidator(): Promise<Validator> {
  if (!validator) {
    const mod = (await import(path.join(ROOT, 'api/dist/modules/hsds/hsds-validator.js'))) as { HsdsValidator: new () => Validator };
    validator = new mod.HsdsValidator();
  }
  return validator;
}

/** Asserts `value` is a valid HSDS `type`, naming the object in the failure message. */
export async function expectValidHsds(type: HsdsType, value: unknown): Promise<void> {
  const errors = (await hsdsValidator()).errors(type, value);
  expect({ type, id: (value as { id?: unknown })?.id, errors }).toEqual({ type, id: (value as { id?: unknown })?.id, errors: [] });
}

/** A platform admin (made so directly in the database, as `npm run cli -- grant` would). */
export async function registerAdmin(api: TestApi): Promise<RegisteredUser> {
  const admin = await registerUser(api.url);
  await api.sql(`UPDATE users SET roles = '{member,admin}' WHERE id = $1`, [admin.user.id]);
  return admin;
}

export { createOrganization } from './directory.js';

export interface ResourceFixture {
  name: string;
  categories: string[];
  attributes?: string[];
  confidential?: boolean;
  city?: string;
}

/** A resource posted through the API by a member of its organisation's staff. */
export async function createResource(staff: RegisteredUser, organizationId: string, f: ResourceFixture): Promise<{ id: string }> {
  const body = resourceBody(
    organizationId,
    { name: f.name, description: `${f.name} — beds, tea and advice.`, categories: f.categories, attributes: f.attributes ?? [], phone: '+36 1 234 5678' },
    {
      name: `${f.name} house`,
      address: f.confidential ? 'Titkos utca 7.' : 'Dózsa György út 152.',
      city: f.city ?? 'Budapest',
      postalCode: '1134',
      lat: 47.52,
      lng: 19.08,
      confidential: f.confidential ?? false,
      hours: [
        { days: ['MO', 'TU', 'WE', 'TH', 'FR'], opens: '19:00', closes: '08:00' },
        { days: ['SA', 'SU'], opens: '00:00', closes: '24:00' },
      ],
      closed: [{ from: '2026-12-24', to: '2026-12-26', note: 'Christmas' }],
    },
  );
  const res = await staff.agent.post('/api/resources').send(body);
  if (res.status !== 201) throw new Error(`create resource answered ${res.status}: ${res.text}`);
  return res.body;
}

/** GET on the HSDS API from an address of its own (so the per-address limit is the test's own). */
export const hsdsGet = (api: TestApi, pathAndQuery: string, ip = '10.77.0.1') =>
  request(api.url).get(`/api/hsds${pathAndQuery}`).set('X-Forwarded-For', ip);
