import { createRequire } from 'node:module';
import { createElement as h } from 'react';

/**
 * patches/@remix-run+react and patches/react-router-dom: the server reuses the route objects it
 * builds from the manifest, and the data routes made from them, for every page. A page must still
 * render its own data and URL, and a route module that changes (a development rebuild) must be
 * what renders next.
 */
const require = createRequire(import.meta.url);
const { renderToString } = require('react-dom/server') as typeof import('react-dom/server');
const { RemixServer, Outlet, useLoaderData } = require('@remix-run/react') as typeof import('@remix-run/react');
const { createStaticHandler, createStaticRouter } = require('react-router-dom/server') as typeof import('react-router-dom/server.js');

const manifestRoutes = {
  root: { id: 'root', path: '', hasLoader: true, hasAction: false, hasClientLoader: false, hasClientAction: false, hasErrorBoundary: false, module: '/root.js' },
  'routes/spaces.$slug': {
    id: 'routes/spaces.$slug',
    parentId: 'root',
    path: 'spaces/:slug',
    hasLoader: true,
    hasAction: false,
    hasClientLoader: false,
    hasClientAction: false,
    hasErrorBoundary: false,
    module: '/space.js',
  },
};

function Root() {
  return h('main', null, h(Outlet));
}

function spaceModule(label: string) {
  return {
    default: function Space() {
      const { slug } = useLoaderData<{ slug: string }>();
      return h('p', null, `${label}: ${slug}`);
    },
  };
}

// The build's future flags: one object for every request, as in a real build.
const future = {};

/** What Remix's request handler hands the entry: the build's manifest and this request's data. */
async function entryContext(url: string, routeModules: Record<string, unknown>) {
  const handler = createStaticHandler([
    {
      id: 'root',
      path: '',
      loader: () => ({ root: true }),
      children: [{ id: 'routes/spaces.$slug', path: 'spaces/:slug', loader: ({ params }) => ({ slug: params.slug }) }],
    },
  ]);
  const staticHandlerContext = await handler.query(new Request(url));
  if (staticHandlerContext instanceof Response) throw new Error('expected a context');
  return {
    manifest: { routes: manifestRoutes, entry: { module: '/entry.js', imports: [] }, url: '/manifest.js', version: '1' },
    routeModules: { ...routeModules },
    staticHandlerContext,
    future,
    isSpaMode: false,
    serverHandoffString: '{}',
    criticalCss: undefined,
    renderMeta: {},
  };
}

async function render(url: string, routeModules: Record<string, unknown>) {
  const context = await entryContext(url, routeModules);
  return renderToString(h(RemixServer, { context: context as never, url }));
}

describe('server routes reused across pages (patched @remix-run/react and react-router-dom)', () => {
  it("renders each page's own data with the same modules", async () => {
    const modules = { root: { default: Root }, 'routes/spaces.$slug': spaceModule('space') };
    expect(await render('http://localhost/spaces/first', modules)).toContain('<p>space: first</p>');
    expect(await render('http://localhost/spaces/second', modules)).toContain('<p>space: second</p>');
  });

  it('renders a route module that changed, not the one it saw before', async () => {
    const root = { default: Root };
    expect(await render('http://localhost/spaces/x', { root, 'routes/spaces.$slug': spaceModule('before') })).toContain('<p>before: x</p>');
    expect(await render('http://localhost/spaces/x', { root, 'routes/spaces.$slug': spaceModule('after') })).toContain('<p>after: x</p>');
  });

  it("gives every static router its own matches over the shared data routes", async () => {
    const routes = [{ id: 'root', path: '', children: [{ id: 'space', path: 'spaces/:slug' }] }];
    const handler = createStaticHandler(routes);
    const one = await handler.query(new Request('http://localhost/spaces/one'));
    const two = await handler.query(new Request('http://localhost/spaces/two'));
    if (one instanceof Response || two instanceof Response) throw new Error('expected contexts');
    const first = createStaticRouter(routes, one);
    const second = createStaticRouter(routes, two);
    expect(second.routes).toBe(first.routes);
    expect(first.state.matches.map((m) => m.params.slug)).toEqual(['one', 'one']);
    expect(second.state.matches.map((m) => m.params.slug)).toEqual(['two', 'two']);
    // The matches point at the data routes the router renders, as without the patch.
    expect(second.state.matches[1].route).toBe(second.routes[0].children?.[0]);
  });
});
