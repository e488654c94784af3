import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startApi, type TestApi } from './api-server.js';
import { startWeb, type TestWeb } from './web-server.js';

export interface RecordingProxy {
  /** Where to point the web's API_URL. */
  url: string;
  /** `METHOD /path?query` of every request that passed, oldest first; empty it between checks. */
  calls: string[];
  /** Faults to play the API's part in: set them in a test, they apply to the requests that follow. */
  faults: {
    /** This many requests that arrive on a kept-alive connection are answered by closing it. */
    resetReusedConnections: number;
    /** Requests are taken and never answered. */
    hang: boolean;
    /** Requests whose path starts with one of these are answered 503, as an API in trouble would. */
    unavailablePaths: string[];
  };
  /** Connections closed by `resetReusedConnections` so far. */
  resets(): number;
  stop(): Promise<void>;
}

/** A proxy between web and API that records every call, for tests of what a page costs the API. */
export async function startRecordingProxy(apiUrl: string): Promise<RecordingProxy> {
  const target = new URL(apiUrl);
  const calls: string[] = [];
  const faults: RecordingProxy['faults'] = { resetReusedConnections: 0, hang: false, unavailablePaths: [] };
  const served = new WeakSet<object>();
  let resets = 0;
  const proxy = http.createServer((req, res) => {
    calls.push(`${req.method} ${req.url}`);
    if (faults.hang) return;
    if (faults.unavailablePaths.some((path) => req.url?.startsWith(path))) {
      res.writeHead(503, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503 }));
      return;
    }
    const reused = served.has(req.socket);
    served.add(req.socket);
    if (reused && faults.resetReusedConnections > 0) {
      faults.resetReusedConnections--;
      resets++;
      req.socket.destroy();
      return;
    }
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
    faults,
    resets: () => resets,
    async stop() {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    },
  };
}

export interface WebBehindProxy {
  api: TestApi;
  proxy: RecordingProxy;
  web: TestWeb;
  stop(): Promise<void>;
}

/** An API, the recording proxy in front of it and the web talking to the API through the proxy. */
export async function startWebBehindProxy(): Promise<WebBehindProxy> {
  const api = await startApi();
  let proxy: RecordingProxy | undefined;
  try {
    proxy = await startRecordingProxy(api.url);
    const web = await startWeb(proxy.url);
    const started = proxy;
    return { api, proxy, web, stop: () => web.stop().then(() => started.stop()).then(() => api.stop()) };
  } catch (err) {
    // What started must not outlive a failed start.
    await proxy?.stop();
    await api.stop();
    throw err;
  }
}
