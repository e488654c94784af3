import fs from 'node:fs';
import path from 'node:path';
import { createResourceSchema } from '@sorstars/shared';
import { toHsdsOrganization, toHsdsService, toMinimalHsdsService } from './hsds-export.js';
import { fitToSchema, resourceFieldsFromHsds } from './hsds-import-mapping.js';
import { schedulesToHours, utcOffsetHours, zoneForImport } from './hsds-schedule.js';
import type { LocationSource, ResourceSource } from './hsds-sources.js';
import { HSDS_TERMS, HSDS_TAXONOMIES } from './hsds-taxonomy.js';
import { HSDS_SCHEMA_DIR, HsdsValidator } from './hsds-validator.js';

const validator = new HsdsValidator();
const example = (name: string) => JSON.parse(fs.readFileSync(path.join(HSDS_SCHEMA_DIR, 'examples', name), 'utf8')) as Record<string, unknown>;
const SUMMER = new Date('2026-07-01T12:00:00Z');
const WINTER = new Date('2026-01-15T12:00:00Z');

const shelter: LocationSource = {
  id: '0b8f2d0e-8f4c-4d55-9f0e-1d6c3c1f7a01',
  hsdsId: null,
  salHsdsId: null,
  name: 'Night shelter',
  address: 'Dózsa György út 152.',
  city: 'Budapest',
  postalCode: '1134',
  region: null,
  country: 'HU',
  lat: 47.52,
  lng: 19.08,
  confidential: false,
  accessibility: ['Step-free entrance'],
  transport: 'Tram 1 to Dózsa György út',
  timezone: 'Europe/Budapest',
  hours: [
    { days: ['MO', 'TU', 'WE', 'TH', 'FR'], opens: '19:00', closes: '08:00' },
    { days: ['SA', 'SU'], opens: '00:00', closes: '24:00' },
  ],
  closed: [{ from: '2026-12-24', to: '2026-12-26', note: 'Christmas' }],
  hoursNote: 'Last entry 23:00',
};

const refuge: LocationSource = {
  ...shelter,
  id: '0b8f2d0e-8f4c-4d55-9f0e-1d6c3c1f7a02',
  name: 'Women’s refuge',
  address: 'Secret street 1.',
  postalCode: '1000',
  confidential: true,
  transport: 'Secret tram',
};

const resource: ResourceSource = {
  id: '6a1d3f0c-2c7e-4b8e-9d6a-3e2f1b0c9d01',
  hsdsId: null,
  organization: {
    id: '7b2e4a1d-3d8f-4c9f-8e7b-4f3a2c1d0e02',
    hsdsId: null,
    name: 'From Streets to Homes',
    description: 'A peer association.',
    url: 'https://example.org',
    email: 'info@example.org',
    phone: '+36 1 234 5678',
    identifiers: [{ scheme: 'dk-cvr', identifier: '13585628' }],
    languages: ['hu', 'en'],
    verified: true,
    updatedAt: WINTER,
  },
  name: 'Night shelter Dózsa',
  description: 'Beds for the night, tea and a shower.',
  translations: { hu: { name: 'Éjjeli menedékhely Dózsa' } },
  categories: ['emergency-shelter'],
  attributes: ['no-id-needed', 'walk-in'],
  languages: ['hu', 'en'],
  eligibility: 'Adults',
  applicationProcess: 'Walk in',
  fees: null,
  free: true,
  minimumAge: 18,
  maximumAge: null,
  requiredDocuments: [],
  url: 'https://example.org/shelter',
  email: null,
  phone: '+36 1 234 5679',
  status: 'active',
  alert: { text: 'Extra beds in the cold', until: '2027-02-28T00:00:00.000Z' },
  capacity: { unit: 'beds', available: 3, maximum: 40, updatedAt: WINTER },
  locations: [shelter, refuge],
  lastVerifiedAt: null,
  updatedAt: WINTER,
};

describe('Sorstárs → HSDS 3.1', () => {
  it('a resource is a valid HSDS service, its organisation a valid organization', () => {
    expect(validator.errors('service', toHsdsService(resource, SUMMER))).toEqual([]);
    expect(validator.errors('organization', toHsdsOrganization(resource.organization))).toEqual([]);
    expect(validator.errors('service', toMinimalHsdsService(resource))).toEqual([]);
  });

  it('every published taxonomy and term is valid', () => {
    for (const t of HSDS_TAXONOMIES) expect(validator.errors('taxonomy', t)).toEqual([]);
    for (const t of HSDS_TERMS) expect(validator.errors('taxonomy_term', t)).toEqual([]);
  });

  it('a confidential location gives away nothing that finds it', () => {
    const service = toHsdsService(resource, SUMMER);
    const text = JSON.stringify(service);
    expect(text).not.toContain('Secret');
    expect(text).not.toContain('1000');
    const sal = (service.service_at_locations as { location: Record<string, unknown> }[])[1]!;
    expect(sal.location).toMatchObject({ x_confidential: true, x_city: 'Budapest' });
    expect(sal.location).not.toHaveProperty('addresses');
    expect(sal.location).not.toHaveProperty('latitude');
  });

  it('weekly hours become WEEKLY schedules with the offset in force at the time and the IANA zone', () => {
    const schedules = (toHsdsService(resource, WINTER).service_at_locations as { schedules: Record<string, unknown>[] }[])[0]!.schedules;
    expect(schedules[0]).toMatchObject({ freq: 'WEEKLY', byday: 'MO,TU,WE,TH,FR', opens_at: '19:00', closes_at: '08:00', timezone: 1, x_timezone: 'Europe/Budapest' });
    expect(utcOffsetHours('Europe/Budapest', SUMMER)).toBe(2);
    expect(utcOffsetHours('Europe/Helsinki', SUMMER)).toBe(3);
  });

  it('the same resource exported twice carries the same ids', () => {
    expect(toHsdsService(resource, SUMMER)).toEqual(toHsdsService(resource, SUMMER));
  });
});

describe('HSDS 3.1 → Sorstárs', () => {
  it('reads back what it wrote (all fields Sorstárs holds, bar the confidential address)', () => {
    const fields = resourceFieldsFromHsds(toHsdsService(resource, SUMMER), SUMMER);
    const { value, errors } = fitToSchema(createResourceSchema, { ...fields, organizationId: resource.organization.id }, ['name', 'organizationId', 'categories']);
    expect(errors).toEqual([]);
    expect(value).toMatchObject({
      name: resource.name,
      categories: resource.categories,
      attributes: resource.attributes,
      languages: resource.languages,
      free: true,
      phone: resource.phone,
      alert: resource.alert,
      capacity: { unit: 'beds', available: 3, maximum: 40 },
      translations: resource.translations,
    });
    expect(value!.locations[0]).toMatchObject({ address: shelter.address, timezone: 'Europe/Budapest', hours: shelter.hours, closed: shelter.closed, hoursNote: shelter.hoursNote });
    // The refuge's address never left, so it cannot come back: the import leaves that location out.
    expect(value!.locations).toHaveLength(1);
  });

  it('the official service example fits Sorstárs, dropping only what Sorstárs refuses', () => {
    const fields = resourceFieldsFromHsds(example('service_full.json'), SUMMER, 'housing');
    const { value, errors } = fitToSchema(createResourceSchema, { ...fields, organizationId: resource.organization.id }, ['name', 'organizationId', 'categories']);
    expect(errors).toEqual([]);
    expect(value).toMatchObject({ name: 'Community Counselling', status: 'active', minimumAge: 12, maximumAge: 100, phone: '+44 1234 234567', categories: ['housing'] });
    expect(value!.locations[0]).toMatchObject({ city: 'MyCity' });
  });

  it('a record without a name cannot be stored, and says so', () => {
    const { value, errors } = fitToSchema(createResourceSchema, { ...resourceFieldsFromHsds({ id: 'x', status: 'active' }, SUMMER, 'housing'), organizationId: resource.organization.id }, ['name', 'organizationId', 'categories']);
    expect(value).toBeNull();
    expect(errors.map((e) => e.path)).toContain('name');
  });

  it('keeps only plain weekly schedules as hours', () => {
    expect(
      schedulesToHours([
        { id: 'a', freq: 'WEEKLY', byday: 'MO,WE', opens_at: '09:00:00', closes_at: '17:30:00' },
        { id: 'b', freq: 'MONTHLY', byday: 'MO', opens_at: '09:00', closes_at: '12:00' },
        { id: 'c', freq: 'WEEKLY', interval: 2, byday: 'TU', opens_at: '09:00', closes_at: '12:00' },
        { id: 'd', freq: 'WEEKLY', byday: 'XX', opens_at: '09:00', closes_at: '12:00' },
        { id: 'e', freq: 'WEEKLY', byday: 'FR', opens_at: '25:00', closes_at: '12:00' },
      ]),
    ).toEqual([{ days: ['MO', 'WE'], opens: '09:00', closes: '17:30' }]);
  });

  it('finds an IANA zone for an import: ours, the country’s, or the fixed offset', () => {
    expect(zoneForImport([{ id: 'a', x_timezone: 'Europe/Helsinki' }], 'HU')).toBe('Europe/Helsinki');
    expect(zoneForImport([{ id: 'a', x_timezone: '+02:00', timezone: 2 }], 'DK')).toBe('Europe/Copenhagen');
    expect(zoneForImport([{ id: 'a', timezone: 3 }], 'US')).toBe('Etc/GMT-3');
    expect(zoneForImport([], null)).toBe('UTC');
  });
});
