#!/usr/bin/env node
// `npm run cli -- grant <username> <role>`: builds the API if needed, then runs its CLI.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!fs.existsSync(path.join(root, 'api/dist/cli.js'))) {
  const built = spawnSync('npx', ['nx', 'run-many', '-t', 'build', '--projects=@sorstars/api', '--outputStyle=stream'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const run = spawnSync(process.execPath, [path.join(root, 'api/dist/cli.js'), ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
process.exit(run.status ?? 1);
