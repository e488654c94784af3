import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from './api-server.js';
import { COMPILE_CACHE_ENV, ROOT } from './paths.js';

export interface TestWeb {
  url: string;
  port: number;
  output(): string;
  stop(): Promise<void>;
}

const WEB_BUILD = path.join(ROOT, 'web/build/server/index.js');

/** Builds web/ once if there is no build yet; fails with the build output if that fails. */
export function ensureWebBuilt(): void {
  if (fs.existsSync(WEB_BUILD)) return;
  try {
    execFileSync('npm', ['run', 'build', '-w', 'web'], { cwd: ROOT, stdio: 'pipe', timeout: 180_000 });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`web/build is missing and \`npm run build -w web\` failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
  if (!fs.existsSync(WEB_BUILD)) throw new Error(`\`npm run build -w web\` did not produce ${path.relative(ROOT, WEB_BUILD)}`);
}

/**
 * Starts `node web/server.js` on a free port in front of the given API. Ready when the process
 * itself says it listens on that port: answering the port is not enough, since a port found free
 * may be taken by another test's server before this one binds it (this one then exits, and the
 * other would have answered in its place). Then it starts again on another port.
 */
export async function startWeb(apiUrl: string, env: Record<string, string> = {}): Promise<TestWeb> {
  ensureWebBuilt();
  for (let attempt = 1; ; attempt++) {
    const started = await startWebOnce(apiUrl, env);
    if (started.ok) return started.web;
    if (!started.portTaken || attempt === 3) throw new Error(started.reason);
  }
}

async function startWebOnce(apiUrl: string, env: Record<string, string>): Promise<{ ok: true; web: TestWeb } | { ok: false; portTaken: boolean; reason: string }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'web/server.js')], {
    cwd: path.join(ROOT, 'web'),
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...COMPILE_CACHE_ENV, NODE_ENV: 'production', PORT: String(port), HOST: '127.0.0.1', API_URL: apiUrl, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await new Promise((resolve) => child.once('exit', resolve));
      clearTimeout(timer);
    }
  };

  const deadline = Date.now() + 30_000;
  while (!log.includes(`listening on ${url}`)) {
    if (child.exitCode !== null) return { ok: false, portTaken: log.includes('already in use'), reason: `The web server exited with code ${child.exitCode}:\n${log}` };
    if (Date.now() > deadline) {
      await stop();
      return { ok: false, portTaken: false, reason: `The web server did not start listening within 30 s:\n${log}` };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { ok: true, web: { url, port, output: () => log, stop } };
}
