#!/usr/bin/env node
// `npm run dev`: TypeScript watchers for shared, migrations and the API (restarted on change by
// node --watch), and the web server with Vite in middleware mode (hot reload).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args, env = {}) => spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });

const children = [
  run('npx', ['tsc', '-p', 'shared/tsconfig.json', '--watch', '--preserveWatchOutput']),
  run('npx', ['tsc', '-p', 'migrations/tsconfig.json', '--watch', '--preserveWatchOutput']),
  run('npx', ['tsc', '-p', 'api/tsconfig.build.json', '--watch', '--preserveWatchOutput']),
];
// Give the first compile a head start so the API finds its files.
setTimeout(() => {
  children.push(run(process.execPath, ['--watch-path=api/dist', '--watch-path=shared/dist', 'api/dist/main.js']));
  children.push(run(process.execPath, ['web/server.js'], { NODE_ENV: 'development' }));
}, 8000);
const stop = () => {
  for (const c of children) c.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
