// The V8 settings each server starts with: one place, used by `npm start` (and so docker-compose)
// and by the benches, so a bench measures what production runs.
//
// The web gets a heap limit. With none, on a machine with a few gigabytes to spare, V8 lets the
// old generation grow to up to four times the live data before a full collection: under page load
// the web's live heap is 30–60 MiB, yet it held 280–320 MiB (peak ~400). Below V8's "big machine"
// limit it grows the heap by a smaller factor: at 1 GiB (twenty times the live heap, so no risk of
// running out under a burst) the web stayed near 200 MiB (peak ~240) for about 10 % more web CPU
// per page; 512 MiB saved no more memory and cost 20–25 % (`npm run bench -- pages`, README).
// A small server's V8 picks a limit of this order by itself; this makes big ones behave the same.
const HEAP_LIMIT_MIB = { web: 1024 };

/** Node options for `side` ('api' | 'web'); a heap limit in NODE_OPTIONS wins over ours. */
export function nodeArgsFor(side, env = process.env) {
  const limit = HEAP_LIMIT_MIB[side];
  // Flags on the command line would override NODE_OPTIONS, so ours steps aside for the operator's.
  const ownLimit = /--max[-_]old[-_]space[-_]size/.test(env.NODE_OPTIONS ?? '');
  return limit && !ownLimit ? [`--max-old-space-size=${limit}`] : [];
}
