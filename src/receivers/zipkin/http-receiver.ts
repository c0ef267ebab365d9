/**
 * Zipkin's span API (default port 9411): `POST /api/v2/spans` (JSON or protobuf `ListOfSpans`) and
 * `POST /api/v1/spans` (v1 JSON), optionally gzip-compressed, answered 202 Accepted like Zipkin's server.
 */
import type { Registry } from 'prom-client';
import type { SpanSink } from '../../pipeline/index.js';
import type { Logger } from '../../telemetry/index.js';
import { decodeZipkinV1Json, decodeZipkinV2Json, decodeZipkinV2Proto } from '../../translate/index.js';
import { createHttpIngestReceiver, type IngestRoute } from '../http-ingest-receiver.js';
import type { Receiver } from '../receiver.js';

export const ZIPKIN_V2_SPANS_PATH = '/api/v2/spans';
export const ZIPKIN_V1_SPANS_PATH = '/api/v1/spans';

export interface ZipkinReceiverOptions {
  host: string;
  port: number;
  sink: SpanSink;
  logger: Logger;
  registry: Registry;
  maxRequestBodyBytes?: number;
  shutdownTimeoutMs?: number;
}

export function createZipkinReceiver(options: ZipkinReceiverOptions): Receiver {
  // Zipkin's server treats a missing Content-Type as JSON.
  const v2: IngestRoute = {
    decoders: new Map([
      ['application/json', decodeZipkinV2Json],
      ['application/x-protobuf', decodeZipkinV2Proto],
      ['application/protobuf', decodeZipkinV2Proto],
    ]),
    defaultDecoder: decodeZipkinV2Json,
  };
  const v1: IngestRoute = {
    decoders: new Map([['application/json', decodeZipkinV1Json]]),
    defaultDecoder: decodeZipkinV1Json,
  };
  return createHttpIngestReceiver({
    ...options,
    name: 'zipkin',
    receiver: 'zipkin',
    routes: new Map([
      [ZIPKIN_V2_SPANS_PATH, v2],
      [ZIPKIN_V1_SPANS_PATH, v1],
    ]),
  });
}
