import request from 'supertest';
import { startApi, type TestApi } from '../support/api-server.js';
import { expectProblem } from '../support/http.js';

let api: TestApi;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api?.stop());

describe('GET /api/health', () => {
  it('answers the contract shape and names the database in use', async () => {
    const res = await request(api.url).get('/api/health').expect(200).expect('Content-Type', /json/);
    expect(res.body).toEqual({
      status: 'ok',
      database: process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded',
      search: 'postgres',
      realtime: 'memory',
    });
  });
});

describe('OpenAPI', () => {
  const accountOperations: [string, string][] = [
    ['post', '/api/auth/register'],
    ['post', '/api/auth/login'],
    ['post', '/api/auth/logout'],
    ['post', '/api/auth/recover'],
    ['get', '/api/auth/tokens'],
    ['post', '/api/auth/tokens'],
    ['delete', '/api/auth/tokens/{id}'],
    ['get', '/api/me'],
    ['patch', '/api/me'],
    ['post', '/api/me/password'],
    ['get', '/api/me/recovery-codes'],
    ['post', '/api/me/recovery-codes'],
    ['get', '/api/me/blocks'],
    ['post', '/api/users/{id}/block'],
    ['delete', '/api/users/{id}/block'],
    ['get', '/api/health'],
  ];

  it('GET /api/docs.json is an OpenAPI 3 document with every accounts operation', async () => {
    const res = await request(api.url).get('/api/docs.json').expect(200).expect('Content-Type', /json/);
    const doc = res.body;
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toEqual(expect.objectContaining({ title: expect.any(String), version: expect.any(String) }));
    const missing = accountOperations.filter(([method, path]) => !doc.paths?.[path]?.[method]);
    expect(missing).toEqual([]);
    for (const [method, path] of accountOperations) {
      expect(doc.paths[path][method].responses).toBeDefined();
    }
    // Path parameters are declared.
    expect(doc.paths['/api/users/{id}/block'].post.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path' })]));
    // Request bodies are described from the shared schemas.
    const register = doc.paths['/api/auth/register'].post.requestBody?.content?.['application/json']?.schema;
    expect(JSON.stringify(register)).toContain('username');
    expect(JSON.stringify(register)).toContain('password');
    // Auth schemes exist for the cookie and bearer tokens.
    expect(Object.keys(doc.components?.securitySchemes ?? {}).length).toBeGreaterThanOrEqual(2);
  });

  it('GET /api/docs serves the Swagger UI', async () => {
    const res = await request(api.url).get('/api/docs').redirects(2).expect(200);
    expect(res.headers['content-type']).toMatch(/html/);
    expect(res.text).toMatch(/swagger/i);
  });
});

describe('HTTP hygiene', () => {
  it('sets helmet security headers and hides the framework', async () => {
    const res = await request(api.url).get('/api/health').expect(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toMatch(/DENY|SAMEORIGIN/);
    expect(res.headers['content-security-policy']).toMatch(/default-src/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['x-request-id']).toMatch(/^[\w-]{8,64}$/);
  });

  it('security headers are on error answers too', async () => {
    const res = await request(api.url).get('/api/me');
    expectProblem(res, 401, 'UNAUTHENTICATED');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('an unknown route: 404 problem+json', async () => {
    expectProblem(await request(api.url).get('/api/no-such-thing'), 404, 'NOT_FOUND');
    expectProblem(await request(api.url).post('/api/auth/no-such-thing').send({}), 404, 'NOT_FOUND');
  });

  it('a request id the client sends is echoed only when well-formed', async () => {
    expect((await request(api.url).get('/api/health').set('X-Request-Id', 'req-12345678')).headers['x-request-id']).toBe('req-12345678');
    expect((await request(api.url).get('/api/health').set('X-Request-Id', 'bad id <script>')).headers['x-request-id']).not.toContain('<');
  });

  it('other origins get no CORS grant', async () => {
    const res = await request(api.url).options('/api/auth/login').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });
});
