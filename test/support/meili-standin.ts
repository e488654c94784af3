import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface MeiliCall {
  method: string;
  path: string;
  body: unknown;
}

/**
 * A small local HTTP stand-in for the parts of the Meilisearch API the adapter uses (indexes,
 * settings, documents, tasks, multi-search). It records every call, keeps the documents it was
 * sent, answers searches with canned hits, and can be told to fail, so the relay's retries can be
 * seen. Not a search engine: tests check what the adapter sends and how it copes.
 */
export async function startMeiliStandIn() {
  const calls: MeiliCall[] = [];
  const documents = new Map<string, Record<string, unknown>>();
  let failing = false;
  let searchHits: Record<string, unknown>[] = [];
  let taskUid = 0;
  const task = () => ({ taskUid: ++taskUid, indexUid: 'sorstars_search', status: 'enqueued', type: 'documentAdditionOrUpdate', enqueuedAt: new Date().toISOString() });

  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : null;
      const path = (req.url ?? '').split('?')[0];
      calls.push({ method: req.method ?? '', path, body });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (failing) return send(503, { message: 'stand-in is down', code: 'internal', type: 'internal', link: '' });
      if (req.method === 'GET' && path.startsWith('/tasks/')) {
        return send(200, { uid: Number(path.split('/')[2]), status: 'succeeded', type: 'x', enqueuedAt: new Date().toISOString() });
      }
      if (req.method === 'POST' && /^\/indexes\/[^/]+\/documents$/.test(path)) {
        for (const d of body as Record<string, unknown>[]) documents.set(String(d.key), d);
        return send(202, task());
      }
      if (req.method === 'POST' && /^\/indexes\/[^/]+\/documents\/delete-batch$/.test(path)) {
        for (const key of body as string[]) documents.delete(key);
        return send(202, task());
      }
      if (req.method === 'POST' && path === '/multi-search') {
        const queries = (body as { queries: unknown[] }).queries;
        return send(200, {
          results: queries.map((_, i) => ({ indexUid: 'sorstars_search', hits: i === 0 ? searchHits : [], query: '', processingTimeMs: 1, limit: 20, offset: 0, estimatedTotalHits: searchHits.length, facetDistribution: { type: { story: searchHits.length } } })),
        });
      }
      if (req.method === 'GET' && path.startsWith('/indexes/')) return send(200, { uid: path.split('/')[2], primaryKey: 'key' });
      return send(202, task());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    documents,
    setFailing: (value: boolean) => (failing = value),
    setSearchHits: (hits: Record<string, unknown>[]) => (searchHits = hits),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
