// Types for node-args.mjs, which stays plain ESM so `npm start` runs it without a build step.
export function nodeArgsFor(side: 'api' | 'web', env?: NodeJS.ProcessEnv, memoryBytes?: number): string[];
export function serverEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
