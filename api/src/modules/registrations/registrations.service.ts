import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  REGISTRATIONS_PER_EVENT_MAX,
  RETENTION_MAX_YEARS,
  type CountRow,
  type EventDetails,
  type EventReport,
  type Locale,
  type MyRegistration,
  type ParticipantInput,
  type EventRegistrationInput,
  type Registration,
  type RegistrationSettings,
  type RegistrationSettingsInput,
  type WalkInInput,
} from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { APP_CONFIG, type AppConfig } from '../../core/config/config.js';
import { AppError } from '../../core/errors/app-error.js';
import { decodeNameCursor, encodeNameCursor } from '../../core/pagination/name-cursor.js';
import { RateLimiter } from '../../core/rate-limit/rate-limiter.js';
import { parseRichText } from '../../core/rich-text/rich-text.js';
import { EventFeedbackService } from '../events/feedback/event-feedback.service.js';
import { EventMaterialsService } from '../events/materials/event-materials.service.js';
import { EventsService } from '../events/events.service.js';
import { OrganizationsService } from '../organizations/organizations.service.js';
import { parseParticipantsCsv, registrationsCsv } from './participants-csv.js';
import { canSeeRegistrations, isExternal, takesRegistrations } from './registrations.policy.js';
import { RegistrationsRepository, type NewRegistration, type RegistrationRow, type SettingsRow } from './registrations.repository.js';
import { reportCsv, reportPdf, signInSheetPdf, type ReportContext } from './report.js';

const hashToken = (token: string) => createHash('sha256').update(token).digest();
const today = (now = new Date()) => now.toISOString().slice(0, 10);
const notFound = () => new AppError('REGISTRATION_NOT_FOUND');

interface StaffEvent {
  event: EventDetails;
  settings: SettingsRow;
}

@Injectable()
export class RegistrationsService {
  constructor(
    private readonly repo: RegistrationsRepository,
    private readonly events: EventsService,
    private readonly materials: EventMaterialsService,
    private readonly feedback: EventFeedbackService,
    private readonly organizations: OrganizationsService,
    private readonly limiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Anyone who can see the event sees whether it takes registrations, the consent asked and when records go; staff see the partners too. */
  async settings(user: AuthUser | undefined, eventId: string): Promise<RegistrationSettings> {
    const event = await this.events.get(user, eventId);
    const settings = await this.repo.settings(eventId);
    if (!settings || !takesRegistrations(event)) throw notFound();
    const staff = await this.isStaff(user, event);
    return {
      eventId,
      open: settings.open,
      consentText: settings.consent_text,
      retentionUntil: settings.retention_until,
      partnerOrganisations: staff ? settings.partner_organisations : null,
    };
  }

  async saveSettings(user: AuthUser, eventId: string, input: RegistrationSettingsInput): Promise<RegistrationSettings> {
    const event = await this.events.get(user, eventId);
    if (!(await this.isStaff(user, event))) throw notFound();
    if (!takesRegistrations(event)) throw new AppError('VALIDATION_FAILED', [{ path: 'kind', message: 'validation.notMultiplier' }]);
    const latest = new Date();
    latest.setUTCFullYear(latest.getUTCFullYear() + RETENTION_MAX_YEARS);
    if (input.retentionUntil <= today()) throw new AppError('VALIDATION_FAILED', [{ path: 'retentionUntil', message: 'validation.untilInFuture' }]);
    if (input.retentionUntil > today(latest)) throw new AppError('VALIDATION_FAILED', [{ path: 'retentionUntil', message: 'validation.retentionTooLong' }]);
    await this.repo.saveSettings(eventId, input);
    return this.settings(user, eventId);
  }

  /**
   * The public form: no account needed, and none is recorded even when the person is signed in.
   * Throttled per address before any work. Answers the private link's token, shown only now.
   */
  async register(user: AuthUser | undefined, eventId: string, input: EventRegistrationInput, ip: string): Promise<{ token: string; registration: MyRegistration }> {
    const { perIp, windowSeconds } = this.config.registrationLimit;
    const state = await this.limiter.consume(`registration:ip:${ip}`, perIp, windowSeconds);
    if (state.limited) throw new AppError('RATE_LIMITED', [], { retryAfterSeconds: state.retryAfterSeconds });
    const event = await this.events.get(user, eventId);
    const settings = await this.repo.settings(eventId);
    if (!settings || !takesRegistrations(event) || !settings.open || event.cancelledAt) throw new AppError('REGISTRATION_CLOSED');
    const token = randomBytes(32).toString('base64url');
    await this.add(eventId, [{ ...this.participant(input), consentText: settings.consent_text, source: 'form', tokenHash: hashToken(token), checkedIn: false }]);
    return { token, registration: await this.mine(token) };
  }

  async mine(token: string): Promise<MyRegistration> {
    const row = await this.repo.byToken(hashToken(token));
    if (!row) throw notFound();
    const [event, settings] = await Promise.all([this.events.get(undefined, row.event_id), this.repo.settings(row.event_id)]);
    return { ...toParticipant(row), eventId: row.event_id, eventTitle: event.title, startsAt: event.startsAt, timezone: event.timezone, retentionUntil: settings!.retention_until, createdAt: row.created_at.toISOString() };
  }

  async withdraw(token: string): Promise<void> {
    if (!(await this.repo.deleteByToken(hashToken(token)))) throw notFound();
  }

  async list(user: AuthUser, eventId: string, q: { q?: string; limit?: number; cursor?: string }): Promise<{ items: Registration[]; nextCursor: string | null }> {
    const { settings } = await this.staffEvent(user, eventId);
    const limit = q.limit ?? 20;
    const rows = await this.repo.page(eventId, { q: q.q, limit: limit + 1, after: q.cursor ? decodeNameCursor(q.cursor) : undefined });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toRegistration(r, settings.partner_organisations)),
      nextCursor: rows.length > limit && last ? encodeNameCursor(last.full_name.toLowerCase(), last.id) : null,
    };
  }

  /** Someone who came without registering, added on the day (checked in at once unless said otherwise). */
  async walkIn(user: AuthUser, eventId: string, input: WalkInInput): Promise<Registration> {
    const { settings } = await this.staffEvent(user, eventId);
    const [id] = await this.add(eventId, [{ ...this.participant(input), consentText: settings.consent_text, source: 'walk_in', tokenHash: null, checkedIn: input.checkedIn ?? true }]);
    return toRegistration((await this.repo.all(eventId)).find((r) => r.id === id)!, settings.partner_organisations);
  }

  async checkIn(user: AuthUser, eventId: string, registrationId: string, checkedIn: boolean): Promise<Registration> {
    const { settings } = await this.staffEvent(user, eventId);
    const row = await this.repo.setCheckedIn(eventId, registrationId, checkedIn);
    if (!row) throw notFound();
    return toRegistration(row, settings.partner_organisations);
  }

  /** A whole CSV file in one statement: every row is stored, or (one bad row, too many) none. */
  async import(user: AuthUser, eventId: string, csv: string): Promise<{ imported: number }> {
    const { settings } = await this.staffEvent(user, eventId);
    const people = parseParticipantsCsv(csv);
    const ids = await this.add(eventId, people.map((p) => ({ ...p, consentText: settings.consent_text, source: 'import' as const, tokenHash: null, checkedIn: false })));
    return { imported: ids.length };
  }

  async exportCsv(user: AuthUser, eventId: string): Promise<string> {
    const { settings } = await this.staffEvent(user, eventId);
    return registrationsCsv(await this.repo.all(eventId), (r) => isExternal(r.organisation, settings.partner_organisations));
  }

  async signInSheet(user: AuthUser, eventId: string, locale: Locale): Promise<Buffer> {
    const { event } = await this.staffEvent(user, eventId);
    const rows = await this.repo.all(eventId);
    const f = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short', timeZone: event.timezone });
    const subtitle = [f.format(new Date(event.startsAt)), event.location.name, event.location.address].filter(Boolean).join(' · ');
    return signInSheetPdf(locale, event.title, subtitle, rows.map((r) => ({ fullName: r.full_name, organisation: r.organisation, country: r.country })));
  }

  async report(user: AuthUser, eventId: string): Promise<EventReport> {
    const { event, settings } = await this.staffEvent(user, eventId);
    return buildReport(event, settings, await this.repo.all(eventId));
  }

  async reportFile(user: AuthUser, eventId: string, locale: Locale, format: 'csv' | 'pdf'): Promise<string | Buffer> {
    const ctx = await this.reportContext(user, eventId, locale);
    return format === 'csv' ? reportCsv(ctx) : reportPdf(ctx);
  }

  /** Everything the report's sections draw on; a new section's data is fetched here. */
  private async reportContext(user: AuthUser, eventId: string, locale: Locale): Promise<ReportContext> {
    const { event, settings } = await this.staffEvent(user, eventId);
    const report = buildReport(event, settings, await this.repo.all(eventId));
    const [materials, feedback] = await Promise.all([this.materials.list(eventId), this.feedback.hasForm(eventId).then((has) => (has ? this.feedback.summary(eventId) : null))]);
    return { locale, report, agenda: parseRichText('story', event.description, 'description').text, materials, feedback };
  }

  private async add(eventId: string, rows: NewRegistration[]): Promise<string[]> {
    return this.repo.transaction(async (m) => {
      await this.repo.lockSettings(m, eventId);
      if ((await this.repo.count(eventId, m)) + rows.length > REGISTRATIONS_PER_EVENT_MAX) {
        throw new AppError('IMPORT_TOO_LARGE', [{ path: rows.length > 1 ? 'csv' : 'fullName', message: 'validation.eventFull' }]);
      }
      return this.repo.insert(m, eventId, rows);
    });
  }

  private participant(input: ParticipantInput): ParticipantInput {
    const { fullName, organisation, organisationAddress, country, organisationType, role } = input;
    return { fullName, organisation, organisationAddress, country, organisationType, role };
  }

  private async isStaff(user: AuthUser | undefined, event: EventDetails): Promise<boolean> {
    if (!user || !event.organizationId) return false;
    return canSeeRegistrations(await this.organizations.roleOf(event.organizationId, user.id));
  }

  /** The event and its settings, for the organisation's staff; everyone else: not found. */
  private async staffEvent(user: AuthUser, eventId: string): Promise<StaffEvent> {
    const event = await this.events.get(user, eventId).catch(() => {
      throw notFound();
    });
    const settings = await this.repo.settings(eventId);
    if (!settings || !takesRegistrations(event) || !(await this.isStaff(user, event))) throw notFound();
    return { event, settings };
  }
}

const toParticipant = (r: RegistrationRow): ParticipantInput => ({
  fullName: r.full_name,
  organisation: r.organisation,
  organisationAddress: r.organisation_address,
  country: r.country as ParticipantInput['country'],
  organisationType: r.organisation_type,
  role: r.role,
});

const toRegistration = (r: RegistrationRow, partners: readonly string[]): Registration => ({
  ...toParticipant(r),
  id: r.id,
  eventId: r.event_id,
  source: r.source,
  external: isExternal(r.organisation, partners),
  checkedInAt: r.checked_in_at?.toISOString() ?? null,
  createdAt: r.created_at.toISOString(),
});

function countBy(rows: readonly RegistrationRow[], key: (r: RegistrationRow) => string): CountRow[] {
  const counts = new Map<string, CountRow>();
  for (const r of rows) {
    const k = key(r);
    const c = counts.get(k) ?? { key: k, registered: 0, attended: 0 };
    c.registered++;
    if (r.checked_in_at) c.attended++;
    counts.set(k, c);
  }
  return [...counts.values()].sort((a, b) => b.registered - a.registered || a.key.localeCompare(b.key));
}

export function buildReport(event: EventDetails, settings: SettingsRow, rows: readonly RegistrationRow[]): EventReport {
  const external = rows.filter((r) => isExternal(r.organisation, settings.partner_organisations));
  return {
    eventId: event.id,
    title: event.title,
    startsAt: event.startsAt,
    endsAt: event.endsAt,
    timezone: event.timezone,
    place: [event.location.name, event.location.address].filter(Boolean).join(', ') || null,
    organisation: event.organization?.name ?? null,
    registered: rows.length,
    attended: rows.filter((r) => r.checked_in_at).length,
    external: { registered: external.length, attended: external.filter((r) => r.checked_in_at).length },
    externalByCountry: countBy(external, (r) => r.country),
    externalByOrganisationType: countBy(external, (r) => r.organisation_type),
    partnerOrganisations: settings.partner_organisations,
    retentionUntil: settings.retention_until,
  };
}
