import { hasBody, isCrossSite, isJson, refusesBody, type RequestFacts } from './request-origin.js';

const facts = (method: string, headers: RequestFacts['headers'], host = 'forum.example'): RequestFacts => ({ method, headers: { host, ...headers }, host });

describe('isCrossSite', () => {
  it.each([
    ['GET from another site', facts('GET', { origin: 'https://evil.example' }), false],
    ['POST from another site', facts('POST', { origin: 'https://evil.example' }), true],
    ['POST from the addressed host', facts('POST', { origin: 'https://forum.example' }), false],
    ['POST from the addressed host on another scheme', facts('POST', { origin: 'http://forum.example' }), false],
    ['POST from the addressed host on another port', facts('POST', { origin: 'https://forum.example:8443' }), true],
    ['POST from CORS_ORIGIN', facts('POST', { origin: 'https://partner.example' }), false],
    ['POST with Origin: null', facts('POST', { origin: 'null' }), true],
    ['DELETE, no Origin, Sec-Fetch-Site cross-site', facts('DELETE', { 'sec-fetch-site': 'cross-site' }), true],
    ['PATCH, no Origin, Sec-Fetch-Site same-site', facts('PATCH', { 'sec-fetch-site': 'same-site' }), true],
    ['POST, no Origin, Sec-Fetch-Site same-origin', facts('POST', { 'sec-fetch-site': 'same-origin' }), false],
    ['POST with no browser headers (a script)', facts('POST', {}), false],
    ['POST from another site with a bearer token', facts('POST', { origin: 'https://evil.example', authorization: 'Bearer abc' }), false],
  ])('%s → %s', (_, request, expected) => {
    expect(isCrossSite(request, 'https://partner.example')).toBe(expected);
  });
});

describe('which bodies are refused', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/JSON', true],
    ['application/merge-patch+json', true],
    ['application/x-www-form-urlencoded', false],
    ['text/plain', false],
    ['multipart/form-data; boundary=x', false],
    [undefined, false],
  ])('%s is JSON: %s', (type, expected) => expect(isJson(type)).toBe(expected));

  it('a write with a body must be JSON; one without a body needs no type; reads are not judged', () => {
    expect(refusesBody(facts('POST', { 'content-length': '5', 'content-type': 'text/plain' }))).toBe(true);
    expect(refusesBody(facts('POST', { 'transfer-encoding': 'chunked' }))).toBe(true);
    expect(refusesBody(facts('POST', { 'content-length': '0', 'content-type': 'application/x-www-form-urlencoded' }))).toBe(false);
    expect(refusesBody(facts('POST', {}))).toBe(false);
    expect(refusesBody(facts('PUT', { 'content-length': '2', 'content-type': 'application/json' }))).toBe(false);
    expect(refusesBody(facts('GET', { 'content-length': '5', 'content-type': 'text/plain' }))).toBe(false);
    expect(hasBody(facts('POST', { 'content-length': '12' }))).toBe(true);
  });
});
