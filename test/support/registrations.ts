import { createOrganization } from './directory.js';
import type { RegisteredUser } from './users.js';

/** Fixtures for multiplier-event registrations: an organisation's event with registration turned on. */
export const PARTNERS = ['Utcáról Lakásba Egyesület', 'Novi Sad Youth Centre'];

export const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

export const settingsBody = (overrides: Record<string, unknown> = {}) => ({
  consentText: 'I agree that my name and organisation are kept for the project report until the date below.',
  retentionUntil: inDays(5 * 365),
  partnerOrganisations: PARTNERS,
  open: true,
  ...overrides,
});

/** One participant; `n` varies the name, and odd ones come from outside the partners. */
export const participant = (n: number, overrides: Record<string, unknown> = {}) => ({
  fullName: `Participant ${String(n).padStart(3, '0')}`,
  organisation: n % 2 ? `Outside Org ${n % 3}` : PARTNERS[n % 4 === 0 ? 0 : 1],
  organisationAddress: `Main street ${n}, Szeged`,
  country: n % 3 === 0 ? 'RS' : 'HU',
  organisationType: n % 2 ? 'public_body' : 'ngo',
  role: 'Social worker',
  ...overrides,
});

export async function multiplierEvent(staff: RegisteredUser, orgName = 'Utcáról Lakásba Egyesület', title = 'Peer mentoring multiplier event') {
  const org = await createOrganization(staff, orgName);
  const event = await staff.agent.post('/api/events').send({
    title,
    kind: 'multiplier',
    startsAt: '2027-05-04T10:00:00+02:00',
    endsAt: '2027-05-04T16:00:00+02:00',
    timezone: 'Europe/Budapest',
    organizationId: org.id,
    location: { name: 'Szeged Community House', address: 'Kárász utca 1, Szeged' },
    description: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '10:00 Welcome. 11:00 Peer mentoring in practice. 14:00 Workshops.' }] }] },
  });
  if (event.status !== 201) throw new Error(`event: ${event.status} ${event.text}`);
  const settings = await staff.agent.put(`/api/events/${event.body.id}/registration-settings`).send(settingsBody());
  if (settings.status !== 200) throw new Error(`settings: ${settings.status} ${settings.text}`);
  return { org, eventId: event.body.id as string };
}
