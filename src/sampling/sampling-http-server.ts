/**
 * The dedicated remote sampling HTTP port (default 5778, where Jaeger agents and the v2 `remote_sampling` extension
 * listen). Every path answers a `?service=` request, like Jaeger v2: `/sampling` (and any path ending in
 * `/sampling`) with proto3 JSON, `/` and other paths with the legacy Thrift JSON Jaeger v1 served on `/`.
 */
import { createServer } from 'node:http';
import type { Registry } from 'prom-client';
import type { Receiver } from '../receivers/index.js';
import { boundAddress, listen, type Logger } from '../telemetry/index.js';
import { createSamplingHttpHandler, requestPath, samplingJsonFormForPath } from './sampling-http-handler.js';
import type { SamplingStrategyProvider } from './strategy-provider.js';

export interface SamplingHttpServerOptions {
  host: string;
  port: number;
  provider: SamplingStrategyProvider;
  logger: Logger;
  registry: Registry;
  /** How long `stop()` waits for in-flight requests before cutting connections. Default 5 s. */
  shutdownTimeoutMs?: number;
}

export const SAMPLING_PATH = '/sampling';

export function createSamplingHttpServer(options: SamplingHttpServerOptions): Receiver {
  const { host, port, logger } = options;
  const name = 'sampling-http';
  const handle = createSamplingHttpHandler(options);
  let stopping = false;
  let stopPromise: Promise<void> | undefined;
  const server = createServer({ keepAlive: true }, (req, res) => {
    if (stopping) res.setHeader('Connection', 'close');
    handle(req, res, samplingJsonFormForPath(requestPath(req.url)));
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  return {
    name,
    start: async () => {
      await listen(server, host, port, `${name} server`);
      server.on('error', (err) => logger.error({ err }, `${name} server error`));
    },
    stop: () =>
      (stopPromise ??= new Promise<void>((resolve) => {
        stopping = true;
        if (!server.listening) return resolve();
        const timer = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs ?? 5_000);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      })),
    address: () => boundAddress(server, host),
  };
}
