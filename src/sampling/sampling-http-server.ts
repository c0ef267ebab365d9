/**
 * The dedicated remote sampling HTTP port (default 5778, where Jaeger agents and the v2 `remote_sampling` extension
 * listen). Every path answers a `?service=` request, like Jaeger v2: `/sampling` (and any path ending in
 * `/sampling`) with proto3 JSON, `/` and other paths with the legacy Thrift JSON Jaeger v1 served on `/`.
 */
import type { Registry } from 'prom-client';
import { createHttpReceiverServer } from '../receivers/http-server.js';
import type { Receiver } from '../receivers/receiver.js';
import type { Logger } from '../telemetry/index.js';
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
  return createHttpReceiverServer({ name, host, port, logger, shutdownTimeoutMs: options.shutdownTimeoutMs }, (req, res) =>
    handle(req, res, samplingJsonFormForPath(requestPath(req.url))),
  );
}
