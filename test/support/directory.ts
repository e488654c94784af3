import type { RegisteredUser } from './users.js';

/** Fixtures for the resource directory's tests: an organisation and a valid resource body. */
export async function createOrganization(admin: RegisteredUser, name = `Org ${Math.random().toString(36).slice(2, 8)}`): Promise<{ id: string; slug: string }> {
  const res = await admin.agent.post('/api/organizations').send({ name, description: 'We help people find a home.' });
  if (res.status !== 201) throw new Error(`organisation: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const EVERY_DAY = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

export function resourceBody(organizationId: string, overrides: Record<string, unknown> = {}, location: Record<string, unknown> = {}) {
  return {
    organizationId,
    name: 'Night shelter Dankó utca',
    description: 'Beds for the night, a hot drink and a shower.',
    categories: ['emergency-shelter'],
    attributes: ['no-id-needed', 'walk-in'],
    languages: ['hu', 'en'],
    locations: [
      {
        address: 'Dankó utca 16',
        city: 'Budapest',
        postalCode: '1086',
        country: 'HU',
        lat: 47.4925,
        lng: 19.0825,
        timezone: 'Europe/Budapest',
        hours: [{ days: EVERY_DAY, opens: '19:00', closes: '08:00' }],
        ...location,
      },
    ],
    ...overrides,
  };
}
