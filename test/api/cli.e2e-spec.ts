import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, startApi, type TestApi } from '../support/api-server.js';
import { API_CLI, ROOT } from '../support/paths.js';
import { registerUser } from '../support/users.js';

const run = promisify(execFile);

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

/** Runs `node api/dist/cli.js …` against the test database, beside the running API. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith({}, ROOT, ...args);
}

async function cliWith(
  overrides: Record<string, string | undefined>,
  cwd: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const merged: Record<string, string | undefined> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...api.env, LOG_LEVEL: 'warn', ...overrides };
  const env = Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
  try {
    const { stdout, stderr } = await run(process.execPath, [API_CLI, ...args], { cwd, env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('npm run cli -- grant', () => {
  it('grants a platform role: /me shows it on the next request', async () => {
    const { agent, user } = await registerUser(api.url);
    const result = await cli('grant', user.username, 'admin');
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain('admin');
    expect((await agent.get('/api/me').expect(200)).body.roles.sort()).toEqual(['admin', 'member']);
    // Granting again is harmless and does not duplicate the role.
    expect((await cli('grant', user.username.toUpperCase(), 'admin')).code).toBe(0);
    expect((await agent.get('/api/me')).body.roles.sort()).toEqual(['admin', 'member']);
  });

  it('an unknown role exits 1 with a message, and changes nothing', async () => {
    const { agent, user } = await registerUser(api.url);
    const result = await cli('grant', user.username, 'superuser');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/role/i);
    expect((await agent.get('/api/me')).body.roles).toEqual(['member']);
  });

  it('an unknown person exits 1', async () => {
    const result = await cli('grant', 'nobody-by-this-name', 'admin');
    expect(result.code).toBe(1);
    expect(result.stderr.length).toBeGreaterThan(0);
  });

  it('wrong usage prints the usage and exits 2', async () => {
    const result = await cli('grant', 'only-one-argument');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Usage/);
  });
});

describe('the CLI finds the database the API uses, and says plainly when it cannot', () => {
  const made: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sorstars-cli-'));
    made.push(dir);
    return dir;
  };
  afterAll(() => made.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it('a DATA_DIR without a database is named, and no new database is made there', async () => {
    const empty = tempDir();
    const result = await cliWith({ DATABASE_URL: '', DATA_DIR: empty }, tempDir(), 'grant', 'somebody', 'admin');
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(`No database in ${empty}`)]);
    expect(result.stderr).toContain('DATA_DIR');
    expect(fs.readdirSync(empty)).toEqual([]);
  });

  it('grant writes nothing into the folder it is run from', async () => {
    const { user } = await registerUser(api.url);
    const cwd = tempDir();
    // The API's own data folder (embedded) or none at all (Postgres): never a new ./data.
    const result = await cliWith({}, cwd, 'grant', user.username, 'org_staff');
    expect(result).toMatchObject({ code: 0 });
    expect(fs.readdirSync(cwd)).toEqual([]);
  });

  it('an unreachable database is one line naming it, not a stack trace, and exits 1', async () => {
    const port = await freePort();
    const result = await cliWith({ DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${port}/nowhere`, DATA_DIR: tempDir() }, tempDir(), 'grant', 'somebody', 'admin');
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^Could not reach postgres://postgres@127\\.0\\.0\\.1:${port}/nowhere: .+\\. Is the database`));
    expect(result.stderr).not.toContain('secret');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
