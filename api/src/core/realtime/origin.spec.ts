import { originAllowed } from './origin.js';

describe('originAllowed', () => {
  const host = { host: 'forum.example' };
  it.each([
    ['no Origin (not a browser)', undefined, host, null, true],
    ['the same host', 'https://forum.example', host, null, true],
    ['the same host, default port spelled out in Host', 'https://forum.example', { host: 'forum.example:443' }, null, true],
    ['the same host and port', 'http://localhost:3000', { host: 'localhost:3000' }, null, true],
    ['the host in X-Forwarded-Host', 'https://forum.example', { host: 'web:3000', forwardedHost: 'forum.example' }, null, true],
    ['CORS_ORIGIN', 'https://partner.example', host, 'https://partner.example/', true],
    ['another site', 'https://evil.example', host, null, false],
    ['another port on the same host', 'http://localhost:4000', { host: 'localhost:3000' }, null, false],
    ['a sibling subdomain', 'https://evil.forum.example', host, null, false],
    ['a host that only starts the same', 'https://forum.example.evil', host, null, false],
    ['Origin: null (sandboxed frames, files)', 'null', host, null, false],
    ['a non-web scheme', 'file://forum.example', host, null, false],
    ['garbage', 'not a url', host, null, false],
    ['CORS_ORIGIN with another scheme', 'http://partner.example', host, 'https://partner.example', false],
    ['no Host at all', 'https://forum.example', {}, null, false],
  ])('%s', (_, origin, headers, extra, expected) => {
    expect(originAllowed(origin, headers, extra)).toBe(expected);
  });
});
