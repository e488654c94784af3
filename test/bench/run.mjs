#!/usr/bin/env node
// Bench runner (`npm run bench`). Benches are test/bench/<name>.mjs or <name>.ts, each its own
// process that prints its figures and exits; they are never part of `npm test`.
//
//   npm run bench                     run every bench, one after another
//   npm run bench -- --list           list them
//   npm run bench -- <name> [args…]   run one, passing the rest of the arguments on
//
// Helper modules are not benches: lib.mjs, run.mjs, ts-loader.mjs, ts-hooks.mjs and names starting with `_`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const NOT_BENCHES = new Set(['run', 'lib', 'ts-loader', 'ts-hooks']);

function benches() {
  const found = new Map();
  for (const file of fs.readdirSync(here).sort()) {
    const m = /^([^_.][^.]*)\.(mjs|ts)$/.exec(file);
    if (!m || NOT_BENCHES.has(m[1]) || file.endsWith('.d.ts')) continue;
    if (found.has(m[1])) throw new Error(`two benches named ${m[1]}: ${found.get(m[1])} and ${file}`);
    found.set(m[1], file);
  }
  return found;
}

function run(name, file, args) {
  const nodeArgs = file.endsWith('.ts') ? ['--import', path.join(here, 'ts-loader.mjs')] : [];
  console.log(`\n=== bench: ${name} ${args.join(' ')}`.trimEnd());
  const started = Date.now();
  const result = spawnSync(process.execPath, [...nodeArgs, path.join(here, file), ...args], { stdio: 'inherit' });
  const status = result.status ?? 1;
  console.log(`=== ${name}: ${status === 0 ? 'done' : `FAILED (${result.signal ?? status})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return status;
}

const [name, ...rest] = process.argv.slice(2);
const all = benches();
if (name === '--list' || name === '-l' || name === '--help' || name === '-h') {
  console.log('benches:');
  for (const [bench, file] of all) console.log(`  ${bench.padEnd(20)} test/bench/${file}`);
  console.log('\nnpm run bench -- <name> [args…]   runs one; npm run bench runs all');
  process.exit(0);
}
if (name) {
  const file = all.get(name.replace(/\.(mjs|ts)$/, ''));
  if (!file) {
    console.error(`no bench named "${name}"; there are: ${[...all.keys()].join(', ') || 'none'}`);
    process.exit(2);
  }
  process.exit(run(name.replace(/\.(mjs|ts)$/, ''), file, rest));
}
let failed = 0;
for (const [bench, file] of all) if (run(bench, file, []) !== 0) failed++;
process.exit(failed ? 1 : 0);
