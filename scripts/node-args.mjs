// The V8 settings each server starts with: one place, used by `npm start` (and so docker-compose)
// and by the benches, so a bench measures what production runs.
import os from 'node:os';

// The web gets a heap limit. With none, on a machine with a few gigabytes to spare, V8 lets the
// old generation grow to up to four times the live data before a full collection: under page load
// the web's live heap is 30–60 MiB, yet it held 280–320 MiB (peak ~400). Below V8's "big machine"
// limit it grows the heap by a smaller factor: at 1 GiB (twenty times the live heap, so no risk of
// running out under a burst) the web stayed near 200 MiB (peak ~240) for about 10 % more web CPU
// per page; 512 MiB saved no more memory and cost 20–25 % (`npm run bench -- pages`,
// docs/benchmarks.md).
// A small server's V8 picks a limit of this order by itself; this makes big ones behave the same.
const HEAP_LIMIT_MIB = { web: 1024 };

// Both get a smaller young generation than V8 picks on a big machine: on a 24 GiB machine Node 24
// lets each of its two halves grow to 64 MiB (Node 20 and 22 to 16). On Node 24 the web then held
// 350–390 MiB under page load, against 276 MiB at 16 (247–259 MiB with the malloc setting below),
// for 10–20 % less web CPU a page; the API under `chat-rooms` peaked at 508 MiB against 420 at 16,
// for the same sends a second within the noise (docs/benchmarks.md, 3 December 2026).
// The web's is halved again: over ten alternating `pages` runs on Node 24 (7 December 2026) it held
// 229–247 MiB after a run at 8 against 237–257 at 16, two of those five over the 250 MiB goal. The
// price: more of each page's short-lived data is copied out of the smaller young generation, 0.24
// ms more web CPU a page at the median (2.31 against 2.07 s per 1,000) and 0–14 % fewer signed-in
// pages a second. A server that stays inside its memory under load is worth that.
// Each is given only from the memory at which Node 22 and 24 both pick at least as much by
// themselves, so it never makes one bigger. What they pick (`new_space` at its largest, under a
// memory limit of 1, 2, 3, 4, 6 and 8 GiB; 7 December 2026): Node 24 halves of 16, 32, then 64 MiB
// from 3 GiB; Node 22 of 4, 8, then 16 MiB from 3 GiB.
const SEMI_SPACE = { web: { mib: 8, fromBytes: 2 * 1024 ** 3 }, api: { mib: 16, fromBytes: 3 * 1024 ** 3 } };

/** The memory V8 sizes its heap from: the container's limit when there is one, else the machine's. */
function usableMemory() {
  const total = os.totalmem();
  const limit = process.constrainedMemory?.() ?? 0;
  return limit > 0 && limit < total ? limit : total;
}

/**
 * Node options for `side` ('api' | 'web'); a setting of the same name in NODE_OPTIONS wins over
 * ours. `memoryBytes`: what V8 sizes its heap from (a test passes a small machine's).
 */
export function nodeArgsFor(side, env = process.env, memoryBytes = usableMemory()) {
  // Flags on the command line would override NODE_OPTIONS, so ours step aside for the operator's.
  const chosen = (name) => new RegExp(`--${name.replaceAll('-', '[-_]')}`).test(env.NODE_OPTIONS ?? '');
  const args = [];
  if (HEAP_LIMIT_MIB[side] && !chosen('max-old-space-size')) args.push(`--max-old-space-size=${HEAP_LIMIT_MIB[side]}`);
  const semiSpace = SEMI_SPACE[side];
  if (semiSpace && memoryBytes >= semiSpace.fromBytes && !chosen('max-semi-space-size')) args.push(`--max-semi-space-size=${semiSpace.mib}`);
  return args;
}

/**
 * The environment a server starts with: `env`, unless the operator chose otherwise,
 * - with NODE_ENV `production`. `npm start` is how a small organisation runs Sorstárs without
 *   Docker, yet it left NODE_ENV unset (until 5 December 2026): React then rendered every page with
 *   its development build, and Express answered a malformed URL with a stack trace naming the
 *   server's paths. `npm run dev` sets `development` itself; the Docker image sets `production`.
 * - with glibc's malloc held to two arenas. By default glibc gives each thread that allocates its
 *   own arena, up to eight per core, and each keeps what was freed in it; Node 24's V8 allocates
 *   from more threads than Node 20's. Two arenas took the web on Node 24 from 276 to 247–259 MiB
 *   under page load, for little CPU (0.1–0.3 ms a page, within the spread of single runs). Other
 *   allocators ignore the variable.
 */
export function serverEnv(env = process.env) {
  return { ...env, NODE_ENV: env.NODE_ENV || 'production', MALLOC_ARENA_MAX: env.MALLOC_ARENA_MAX || '2' };
}
