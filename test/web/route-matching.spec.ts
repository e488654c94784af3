import { createRequire } from 'node:module';
import type { AgnosticDataRouteObject, AgnosticRouteMatch } from '@remix-run/router';

/**
 * patches/@remix-run+router: the server keeps what a path matched per route-tree shape and hands it
 * back for every new route array Remix builds per request. A cached answer must equal what the
 * router computes for that tree, point at the caller's own route objects and never share state.
 */
const require = createRequire(import.meta.url);
const { matchRoutes } = require('@remix-run/router') as typeof import('@remix-run/router');

/** A tree like the app's: a root layout, index, nested and dynamic segments, optional and splat routes. */
function routes(idPrefix: string): AgnosticDataRouteObject[] {
  const id = (name: string) => `${idPrefix}${name}`;
  return [
    {
      id: id('root'),
      path: '',
      children: [
        { id: id('index'), index: true },
        { id: id('help'), path: 'help/cover-your-tracks' },
        {
          id: id('spaces'),
          path: 'spaces',
          children: [
            { id: id('spaces-index'), index: true },
            { id: id('space'), path: ':slug', children: [{ id: id('space-settings'), path: 'settings' }] },
          ],
        },
        { id: id('events'), path: 'events/:id/:tab?' },
        { id: id('Case'), path: 'Exact', caseSensitive: true },
        { id: id('splat'), path: '*' },
      ],
    },
  ];
}

const PATHS = ['/', '/help', '/help/cover-your-tracks', '/spaces', '/spaces/', '/spaces/our-room', '/spaces/our-room/settings', '/spaces/%C3%A1rva', '/events/1', '/events/1/register', '/Exact', '/exact', '/nope/deeper'];

/** What a match says, with ids relative to their tree so two trees compare. */
function described(matches: AgnosticRouteMatch<string, AgnosticDataRouteObject>[] | null, idPrefix: string) {
  return matches?.map((m) => [m.route.id.slice(idPrefix.length), m.params, m.pathname, m.pathnameBase]) ?? null;
}

function allRoutes(tree: AgnosticDataRouteObject[]): Set<AgnosticDataRouteObject> {
  const found = new Set<AgnosticDataRouteObject>();
  const walk = (list: AgnosticDataRouteObject[]) => list.forEach((r) => (found.add(r), walk(r.children ?? [])));
  walk(tree);
  return found;
}

describe('route matching on the server (patched @remix-run/router)', () => {
  it.each(PATHS)('answers %s for a tree it has seen the shape of exactly as for a new shape', (path) => {
    // A never-seen id prefix is a new shape: the router computes the answer itself.
    const freshPrefix = `fresh-${path}-`;
    const expected = described(matchRoutes(routes(freshPrefix), path), freshPrefix);
    matchRoutes(routes('shared-'), path); // remembers the answer for the shared shape
    const tree = routes('shared-');
    const answer = matchRoutes(tree, path);
    expect(described(answer, 'shared-')).toEqual(expected);
    const own = allRoutes(tree);
    for (const match of answer ?? []) expect(own.has(match.route)).toBe(true);
  });

  it('gives every caller its own params', () => {
    const first = matchRoutes(routes('params-'), '/spaces/one/settings')!;
    (first[0].params as Record<string, string>).slug = 'changed';
    const second = matchRoutes(routes('params-'), '/spaces/one/settings')!;
    expect(second.map((m) => m.params.slug)).toEqual(['one', 'one', 'one', 'one']);
    // Within one answer every match shares one params object, as the router does.
    expect(new Set(second.map((m) => m.params)).size).toBe(1);
  });

  it('matches trees without ids as before', () => {
    const plain = [{ path: '/', children: [{ path: 'spaces/:slug' }] }];
    const answer = matchRoutes(plain, '/spaces/x');
    expect(answer?.map((m) => [m.route, m.params.slug])).toEqual([
      [plain[0], 'x'],
      [plain[0].children[0], 'x'],
    ]);
  });
});
