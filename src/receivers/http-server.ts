/**
 * The HTTP server lifecycle shared by every HTTP receiver (OTLP, Jaeger Thrift, Zipkin, remote sampling): keep-alive,
 * timeouts, binding with a clear error, and a graceful stop that lets in-flight requests finish (bounded) and closes
 * keep-alive connections as they go idle. The caller supplies only the request handler.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { boundAddress, listen, type Logger } from '../telemetry/index.js';
import type { Receiver } from './receiver.js';

export interface HttpReceiverServerOptions {
  /** Receiver name for addresses and logs, e.g. `otlp-http`. */
  name: string;
  host: string;
  port: number;
  logger: Logger;
  /** How long `stop()` waits for in-flight requests before cutting connections. Default 5 s. */
  shutdownTimeoutMs?: number;
}

const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;

export function createHttpReceiverServer(
  options: HttpReceiverServerOptions,
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Receiver {
  const { name, host, port, logger } = options;
  let stopping = false;
  let stopPromise: Promise<void> | undefined;
  const server = createServer({ keepAlive: true }, (req, res) => {
    if (stopping) res.setHeader('Connection', 'close');
    res.on('finish', onResponseDone);
    handle(req, res);
  });
  // Timeouts in the spirit of the Collector's confighttp: slow-loris headers are cut, a whole request (20 MiB on a
  // slow link) gets a minute, and idle keep-alive connections live long enough that exporters rarely race a close.
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  server.keepAliveTimeout = 60_000;

  // Shared (not per request) so the hot path allocates no closure: lets keep-alive connections go once idle.
  function onResponseDone(): void {
    if (stopping) server.closeIdleConnections();
  }

  return {
    name,
    start: async () => {
      await listen(server, host, port, `${name} receiver`);
      server.on('error', (err) => logger.error({ err }, `${name} server error`));
    },
    stop: () =>
      (stopPromise ??= new Promise<void>((resolve) => {
        stopping = true;
        if (!server.listening) return resolve();
        const timer = setTimeout(() => server.closeAllConnections(), options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
        server.close(() => {
          clearTimeout(timer);
          resolve();
        });
        server.closeIdleConnections();
      })),
    address: () => boundAddress(server, host),
  };
}
