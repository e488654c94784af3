#!/usr/bin/env node
// Compares two V8 heap snapshots (e.g. from `npm run bench -- chat-rooms --heap-snapshots`): what
// grew between them, by kind of object, in count and in the objects' own size. Not a bench.
//
//   node test/bench/_heap-diff.mjs before.heapsnapshot after.heapsnapshot [--top 30]
import fs from 'node:fs';
import { parseArgs } from './lib.mjs';

const args = parseArgs();
const [beforeFile, afterFile] = args._ ?? [];
if (!beforeFile || !afterFile) {
  console.log('usage: node test/bench/_heap-diff.mjs before.heapsnapshot after.heapsnapshot [--top N]');
  process.exit(beforeFile ? 1 : 0);
}
const top = Number(args.top ?? 30);

/** Own size and count per "type:name" (a constructor, a string, code, an array...). */
function summarize(file) {
  const { snapshot, nodes, strings } = JSON.parse(fs.readFileSync(file, 'utf8'));
  const fields = snapshot.meta.node_fields;
  const types = snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups = new Map();
  let total = 0;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt]];
    // Strings and code are grouped by type alone: their "names" are their contents.
    const key = type === 'object' || type === 'closure' ? `${type}:${strings[nodes[i + nameAt]]}` : type;
    const size = nodes[i + sizeAt];
    total += size;
    const g = groups.get(key) ?? { count: 0, size: 0 };
    g.count += 1;
    g.size += size;
    groups.set(key, g);
  }
  return { groups, total, count: nodes.length / width };
}

const mib = (bytes) => (bytes / 1048576).toFixed(2);
const before = summarize(beforeFile);
const after = summarize(afterFile);
console.log(`heap: ${mib(before.total)} MiB in ${before.count} objects -> ${mib(after.total)} MiB in ${after.count} objects`);
const rows = [...new Set([...before.groups.keys(), ...after.groups.keys()])].map((key) => {
  const b = before.groups.get(key) ?? { count: 0, size: 0 };
  const a = after.groups.get(key) ?? { count: 0, size: 0 };
  return { key, count: a.count - b.count, size: a.size - b.size, after: a };
});
rows.sort((x, y) => y.size - x.size);
console.log(`${'grew MiB'.padStart(9)} ${'count'.padStart(9)} ${'now MiB'.padStart(9)}  kind`);
for (const r of rows.slice(0, top)) console.log(`${mib(r.size).padStart(9)} ${String(r.count).padStart(9)} ${mib(r.after.size).padStart(9)}  ${r.key.slice(0, 100)}`);
