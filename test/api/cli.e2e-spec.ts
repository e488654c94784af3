import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startApi, type TestApi } from '../support/api-server.js';
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
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...api.env, LOG_LEVEL: 'warn' };
  try {
    const { stdout, stderr } = await run(process.execPath, [API_CLI, ...args], { cwd: ROOT, env, timeout: 30_000 });
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
