import { nodeArgsFor, serverEnv } from '../../scripts/node-args.mjs';

/**
 * scripts/node-args.mjs: the V8 flags and environment `npm start` (and so the Docker image) gives
 * each server. An operator's own choice always wins, and a young-generation cap is only given
 * where V8 would pick at least as much by itself.
 */
const GiB = 1024 ** 3;

describe('nodeArgsFor', () => {
  it('gives the web a heap limit and an 8 MiB young generation, the API 16 MiB, on a big machine', () => {
    expect(nodeArgsFor('web', {}, 24 * GiB)).toEqual(['--max-old-space-size=1024', '--max-semi-space-size=8']);
    expect(nodeArgsFor('api', {}, 24 * GiB)).toEqual(['--max-semi-space-size=16']);
  });

  it('gives each young-generation cap only where Node 22 and 24 would pick at least as much themselves', () => {
    expect(nodeArgsFor('web', {}, 4 * GiB)).toEqual(['--max-old-space-size=1024', '--max-semi-space-size=8']);
    expect(nodeArgsFor('web', {}, 2 * GiB)).toEqual(['--max-old-space-size=1024', '--max-semi-space-size=8']);
    expect(nodeArgsFor('web', {}, 2 * GiB - 1)).toEqual(['--max-old-space-size=1024']);
    expect(nodeArgsFor('api', {}, 3 * GiB)).toEqual(['--max-semi-space-size=16']);
    expect(nodeArgsFor('api', {}, 3 * GiB - 1)).toEqual([]);
  });

  it("steps aside for the operator's NODE_OPTIONS, in either spelling", () => {
    expect(nodeArgsFor('web', { NODE_OPTIONS: '--max_semi_space_size=4' }, 24 * GiB)).toEqual(['--max-old-space-size=1024']);
    expect(nodeArgsFor('web', { NODE_OPTIONS: '--max-old-space-size=2048 --max-semi-space-size=32' }, 24 * GiB)).toEqual([]);
    expect(nodeArgsFor('api', { NODE_OPTIONS: '--max-semi-space-size=8' }, 24 * GiB)).toEqual([]);
  });
});

describe('serverEnv', () => {
  it('runs in production, holds glibc to two malloc arenas and keeps the rest of the environment', () => {
    expect(serverEnv({ PORT: '3100' })).toEqual({ PORT: '3100', NODE_ENV: 'production', MALLOC_ARENA_MAX: '2' });
  });

  it("keeps the operator's own arena count and NODE_ENV", () => {
    expect(serverEnv({ MALLOC_ARENA_MAX: '8', NODE_ENV: 'test' })).toEqual({ MALLOC_ARENA_MAX: '8', NODE_ENV: 'test' });
  });

  it('treats an empty NODE_ENV as unset', () => {
    expect(serverEnv({ NODE_ENV: '' }).NODE_ENV).toBe('production');
  });
});
