import { randomUUID } from 'node:crypto';
import { startApi, type TestApi } from '../support/api-server.js';
import { casesFor, operationsOf, seeded, toJson, type Case, type Fixtures, type Operation } from '../support/openapi-cases.js';
import { changedTables, tableChecksums, type TableChecksums } from '../support/table-checksums.js';
import { registerUser, type RegisteredUser } from '../support/users.js';

/**
 * Walks /api/docs.json and sends every operation hostile input — malformed, wrong-typed, oversized,
 * deeply nested and Unicode-edge bodies, bad path ids, cursors and dates — as a visitor, a member
 * and an admin. Holds: no 5xx, no answer slower than 5 s, every 4xx is problem+json, and no
 * rejected write changes any table. Routes added later are walked without touching this file.
 */

/** Cases per operation and caller, sampled deterministically (the plausible request always among them). */
const CASES_PER_OPERATION = 12;
const SLOW_MS = 5_000;

/**
 * Left out of the checksums, each because it moves on requests that are rightly refused:
 * - rate_limits: counting refused attempts (wrong passwords, throttled sends) is its purpose;
 * - sessions.last_seen_at / expires_at: any signed-in request slides the session's expiry,
 *   whatever the answer;
 * - access_tokens.last_used_at: the same for a token; user_activity: the same for a
 *   person (no push for someone active in the last two minutes);
 * - the notification delivery worker's bookkeeping, which settles earlier requests' notifications
 *   in the background, at any moment of the walk.
 */
const IGNORED = {
  tables: ['rate_limits', 'user_activity'],
  columns: {
    sessions: ['last_seen_at', 'expires_at'],
    access_tokens: ['last_used_at'],
    notification_deliveries: ['status', 'reason', 'attempts', 'available_at', 'leased_until', 'settled_at'],
    push_conversation_sends: ['last_sent_at'],
  } as Record<string, string[]>,
};

type Actor = { name: 'visitor' | 'member' | 'admin'; cookie?: string };

interface Outcome {
  actor: string;
  op: string;
  label: string;
  status: number;
  ms: number;
  contentType: string;
}

let api: TestApi;
let checksums: TableChecksums;
const outcomes: Outcome[] = [];
const changedByRejected: string[] = [];
let walkMs = 0;

function describeCase(actor: Actor, op: Operation, c: Case) {
  return `${actor.name} ${op.method} ${op.path} [${c.label}]`;
}

async function send(actor: Actor, op: Operation, c: Case): Promise<Outcome> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (actor.cookie) headers.Cookie = actor.cookie;
  let body: string | undefined;
  if (c.body && 'json' in c.body) {
    headers['Content-Type'] = 'application/json';
    body = toJson(c.body.json);
  } else if (c.body) {
    headers['Content-Type'] = c.body.contentType;
    body = c.body.raw;
  }
  const started = performance.now();
  const res = await fetch(`${api.url}${c.url}`, { method: op.method, headers, body: op.method === 'GET' ? undefined : body, redirect: 'manual' });
  await res.arrayBuffer();
  const outcome = {
    actor: actor.name,
    op: `${op.method} ${op.path}`,
    label: c.label,
    status: res.status,
    ms: Math.round(performance.now() - started),
    contentType: res.headers.get('content-type') ?? '',
  };
  outcomes.push(outcome);
  return outcome;
}

const rejected = (o: Outcome) => o.status >= 400 && o.status < 500;

/** Sends one case between two checksums; a refused one must leave every table as it was. */
async function sendChecked(actor: Actor, op: Operation, c: Case, before: Map<string, string>): Promise<Map<string, string>> {
  const outcome = await send(actor, op, c);
  const after = await checksums.settled();
  const changed = changedTables(before, after);
  if (rejected(outcome) && changed.length) changedByRejected.push(`${describeCase(actor, op, c)} → ${outcome.status} changed ${changed.join(', ')}`);
  return after;
}

/**
 * Reads go straight through. Writes go as a batch between two checksums: when every one was refused,
 * one comparison proves none changed anything. The plausible request goes first and may rightly
 * succeed, so a success there starts a new baseline; should a hostile case succeed, the refused
 * ones of that batch are replayed, each between checksums of its own.
 */
async function walk(actor: Actor, op: Operation, cases: Case[], baseline: Map<string, string>): Promise<Map<string, string>> {
  if (op.method === 'GET') {
    for (const c of cases) await send(actor, op, c);
    return baseline;
  }
  let current = baseline;
  let batch = cases;
  const first = await send(actor, op, cases[0]);
  if (!rejected(first)) {
    current = await checksums.settled();
    batch = cases.slice(1);
  }
  const results = [];
  for (const c of batch) results.push({ c, outcome: c === cases[0] ? first : await send(actor, op, c) });
  const after = await checksums.settled();
  if (results.every((r) => rejected(r.outcome))) {
    const changed = changedTables(current, after);
    if (changed.length) changedByRejected.push(`${actor.name} ${op.method} ${op.path} [one of: ${batch.map((c) => c.label).join(' | ')}] changed ${changed.join(', ')}`);
    return after;
  }
  current = after;
  for (const { c, outcome } of results) if (rejected(outcome)) current = await sendChecked(actor, op, c, current);
  return current;
}

/** Real objects, so a plausible request reaches past "not found" into the code that does the work. */
async function arrange(admin: RegisteredUser, member: RegisteredUser, other: RegisteredUser): Promise<Fixtures> {
  const ok = async (res: Response, what: string) => {
    if (!res.ok) throw new Error(`arranging ${what} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  const post = (who: RegisteredUser, path: string, body: unknown) =>
    fetch(`${api.url}${path}`, { method: 'POST', headers: { Cookie: who.cookie, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const doc = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hello' }] }] };
  const space = await ok(await post(admin, '/api/spaces', { name: 'Robustness space', description: 'For the walk', visibility: 'public' }), 'a space');
  await post(member, `/api/spaces/${space.id}/join`, {});
  const story = await ok(
    await post(member, '/api/stories', { title: 'A story', content: doc, contentWarnings: [], visibility: 'public', language: 'en', status: 'published', consent: { handbook: true } }),
    'a story',
  );
  const start = Date.now() + 7 * 86_400_000;
  // A public event is an organisation's.
  const organization = await ok(await post(admin, '/api/organizations', { name: 'Robustness association', description: 'For the walk' }), 'an organisation');
  const event = await ok(
    await post(admin, '/api/events', { organizationId: organization.id, title: 'An evening', kind: 'multiplier', startsAt: new Date(start).toISOString(), endsAt: new Date(start + 7_200_000).toISOString(), timezone: 'Europe/Budapest', rrule: 'FREQ=WEEKLY;COUNT=4' }),
    'an event',
  );
  // It takes registrations, so the staff-only registration routes are walked past "not found".
  await ok(
    await fetch(`${api.url}/api/events/${event.id}/registration-settings`, {
      method: 'PUT',
      headers: { Cookie: admin.cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ consentText: 'I agree.', retentionUntil: new Date(start + 365 * 86_400_000).toISOString().slice(0, 10), partnerOrganisations: [], open: true }),
    }),
    'registration settings',
  );
  const message = await ok(await post(admin, `/api/spaces/${space.id}/messages`, { clientId: randomUUID(), body: 'Hello all' }), 'a message');
  const comment = await ok(await post(admin, `/api/stories/${story.id}/comments`, { content: doc }), 'a comment');
  const token = await ok(await post(member, '/api/auth/tokens', { name: 'robustness' }), 'a token');
  const [resource] = await api.sql<{ id: string }>(`SELECT id FROM crisis_resources LIMIT 1`);

  const byPath: Record<string, string> = {
    'spaces:id': space.id,
    'spaces:idOrSlug': space.slug,
    'spaces:userId': member.user.id,
    'spaces:messageId': message.id ?? message.message?.id ?? randomUUID(),
    'stories:id': story.id,
    'stories:commentId': comment.id,
    'events:id': event.id,
    'users:id': other.user.id,
    'auth:id': token.id ?? token.token?.id ?? randomUUID(),
    'admin:id': resource?.id ?? randomUUID(),
  };
  const byField: Record<string, string> = { spaceId: space.id, targetId: story.id, clientId: randomUUID(), messageId: message.id, replyToId: message.id };
  return {
    pathValue: (path, param) => {
      const section = path.split('/')[2];
      if (param === 'token') return 'a'.repeat(40);
      return byPath[`${section}:${param}`] ?? randomUUID();
    },
    fieldValue: (field) => byField[field],
  };
}

/** Writes that end the caller's own session go last, so they do not sign the walk out halfway. */
const order = (op: Operation) => (op.path === '/api/auth/logout' ? 3 : op.path === '/api/me' && op.method === 'DELETE' ? 2 : op.method === 'DELETE' ? 1 : 0);

beforeAll(async () => {
  // No reminder sweep during the walk: it writes on its own schedule, not because of a request.
  // E-mail on (routes exist only with SMTP_URL), pointed at a closed port: a confirmation e-mail
  // that cannot be sent must still be answered without a 5xx.
  api = await startApi({ env: { REMINDER_SWEEP_SECONDS: '86400', SMTP_URL: 'smtp://walk:walk@127.0.0.1:9', PUBLIC_URL: 'https://sorstars.test' } });
  const [admin, member, other] = await Promise.all([registerUser(api.url), registerUser(api.url), registerUser(api.url)]);
  await api.sql(`UPDATE users SET roles = '{member,org_staff,admin}' WHERE id = $1`, [admin.user.id]);
  const fixtures = await arrange(admin, member, other);
  checksums = await tableChecksums(api.databaseUrl(), IGNORED);

  const doc = await (await fetch(`${api.url}/api/docs.json`)).json();
  const ops = operationsOf(doc).sort((a, b) => order(a) - order(b));
  const actors: Actor[] = [{ name: 'visitor' }, { name: 'member', cookie: member.cookie }, { name: 'admin', cookie: admin.cookie }];
  const started = performance.now();
  let baseline = await checksums.settled();
  for (const op of ops) {
    for (const actor of actors) {
      const cases = casesFor(op, fixtures, CASES_PER_OPERATION, seeded(`${actor.name} ${op.method} ${op.path}`));
      baseline = await walk(actor, op, cases, baseline);
    }
  }
  walkMs = Math.round(performance.now() - started);
}, 300_000);

afterAll(async () => {
  await checksums?.close();
  await api?.stop();
});

describe('every operation in /api/docs.json, with hostile input, as a visitor, a member and an admin', () => {
  it('walks every operation the document lists, each with several cases per caller', () => {
    const ops = new Set(outcomes.map((o) => o.op));
    expect(ops.size).toBeGreaterThanOrEqual(80);
    expect(outcomes.length).toBeGreaterThanOrEqual(ops.size * 3 * 5);
    // For the record in CI logs: how many requests, how long the whole walk took.
    console.log(`robustness: ${outcomes.length} requests over ${ops.size} operations in ${walkMs} ms; slowest ${Math.max(...outcomes.map((o) => o.ms))} ms`);
  });

  it('answers none of them with a 5xx', () => {
    const failures = outcomes.filter((o) => o.status >= 500).map((o) => `${o.actor} ${o.op} [${o.label}] → ${o.status}`);
    expect(failures).toEqual([]);
  });

  it('answers each within 5 seconds', () => {
    const slow = outcomes.filter((o) => o.ms > SLOW_MS).map((o) => `${o.actor} ${o.op} [${o.label}] took ${o.ms} ms`);
    expect(slow).toEqual([]);
  });

  it('answers every refusal as problem+json', () => {
    const plain = outcomes.filter((o) => rejected(o) && !o.contentType.startsWith('application/problem+json')).map((o) => `${o.actor} ${o.op} [${o.label}] → ${o.status} ${o.contentType}`);
    expect(plain).toEqual([]);
  });

  it('refuses most hostile cases (the walk reaches validation, not just "not found")', () => {
    const validation = outcomes.filter((o) => o.status === 422 || o.status === 400 || o.status === 415 || o.status === 413);
    expect(validation.length).toBeGreaterThan(outcomes.length / 4);
  });

  it('changes no table when it refuses a write', () => {
    expect(changedByRejected).toEqual([]);
  });
});
