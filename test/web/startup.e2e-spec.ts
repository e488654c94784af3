import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { freePort, startApi, type TestApi } from '../support/api-server.js';
import { API_MAIN, ROOT } from '../support/paths.js';
import { ensureWebBuilt, startWeb, type TestWeb } from '../support/web-server.js';

/**
 * What a newcomer sees when starting Sorstárs goes less than smoothly: a port someone else holds
 * is named with the variable that moves it, and while the API is still starting the web shows a
 * calm page that refreshes itself instead of an error.
 */

/** Holds a port the way another program would. */
async function occupy(): Promise<{ port: number; close(): Promise<void> }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return { port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Runs a server process to its exit; it must exit on its own. */
function runToExit(script: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(script)} did not exit on a busy port:\n${output}`));
    }, 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('a busy port', () => {
  it('the API names the port and API_PORT, without a stack trace, and exits non-zero', async () => {
    const busy = await occupy();
    // A second API on the first one's database, so only the port can be what stops it.
    const first = await startApi();
    try {
      const env: Record<string, string> = { ...first.env, API_PORT: String(busy.port) };
      const result = await runToExit(API_MAIN, env);
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.output).toContain(`port ${busy.port} is already in use`);
      expect(result.output).toContain('API_PORT');
      expect(result.output).not.toMatch(/EADDRINUSE|\n\s+at /);
    } finally {
      await busy.close();
      await first.stop();
    }
  }, 90_000);

  it('the web names the port and PORT, without a stack trace, and exits non-zero', async () => {
    ensureWebBuilt();
    const busy = await occupy();
    try {
      const result = await runToExit(path.join(ROOT, 'web/server.js'), { NODE_ENV: 'production', PORT: String(busy.port), HOST: '127.0.0.1', API_URL: 'http://127.0.0.1:9' });
      expect(result.code).not.toBe(0);
      expect(result.code).not.toBeNull();
      expect(result.output).toContain(`port ${busy.port} is already in use`);
      expect(result.output).toMatch(/\bPORT=/);
      expect(result.output).not.toMatch(/EADDRINUSE|\n\s+at /);
    } finally {
      await busy.close();
    }
  }, 90_000);
});

describe('the web before its API answers', () => {
  let web: TestWeb | null = null;
  let api: TestApi | null = null;
  afterAll(async () => {
    await web?.stop();
    await api?.stop();
  });

  it('shows a translated page that refreshes itself, with 503 and Retry-After, and no script', async () => {
    const apiPort = await freePort(); // nothing listens here yet
    web = await startWeb(`http://127.0.0.1:${apiPort}`);
    const res = await fetch(`${web.url}/`, { headers: { 'Accept-Language': 'hu-HU,hu;q=0.9' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await res.text();
    expect(html).toContain('<html lang="hu">');
    expect(html).toContain('A Sorstárs most indul');
    expect(html).toMatch(/<meta http-equiv="refresh" content="\d+">/);
    expect(html).not.toMatch(/<script|style=/);

    const english = await (await fetch(`${web.url}/stories`)).text();
    expect(english).toContain('Sorstárs is starting');

    // The API comes up on that port: the same web now serves the real page.
    api = await startApi({ env: { API_PORT: String(apiPort) } });
    const deadline = Date.now() + 20_000;
    let status = 503;
    while (status === 503 && Date.now() < deadline) {
      status = (await fetch(`${web.url}/`)).status;
      if (status === 503) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(200);
  }, 120_000);
});
