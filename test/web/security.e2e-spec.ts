import http from 'node:http';
import { startApi, type TestApi } from '../support/api-server.js';
import { closeAllSockets, connect } from '../support/sockets.js';
import { registerUser, type RegisteredUser } from '../support/users.js';
import { startWeb, type TestWeb } from '../support/web-server.js';

/**
 * The web server, over plain HTTP: redirects stay on the site however the target is spelled,
 * state-changing requests from other sites are refused before Remix sees them, and every page
 * carries a strict Content-Security-Policy whose nonce is on each of its scripts.
 */
let api: TestApi;
let web: TestWeb;
let member: RegisteredUser;

beforeAll(async () => {
  api = await startApi();
  web = await startWeb(api.url);
  member = await registerUser(api.url);
}, 120_000);
afterAll(async () => {
  closeAllSockets();
  await web?.stop();
  await api?.stop();
});

const EVIL = 'https://evil.example';
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const post = (path: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${web.url}${path}`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: web.url, ...headers }, body });

/** Where a browser would go with this Location: it must be our own origin. */
const destination = (res: Response) => new URL(res.headers.get('location') ?? '', web.url);

const HOSTILE_TARGETS: [string, string][] = [
  ['a tab between slashes', '/\t/evil.example'],
  ['a newline between slashes', '/\n/evil.example'],
  ['a protocol-relative URL', '//evil.example'],
  ['a backslash', '/\\evil.example'],
  ['an absolute URL', 'https://evil.example/'],
  ['javascript:', 'javascript:alert(1)'],
  ['an encoded tab', '/%09/evil.example'],
  ['a dot segment before two slashes', '/.//evil.example'],
  ['a dot-dot segment before two slashes', '/..//evil.example'],
];

describe('redirects stay on the site, decided by parsing the URL', () => {
  it.each(HOSTILE_TARGETS)('GET /login?redirectTo= with %s, signed in: stays here', async (_, target) => {
    const res = await fetch(`${web.url}/login?${form({ redirectTo: target })}`, { redirect: 'manual', headers: { Cookie: member.cookie } });
    expect(res.status).toBe(302);
    expect(destination(res).origin).toBe(web.url);
  });

  it.each(HOSTILE_TARGETS)('POST /set-language with redirectTo %s: stays here', async (_, target) => {
    const res = await post('/set-language', form({ lng: 'hu', redirectTo: target }));
    expect(res.status).toBe(302);
    expect(destination(res).origin).toBe(web.url);
  });

  it('a newline inside a same-site redirectTo is a redirect, not a 500', async () => {
    const res = await post('/set-language', form({ lng: 'hu', redirectTo: '/spaces\n?x=1' }));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/spaces?x=1');
  });

  it('a same-site target with a query and fragment is kept as it was', async () => {
    const res = await post('/set-language', form({ lng: 'fi', redirectTo: '/events?kind=training#list' }));
    expect(res.headers.get('location')).toBe('/events?kind=training#list');
  });

  it('logging in with a hostile redirectTo lands on the site', async () => {
    const res = await post('/login', form({ username: member.user.username, password: member.password, redirectTo: '/\t/evil.example' }));
    expect(res.status).toBe(302);
    expect(destination(res).origin).toBe(web.url);
  });
});

describe('non-GET requests must come from this site', () => {
  it('a cross-site ?_data= login is refused with 403, and no session cookie is set (login CSRF)', async () => {
    const res = await post('/login?_data=routes%2Flogin', form({ username: member.user.username, password: member.password }), { Origin: EVIL });
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('sid=') && !c.startsWith('sid=;'))).toBe(false);
  });

  it('a cross-site document POST is a 403 with a translated reason, not a 500', async () => {
    const res = await post('/login', form({ username: 'a', password: 'b' }), { Origin: EVIL, 'Accept-Language': 'hu' });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/másik weboldalról/);
  });

  it.each([
    ['another origin', { Origin: EVIL }],
    ['Origin: null', { Origin: 'null' }],
    ['no Origin but Sec-Fetch-Site: cross-site', { Origin: '', 'Sec-Fetch-Site': 'cross-site' }],
  ])('POST /logout from %s is refused and the session lives on', async (_, headers) => {
    const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''));
    const res = await fetch(`${web.url}/logout`, { method: 'POST', redirect: 'manual', headers: { Cookie: member.cookie, ...clean } });
    expect(res.status).toBe(403);
    const me = await fetch(`${api.url}/api/me`, { headers: { Cookie: member.cookie } });
    expect(me.status).toBe(200);
  });

  it('the same POST from this site works, and the /api proxy still passes writes through', async () => {
    const res = await post('/set-language', form({ lng: 'da', redirectTo: '/' }));
    expect(res.status).toBe(302);
    // Behind a trusted proxy (loopback) that rewrites Host, the browser's host comes in X-Forwarded-Host.
    const proxied = await post('/set-language', form({ lng: 'da', redirectTo: '/' }), { Origin: 'https://forum.example', 'X-Forwarded-Host': 'forum.example' });
    expect(proxied.status).toBe(302);
    const viaProxy = await fetch(`${web.url}/api/auth/tokens`, {
      method: 'POST',
      headers: { Cookie: member.cookie, 'Content-Type': 'application/json', Origin: web.url, 'Sec-Fetch-Site': 'same-origin' },
      body: JSON.stringify({ name: 'through the proxy' }),
    });
    expect(viaProxy.status).toBe(201);
    const crossViaProxy = await fetch(`${web.url}/api/auth/tokens`, {
      method: 'POST',
      headers: { Cookie: member.cookie, 'Content-Type': 'application/json', Origin: EVIL },
      body: JSON.stringify({ name: 'from elsewhere' }),
    });
    expect(crossViaProxy.status).toBe(403);
  });
});

describe('Content-Security-Policy', () => {
  const directives = (header: string | null) => new Map((header ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

  it.each(['/', '/login', '/events', '/stories'])('%s carries a strict policy and its nonce is on every script', async (path) => {
    const res = await fetch(`${web.url}${path}`);
    const policy = directives(res.headers.get('content-security-policy'));
    const scriptSrc = policy.get('script-src') ?? [];
    const nonce = scriptSrc.find((s) => s.startsWith("'nonce-"))?.slice(7, -1);
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{16,}$/);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(expect.arrayContaining(["'self'", `ws://${new URL(web.url).host}`]));

    const html = await res.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  });

  it('the nonce is new for every request, also past a refill of the random bytes it is cut from', async () => {
    // The web draws nonces 256 at a time: 300 requests cross at least one refill.
    const nonces: (string | undefined)[] = [];
    for (let batch = 0; batch < 6; batch++) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => fetch(`${web.url}/help/cover-your-tracks`, { method: 'HEAD' })));
      nonces.push(...answers.map((r) => r.headers.get('content-security-policy')?.match(/'nonce-([^']+)'/)?.[1]));
    }
    expect(nonces.every((n) => /^[A-Za-z0-9+/]{22}==$/.test(n ?? ''))).toBe(true);
    expect(new Set(nonces).size).toBe(300);
  });
});

describe('errors Express meets before Remix', () => {
  it('a URL that does not decode is a plain 400 without a stack trace, whatever NODE_ENV says', async () => {
    // Express's own last handler shows the stack outside production: a web started without
    // NODE_ENV (as `npm start` was until 5 December 2026) must not either.
    const unset = await startWeb(api.url, { NODE_ENV: '' });
    try {
      for (const base of [web.url, unset.url]) {
        for (const path of ['/assets/%E0%A4%A', '/spaces/%E0%A4%A']) {
          const res = await fetch(`${base}${path}`);
          const body = await res.text();
          expect(res.status).toBe(400);
          expect(body).toBe('Bad Request');
        }
      }
    } finally {
      await unset.stop();
    }
  });
});

describe('what the web passes to the API', () => {
  it('passes /api/… and /socket.io/… on, and answers its own pages itself', async () => {
    const health = await fetch(`${web.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    // Engine.IO's answer to a polling client's first request: its open packet, with a session id.
    const handshake = await fetch(`${web.url}/socket.io/?EIO=4&transport=polling`, { headers: { Origin: web.url } });
    expect(handshake.status).toBe(200);
    expect(await handshake.text()).toMatch(/^0\{"sid":"/);
    const page = await fetch(`${web.url}/stories?from=api`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('passes a websocket to the API, signed in by cookie, and refuses an upgrade anywhere else at once', async () => {
    const socket = await connect(web.url, { cookie: member.cookie });
    expect(socket.connected).toBe(true);
    socket.close();

    const { port } = new URL(web.url);
    const outcome = await new Promise<string>((resolve) => {
      const req = http.request({
        host: '127.0.0.1',
        port,
        path: '/stories',
        headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==' },
      });
      req.on('upgrade', () => resolve('upgraded'));
      req.on('response', (res) => resolve(`answered ${res.statusCode}`));
      req.on('error', (err: NodeJS.ErrnoException) => resolve(`closed (${err.code})`));
      req.setTimeout(5_000, () => {
        resolve('left open');
        req.destroy();
      });
      req.end();
    });
    expect(outcome).toBe('closed (ECONNRESET)');
  });
});
