/**
 * Look-alike and invisible usernames: a name that renders like someone else's, or as nothing,
 * lets one person pass for another. Compared by UTS #39 skeleton in the database (unique index).
 */
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectFieldError, expectProblem } from '../support/http.js';
import { ROOT } from '../support/paths.js';
import { strongPassword } from '../support/users.js';

const EN = JSON.parse(fs.readFileSync(path.join(ROOT, 'locales/en/errors.json'), 'utf8')) as { validation: Record<string, string> };

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

const register = (username: string) => request(api.url).post('/api/auth/register').send({ username, password: strongPassword() });
const userCount = async () => (await api.sql<{ n: number }>('SELECT count(*)::int AS n FROM users'))[0].n;
/** Digits only, so a suffix never adds Latin letters to a name in another script. */
const digits = () => String(randomInt(10_000_000, 99_999_999));

describe('look-alikes of a taken name are refused (409 USERNAME_TAKEN), nothing is created', () => {
  const n = digits();
  beforeAll(async () => {
    await register(`admin${n}`).expect(201);
    await register(`copa${n}`).expect(201);
  });

  it.each([
    ['dotless ı for i', `adm\u0131n${n}`],
    ['"rn" for "m"', `adrnin${n}`],
    ['the whole name in Cyrillic look-alikes (с о р а)', `\u0441\u043e\u0440\u0430${n}`],
  ])('%s', async (_, name) => {
    const before = await userCount();
    const body = expectProblem(await register(name), 409, 'USERNAME_TAKEN');
    expect(body.errors?.[0]?.path).toBe('username');
    expect(await userCount()).toBe(before);
  });

  it('two people racing for look-alike names: exactly one gets one', async () => {
    const m = digits();
    const answers = await Promise.all([register(`pax${m}`), register(`\u0440\u0430\u0445${m}`)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
  });
});

describe('invisible and mixed-script names are refused (422 naming the field)', () => {
  it.each([
    ['"admin" + U+034F, which renders exactly as "admin"', `admin${digits()}\u034f`, 'usernameInvisible'],
    ['Hangul fillers only (an invisible name)', '\u3164\u3164\u3164\u3164', 'usernameInvisible'],
    ['halfwidth Hangul fillers', '\uffa0\uffa0\uffa0', 'usernameInvisible'],
    ['combining marks only', '\u0301\u0308\u0303\u0304', 'usernameInvisible'],
    ['Latin with one Cyrillic а', `\u0430dmin${digits()}`, 'usernameMixedScripts'],
    ['Cyrillic with one Latin letter', `\u041a\u0430\u0442a${digits()}`, 'usernameMixedScripts'],
  ])('%s', async (_, name, rule) => {
    const before = await userCount();
    const body = expectFieldError(await register(name).set('Accept-Language', 'en'), 'username');
    expect(body.errors!.find((e) => e.path === 'username')!.message).toBe(EN.validation[rule]);
    expect(await userCount()).toBe(before);
  });

  it('the refusal says why, in the person’s language', async () => {
    const en = expectFieldError(await register(`\u0430dmin${digits()}`).set('Accept-Language', 'en'), 'username');
    expect(en.errors!.find((e) => e.path === 'username')!.message).toMatch(/one alphabet/);
    const hu = expectFieldError(await register(`admin${digits()}\u034f`).set('Accept-Language', 'hu'), 'username');
    expect(hu.errors!.find((e) => e.path === 'username')!.message).toMatch(/láthatatlan/);
  });

  it.each([
    ['Cyrillic only', `\u041a\u0430\u0442\u0430${digits()}`],
    ['Greek only', `\u0391\u03b8\u03b7\u03bd\u03ac${digits()}`],
    ['Latin with Hungarian accents', `Árvíztűrő${digits()}`],
    ['Japanese', `山田はな${digits()}`],
  ])('a name in one script is welcome: %s', async (_, name) => {
    await register(name).expect(201);
  });
});

describe('accounts made before skeletons were stored', () => {
  it('get their skeleton when the API starts, and their look-alikes are refused from then on', async () => {
    const n = digits();
    const [{ id }] = await api.sql<{ id: string }>(
      `INSERT INTO users (username, username_key, password_hash, locale) VALUES ($1, $1, 'x', 'en') RETURNING id`,
      [`legacy${n}`],
    );
    // A second API process on the same database starts, and fills the skeleton in.
    const second = await startApi({ database: api.database });
    try {
      const [row] = await api.sql<{ username_skeleton: string | null }>('SELECT username_skeleton FROM users WHERE id = $1', [id]);
      expect(row.username_skeleton).toBeTruthy();
      expectProblem(await request(second.url).post('/api/auth/register').send({ username: `1egacy${n}`, password: strongPassword() }), 409, 'USERNAME_TAKEN');
    } finally {
      await second.stop();
    }
  });
});
