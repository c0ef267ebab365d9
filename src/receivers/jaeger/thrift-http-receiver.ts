/**
 * Jaeger collector's Thrift-over-HTTP endpoint (default port 14268): `POST /api/traces` with a binary-protocol
 * `Batch` (`application/x-thrift` or `application/vnd.apache.thrift.binary`), answered 202 Accepted. Given a sampling
 * strategy provider, also Jaeger collector's `GET /api/sampling?service=` (proto3 JSON, as on 5778's `/sampling`).
 */
import type { Registry } from 'prom-client';
import type { SpanSink } from '../../pipeline/index.js';
import { createSamplingHttpHandler, type SamplingStrategyProvider } from '../../sampling/index.js';
import type { Logger } from '../../telemetry/index.js';
import { decodeJaegerThriftBatch } from '../../translate/index.js';
import { createHttpIngestReceiver, type IngestRoute } from '../http-ingest-receiver.js';
import type { Receiver } from '../receiver.js';

export const JAEGER_TRACES_PATH = '/api/traces';
export const JAEGER_COLLECTOR_SAMPLING_PATH = '/api/sampling';

export interface JaegerThriftHttpReceiverOptions {
  host: string;
  port: number;
  sink: SpanSink;
  logger: Logger;
  registry: Registry;
  maxRequestBodyBytes?: number;
  shutdownTimeoutMs?: number;
  /** Serves `GET /api/sampling?service=` from this provider; without it that path is a 404. */
  samplingProvider?: SamplingStrategyProvider;
}

export function createJaegerThriftHttpReceiver(options: JaegerThriftHttpReceiverOptions): Receiver {
  const route: IngestRoute = {
    decoders: new Map([
      ['application/x-thrift', decodeJaegerThriftBatch],
      ['application/vnd.apache.thrift.binary', decodeJaegerThriftBatch],
    ]),
  };
  const { samplingProvider, logger, registry } = options;
  const sampling = samplingProvider && createSamplingHttpHandler({ provider: samplingProvider, logger, registry });
  return createHttpIngestReceiver({
    ...options,
    name: 'jaeger-thrift-http',
    receiver: 'jaeger',
    routes: new Map([[JAEGER_TRACES_PATH, route]]),
    handlers: sampling && new Map([[JAEGER_COLLECTOR_SAMPLING_PATH, (req, res) => sampling(req, res, 'proto')]]),
  });
}
