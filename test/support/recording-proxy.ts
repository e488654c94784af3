import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordingProxy {
  /** Where to point the web's API_URL. */
  url: string;
  /** `METHOD /path?query` of every request that passed, oldest first; empty it between checks. */
  calls: string[];
  stop(): Promise<void>;
}

/** A proxy between web and API that records every call, for tests of what a page costs the API. */
export async function startRecordingProxy(apiUrl: string): Promise<RecordingProxy> {
  const target = new URL(apiUrl);
  const calls: string[] = [];
  const proxy = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    const upstream = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    calls,
    async stop() {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}
