import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { ROOT } from '../support/paths.js';
import { expectProblem, uniqueIp } from '../support/http.js';
import { registerUser, uniqueUsername } from '../support/users.js';

type Tree = { [key: string]: string | Tree };
const errorsFile = (lang: string) => path.join(ROOT, 'locales', lang, 'errors.json');
const readErrors = (lang: string): Tree | null => (fs.existsSync(errorsFile(lang)) ? JSON.parse(fs.readFileSync(errorsFile(lang), 'utf8')) : null);
const lookup = (tree: Tree | null, key: string) => key.split('.').reduce<string | Tree | undefined>((n, k) => (n && typeof n === 'object' ? n[k] : undefined), tree ?? undefined);

// Read when the tests run: translators may be adding files while this suite is written.
const en = readErrors('en')!;
const hu = readErrors('hu');

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

const badLogin = () => request(api.url).post('/api/auth/login').set('X-Forwarded-For', uniqueIp()).send({ username: uniqueUsername('nobody'), password: 'not-a-password' });

describe('error messages in the caller’s language', () => {
  it('English by default, from locales/en/errors.json', async () => {
    const body = expectProblem(await badLogin(), 401, 'INVALID_CREDENTIALS');
    expect(body.detail).toBe(en.INVALID_CREDENTIALS);
  });

  // Each shipped language with an errors.json must be served exactly as written there.
  const languages = ['hu', 'sr', 'da', 'fi', 'sl'].filter((lang) => typeof lookup(readErrors(lang), 'INVALID_CREDENTIALS') === 'string');
  it.each(languages.length ? languages : ['en'])('Accept-Language %s picks that language’s errors.json', async (lang) => {
    const expected = lookup(readErrors(lang), 'INVALID_CREDENTIALS');
    const body = expectProblem(await badLogin().set('Accept-Language', `${lang};q=0.9, en;q=0.1`), 401, 'INVALID_CREDENTIALS');
    expect(body.detail).toBe(expected);
  });

  it('Accept-Language: hu gives the Hungarian text (when locales/hu/errors.json exists), distinct from English', async () => {
    const body = expectProblem(await badLogin().set('Accept-Language', 'hu'), 401, 'INVALID_CREDENTIALS');
    const huText = lookup(hu, 'INVALID_CREDENTIALS');
    if (typeof huText === 'string') {
      expect(body.detail).toBe(huText);
      expect(body.detail).not.toBe(en.INVALID_CREDENTIALS);
    } else {
      expect(body.detail).toBe(en.INVALID_CREDENTIALS);
    }
  });

  it('field messages are translated too', async () => {
    const res = await request(api.url).post('/api/auth/register').set('Accept-Language', 'hu').send({ password: 'x' });
    const body = expectProblem(res, 422, 'VALIDATION_FAILED');
    const username = body.errors!.find((e) => e.path === 'username')!;
    expect(username.message).toBe(lookup(hu, 'validation.required') ?? lookup(en, 'validation.required'));
  });

  it('the lng cookie wins over Accept-Language, and the account’s language wins over both', async () => {
    const viaCookie = expectProblem(await badLogin().set('Cookie', 'lng=hu').set('Accept-Language', 'en'), 401, 'INVALID_CREDENTIALS');
    expect(viaCookie.detail).toBe(lookup(hu, 'INVALID_CREDENTIALS') ?? en.INVALID_CREDENTIALS);

    const { agent } = await registerUser(api.url, { locale: 'hu' });
    const res = await agent.post('/api/users/00000000-0000-4000-8000-000000000000/block').set('Accept-Language', 'en');
    const body = expectProblem(res, 404, 'USER_NOT_FOUND');
    expect(body.detail).toBe(lookup(hu, 'USER_NOT_FOUND') ?? en.USER_NOT_FOUND);
  });

  it('an unsupported language falls back to English', async () => {
    const body = expectProblem(await badLogin().set('Accept-Language', 'de-DE, fr;q=0.8'), 401, 'INVALID_CREDENTIALS');
    expect(body.detail).toBe(en.INVALID_CREDENTIALS);
  });

  it('the code, type and title stay the same in every language (clients branch on them)', async () => {
    const a = expectProblem(await badLogin().set('Accept-Language', 'hu'), 401, 'INVALID_CREDENTIALS');
    const b = expectProblem(await badLogin().set('Accept-Language', 'en'), 401, 'INVALID_CREDENTIALS');
    expect({ type: a.type, title: a.title, code: a.code }).toEqual({ type: b.type, title: b.title, code: b.code });
  });
});
