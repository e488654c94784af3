import { Injectable } from '@nestjs/common';
import {
  contributionMoneyIssues,
  CONTRIBUTION_NEXT_STATUS,
  UUID_PATTERN,
  usernameKey,
  type Contribution,
  type ContributionReflectionInput,
  type ContributionTotalsRow,
  type CreateContributionInput,
  type ExpertListing,
  type InviteExpertInput,
  type UpdateContributionInput,
} from '@sorstars/shared';
import type { AuthUser } from '../../core/auth/auth-user.js';
import { AppError } from '../../core/errors/app-error.js';
import { canExperts, type ExpertsAction } from './experts.policy.js';
import { ExpertsRepository, type ContributionRow, type ContributionWrite, type ListingRow } from './experts.repository.js';
import { entriesCsv, totals, totalsCsv } from './totals.js';

/** The most entries one CSV export of one's own contributions holds (years of weekly work). */
export const OWN_EXPORT_MAX = 5000;

const toContribution = (r: ContributionRow): Contribution => {
  const feeAmount = r.fee_amount === null ? null : Number(r.fee_amount);
  return {
    id: r.id,
    organization: { id: r.organization_id, slug: r.organization_slug, name: r.organization_name },
    expert: r.expert_id && r.expert_username ? { userId: r.expert_id, username: r.expert_username, displayName: r.expert_display_name } : null,
    kind: r.kind as Contribution['kind'],
    title: r.title,
    date: r.happened_on,
    hours: Number(r.hours),
    theme: r.theme as Contribution['theme'],
    currency: r.currency,
    feeAmount,
    feeDeclined: r.fee_declined,
    volunteering: feeAmount === null || r.fee_declined,
    expensesAmount: Number(r.expenses_amount),
    status: r.status,
    note: r.note,
    reflection: r.reflection,
    reflectedAt: r.reflected_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
};

const toListing = (r: ListingRow): ExpertListing => ({
  organization: { id: r.organization_id, slug: r.organization_slug, name: r.organization_name },
  expert: { userId: r.expert_id, username: r.username, displayName: r.display_name },
  invitedAt: r.invited_at.toISOString(),
  acceptedAt: r.accepted_at?.toISOString() ?? null,
});

const encodeCursor = (r: ContributionRow) => Buffer.from(JSON.stringify([r.happened_on, r.id])).toString('base64url');
function decodeCursor(cursor: string): { date: string; id: string } {
  try {
    const [date, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) && typeof id === 'string' && UUID_PATTERN.test(id)) return { date, id };
  } catch {
    // falls through to the field error
  }
  throw new AppError('VALIDATION_FAILED', [{ path: 'cursor', message: 'validation.invalidValue' }]);
}

/** Something to pay: a fee that was offered and not declined, or expenses. */
const payable = (w: ContributionWrite) => (w.feeAmount !== null && !w.feeDeclined && w.feeAmount > 0) || w.expensesAmount > 0;

@Injectable()
export class ExpertsService {
  constructor(private readonly repo: ExpertsRepository) {}

  /** The organisation, if the caller keeps its log; otherwise it is "not found" to them. */
  private async staffOf(user: AuthUser, organizationId: string) {
    const org = await this.repo.organization(organizationId);
    if (!org || !canExperts({ userId: user.id, orgRole: await this.repo.orgRole(org.id, user.id) }, 'keepLog')) throw new AppError('ORGANIZATION_NOT_FOUND');
    return org;
  }

  private async entryFor(user: AuthUser, organizationId: string | null, entryId: string, action: ExpertsAction): Promise<ContributionRow> {
    const row = await this.repo.find(entryId);
    if (!row || (organizationId !== null && row.organization_id !== organizationId)) throw new AppError('CONTRIBUTION_NOT_FOUND');
    const viewer = { userId: user.id, orgRole: await this.repo.orgRole(row.organization_id, user.id) };
    if (!canExperts(viewer, action, { expertId: row.expert_id })) throw new AppError('CONTRIBUTION_NOT_FOUND');
    return row;
  }

  async experts(user: AuthUser, organizationId: string): Promise<{ items: ExpertListing[] }> {
    const org = await this.staffOf(user, organizationId);
    return { items: (await this.repo.listingsOfOrganization(org.id)).map(toListing) };
  }

  /** The person is asked once; until they accept, nothing can be logged for them. */
  async invite(user: AuthUser, organizationId: string, input: InviteExpertInput): Promise<{ items: ExpertListing[] }> {
    const org = await this.staffOf(user, organizationId);
    const expertId = await this.repo.activeUserByUsernameKey(usernameKey(input.username));
    if (!expertId) throw new AppError('USER_NOT_FOUND', [{ path: 'username', message: 'validation.invalidValue' }]);
    await this.repo.invite(org.id, expertId, user.id);
    return this.experts(user, org.id);
  }

  /** Staff take someone off the list (or withdraw an invitation); their past entries stay. */
  async removeExpert(user: AuthUser, organizationId: string, expertId: string): Promise<void> {
    const org = await this.staffOf(user, organizationId);
    if (!(await this.repo.removeListing(org.id, expertId))) throw new AppError('USER_NOT_FOUND');
  }

  async myListings(user: AuthUser): Promise<{ items: ExpertListing[] }> {
    return { items: (await this.repo.listingsOfExpert(user.id)).map(toListing) };
  }

  async accept(user: AuthUser, organizationId: string): Promise<{ items: ExpertListing[] }> {
    if (!(await this.repo.accept(organizationId, user.id))) throw new AppError('ORGANIZATION_NOT_FOUND');
    return this.myListings(user);
  }

  /** Declining an invitation and leaving are the same: the listing goes; past entries stay the organisation's record. */
  async leave(user: AuthUser, organizationId: string): Promise<void> {
    if (!(await this.repo.removeListing(organizationId, user.id))) throw new AppError('ORGANIZATION_NOT_FOUND');
  }

  async log(user: AuthUser, organizationId: string, input: CreateContributionInput): Promise<Contribution> {
    const org = await this.staffOf(user, organizationId);
    const expertId = await this.repo.activeUserByUsernameKey(usernameKey(input.username));
    if (!expertId) throw new AppError('USER_NOT_FOUND', [{ path: 'username', message: 'validation.invalidValue' }]);
    const id = await this.repo.transaction(async (m) => {
      if (!(await this.repo.acceptedListing(m, org.id, expertId))) throw new AppError('EXPERT_NOT_LISTED', [{ path: 'username', message: 'EXPERT_NOT_LISTED' }]);
      return this.repo.insert(m, org.id, expertId, user.id, input);
    });
    return toContribution((await this.repo.find(id))!);
  }

  async get(user: AuthUser, organizationId: string, entryId: string): Promise<Contribution> {
    return toContribution(await this.entryFor(user, organizationId, entryId, 'keepLog'));
  }

  /** Edits and status changes share one path: paid entries are final, statuses move one step forward. */
  async update(user: AuthUser, organizationId: string, entryId: string, input: UpdateContributionInput): Promise<Contribution> {
    await this.entryFor(user, organizationId, entryId, 'keepLog');
    await this.repo.transaction(async (m) => {
      const row = (await this.repo.find(entryId, m, true))!;
      const before = toContribution(row);
      if (before.status === 'paid') throw new AppError('CONTRIBUTION_PAID');
      const next: ContributionWrite = {
        kind: input.kind ?? before.kind,
        title: input.title ?? before.title,
        date: input.date ?? before.date,
        hours: input.hours ?? before.hours,
        theme: input.theme ?? before.theme,
        currency: input.currency !== undefined ? input.currency : before.currency,
        feeAmount: input.feeAmount !== undefined ? input.feeAmount : before.feeAmount,
        feeDeclined: input.feeDeclined ?? (input.feeAmount === null ? false : before.feeDeclined),
        expensesAmount: input.expensesAmount ?? before.expensesAmount,
        status: input.status ?? before.status,
        note: input.note !== undefined ? input.note : before.note,
      };
      const issues = contributionMoneyIssues(next);
      if (issues.length) throw new AppError('VALIDATION_FAILED', issues);
      if (next.status !== before.status && (!CONTRIBUTION_NEXT_STATUS[before.status].includes(next.status) || (next.status === 'paid' && !payable(next)))) {
        throw new AppError('CONTRIBUTION_TRANSITION_INVALID', [{ path: 'status', message: 'CONTRIBUTION_TRANSITION_INVALID' }]);
      }
      await this.repo.update(m, entryId, next);
    });
    return this.get(user, organizationId, entryId);
  }

  async organizationEntries(user: AuthUser, organizationId: string, q: { limit: number; cursor?: string }) {
    const org = await this.staffOf(user, organizationId);
    return this.page({ organizationId: org.id }, q);
  }

  async organizationTotals(user: AuthUser, organizationId: string, format: 'json' | 'csv'): Promise<{ items: ContributionTotalsRow[] } | string> {
    const org = await this.staffOf(user, organizationId);
    const rows = totals(
      (await this.repo.totalsFacts(org.id)).map((f) => ({
        person: f.person,
        month: f.month,
        theme: f.theme,
        hours: Number(f.hours),
        currency: f.currency,
        feeAmount: f.fee_amount === null ? null : Number(f.fee_amount),
        feeDeclined: f.fee_declined,
        expensesAmount: Number(f.expenses_amount),
      })),
    );
    return format === 'csv' ? totalsCsv(rows) : { items: rows };
  }

  async myEntries(user: AuthUser, q: { limit: number; cursor?: string }) {
    return this.page({ expertId: user.id }, q);
  }

  /** Every organisation's entries for this expert, newest first, as CSV. */
  async myEntriesCsv(user: AuthUser): Promise<string> {
    const rows = (await this.repo.list({ expertId: user.id }, OWN_EXPORT_MAX)).map(toContribution);
    return entriesCsv(rows.map((c) => ({ ...c, organization: c.organization.name })));
  }

  async reflect(user: AuthUser, entryId: string, input: ContributionReflectionInput): Promise<Contribution> {
    const row = await this.entryFor(user, null, entryId, 'reflect');
    await this.repo.reflect(row.id, input.reflection === '' ? null : input.reflection);
    return toContribution((await this.repo.find(row.id))!);
  }

  private async page(where: { organizationId?: string; expertId?: string }, q: { limit: number; cursor?: string }) {
    const rows = await this.repo.list(where, q.limit + 1, q.cursor ? decodeCursor(q.cursor) : undefined);
    const page = rows.slice(0, q.limit);
    const last = page[page.length - 1];
    return { items: page.map(toContribution), nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null };
  }
}
