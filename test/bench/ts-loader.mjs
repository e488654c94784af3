// `node --import ./ts-loader.mjs bench.ts`: runs a TypeScript bench by stripping its types with
// @swc/core (already a dev dependency, used by the tests). No type checking: that is `npm run typecheck`.
import { register } from 'node:module';

register(new URL('./ts-hooks.mjs', import.meta.url));
