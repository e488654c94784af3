#!/usr/bin/env node
// `npm start` runs web + api; `npm start -- api` or `npm run start:api` one side alone (as
// docker-compose does). Builds first when a build is missing or older than its sources; Nx's
// cache makes an up-to-date build a no-op.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeArgsFor, serverEnv } from './node-args.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const which = process.argv[2] ?? 'all';
const sides = { api: ['api'], web: ['web'], all: ['api', 'web'] }[which];
if (!sides) {
  console.error(`usage: node scripts/start.mjs [api|web|all]`);
  process.exit(2);
}

const entry = { api: 'api/dist/main.js', web: 'web/server.js' };
const builtMarker = { api: 'api/dist/main.js', web: 'web/build/server/index.js' };

function newestMtime(dir) {
  let newest = 0;
  for (const item of fs.readdirSync(dir, { withFileTypes: true })) {
    if (['node_modules', 'dist', 'build', '.cache'].includes(item.name)) continue;
    const full = path.join(dir, item.name);
    newest = Math.max(newest, item.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild(side) {
  const marker = path.join(root, builtMarker[side]);
  if (!fs.existsSync(marker)) return true;
  const built = fs.statSync(marker).mtimeMs;
  const sources = ['shared/src', 'migrations/src', side === 'api' ? 'api/src' : 'web/app'];
  return sources.some((dir) => newestMtime(path.join(root, dir)) > built);
}

if (process.env.SKIP_BUILD !== '1' && sides.some(needsBuild)) {
  const projects = sides.map((s) => `@sorstars/${s}`).join(',');
  console.log(`building ${projects}…`);
  const built = spawnSync('npx', ['nx', 'run-many', '-t', 'build', `--projects=${projects}`, '--outputStyle=stream'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const children = sides.map((side) => {
  const child = spawn(process.execPath, [...nodeArgsFor(side), path.join(root, entry[side])], { cwd: root, stdio: 'inherit', env: serverEnv(process.env) });
  child.on('exit', (code, signal) => {
    // One side alone is no use: stop the other and report why.
    if (!stopping) {
      console.error(`${side} stopped (${signal ?? code}); stopping the rest`);
      stop(code ?? 1);
    }
  });
  return child;
});

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null))).then(() => process.exit(code));
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
if (sides.includes('web')) console.log(`Sorstárs: http://localhost:${process.env.PORT || 3000}`);
