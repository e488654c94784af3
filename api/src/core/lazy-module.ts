import { createRequire } from 'node:module';

/**
 * Every module the API imports is loaded, compiled and run when it starts — in every test file's
 * API process, every restart and every replica — about 3,400 files and 2.5 CPU-seconds on Node 20
 * (a CPU profile of a start is mostly module loading). Libraries only some requests need are
 * loaded on their first use instead: with `await import()` where the caller is async anyway, and
 * through this for CommonJS libraries a synchronous caller needs. The type comes from a type-only
 * import, so nothing is loaded until `get()` is called.
 */
export function lazyModule<T>(specifier: string): { get(): T } {
  const require = createRequire(import.meta.url);
  let loaded: T | undefined;
  return {
    get: () => (loaded ??= require(specifier) as T),
  };
}
