/**
 * Jaeger collector's Thrift-over-HTTP endpoint (default port 14268): `POST /api/traces` with a binary-protocol
 * `Batch` (`application/x-thrift` or `application/vnd.apache.thrift.binary`), answered 202 Accepted.
 */
import type { Registry } from 'prom-client';
import type { SpanSink } from '../../pipeline/index.js';
import type { Logger } from '../../telemetry/index.js';
import { decodeJaegerThriftBatch } from '../../translate/index.js';
import { createHttpIngestReceiver, type IngestRoute } from '../http-ingest-receiver.js';
import type { Receiver } from '../receiver.js';

export const JAEGER_TRACES_PATH = '/api/traces';

export interface JaegerThriftHttpReceiverOptions {
  host: string;
  port: number;
  sink: SpanSink;
  logger: Logger;
  registry: Registry;
  maxRequestBodyBytes?: number;
  shutdownTimeoutMs?: number;
}

export function createJaegerThriftHttpReceiver(options: JaegerThriftHttpReceiverOptions): Receiver {
  const route: IngestRoute = {
    decoders: new Map([
      ['application/x-thrift', decodeJaegerThriftBatch],
      ['application/vnd.apache.thrift.binary', decodeJaegerThriftBatch],
    ]),
  };
  return createHttpIngestReceiver({
    ...options,
    name: 'jaeger-thrift-http',
    receiver: 'jaeger',
    routes: new Map([[JAEGER_TRACES_PATH, route]]),
  });
}
