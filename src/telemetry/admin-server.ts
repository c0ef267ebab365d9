/**
 * The admin HTTP endpoint every role exposes (14269 for all-in-one and collector, 16687 for query):
 * `/metrics` (Prometheus text), `/health` (liveness: the process serves), `/ready` (storage reachable and not
 * draining), and `/` answering like Jaeger's admin health check.
 */
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';

export interface AdminServerOptions {
  host: string;
  port: number;
  registry: Registry;
  logger: Logger;
  /** Resolves when the role can serve; rejects (or resolves to a reason string) when it cannot. */
  readiness: () => Promise<string | undefined>;
}

export interface AdminServer {
  start(): Promise<void>;
  stop(): Promise<void>;
  address(): { host: string; port: number };
}

export function createAdminServer(options: AdminServerOptions): AdminServer {
  const upSince = new Date();
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      send(405, 'text/plain; charset=utf-8', 'method not allowed: use GET\n');
      return;
    }
    if (path === '/metrics') {
      options.registry.metrics().then(
        (text) => send(200, options.registry.contentType, text),
        (err: unknown) => send(500, 'text/plain; charset=utf-8', `metrics unavailable: ${String(err)}\n`),
      );
      return;
    }
    if (path === '/health') {
      send(200, 'application/json', JSON.stringify({ status: 'alive', upSince: upSince.toISOString() }));
      return;
    }
    if (path === '/ready' || path === '/') {
      checkReady(options.readiness).then((reason) => {
        const uptime = `${((Date.now() - upSince.getTime()) / 1000).toFixed(3)}s`;
        const body =
          reason === undefined
            ? { status: 'Server available', upSince: upSince.toISOString(), uptime }
            : { status: 'Server not available', reason, upSince: upSince.toISOString(), uptime };
        send(reason === undefined ? 200 : 503, 'application/json', JSON.stringify(body));
      });
      return;
    }
    send(404, 'text/plain; charset=utf-8', `not found: ${path}; try /metrics, /health or /ready\n`);
  });
  return {
    start: () => listen(server, options.host, options.port, 'admin'),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    address: () => boundAddress(server, options.host),
  };
}

async function checkReady(readiness: () => Promise<string | undefined>): Promise<string | undefined> {
  try {
    return await readiness();
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/** Starts listening; rejects with a message naming the port when it is taken. */
export function listen(server: Server, host: string, port: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `${what}: port ${port} on ${host} is already in use; stop the other process or choose another port`
            : `${what}: cannot listen on ${host}:${port}: ${err.message}`,
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

export function boundAddress(server: Server, host: string): { host: string; port: number } {
  const a = server.address();
  return typeof a === 'object' && a !== null ? { host: a.address, port: a.port } : { host, port: 0 };
}
