/**
 * OTLP/gRPC trace receiver (default port 4317): unary `opentelemetry.proto.collector.trace.v1.TraceService/Export`.
 *
 * The service is declared by hand with identity request deserialization, so the handler gets the raw message and
 * decodes it with the same decoder as OTLP/HTTP (no proto-loader, no reflection). grpc-js itself enforces
 * `grpc.max_receive_message_length` (RESOURCE_EXHAUSTED, checked after gzip/deflate decompression too).
 * The standard health service answers on the same port.
 */
import { Metadata, Server, ServerCredentials, status, type ServiceDefinition } from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import type { SpanSink } from '../../pipeline/index.js';
import { receiverMetrics, type Logger } from '../../telemetry/index.js';
import { decodeOtlpProtobuf, encodeExportResponseProtobuf } from '../../translate/otlp/index.js';
import type { Receiver } from '../receiver.js';
import { createDelivery, type Delivery } from '../deliver.js';
import { createHealthImplementation, HEALTH_SERVICE } from './grpc-health.js';
import { encodeStatusWithRetryInfo } from './grpc-retry-status.js';

export interface OtlpGrpcReceiverOptions {
  host: string;
  port: number;
  sink: SpanSink;
  logger: Logger;
  registry: Registry;
  /** Largest accepted message, after decompression. Default 4 MiB, the gRPC and Collector default. */
  maxRecvMsgSizeBytes?: number;
  /** How long `stop()` waits for in-flight calls before cancelling them. Default 5 s. */
  shutdownTimeoutMs?: number;
}

export const OTLP_TRACE_SERVICE = 'opentelemetry.proto.collector.trace.v1.TraceService';
const DEFAULT_MAX_RECV_BYTES = 4 * 1024 * 1024;
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 5_000;

interface ExportResponse {
  rejectedSpans: number;
  errorMessage: string;
}

interface ExportCall {
  request: Buffer;
}
type ExportCallback = (
  err: { code: number; details: string; metadata?: Metadata } | null,
  value?: ExportResponse,
) => void;

const identity = (b: Buffer): Buffer => b;

const TRACE_SERVICE: ServiceDefinition = {
  Export: {
    path: `/${OTLP_TRACE_SERVICE}/Export`,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: (r: ExportResponse) => {
      const bytes = encodeExportResponseProtobuf(r);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    responseDeserialize: identity,
  },
};

export function createOtlpGrpcReceiver(options: OtlpGrpcReceiverOptions): Receiver {
  const { host, logger } = options;
  const delivery = createDelivery(options.sink, receiverMetrics(options.registry), 'grpc');
  const server = new Server({ 'grpc.max_receive_message_length': options.maxRecvMsgSizeBytes ?? DEFAULT_MAX_RECV_BYTES });
  let boundPort: number | undefined;
  let stopping = false;
  let stopPromise: Promise<void> | undefined;

  server.addService(TRACE_SERVICE, { Export: createExportHandler(delivery, logger) });
  server.addService(HEALTH_SERVICE, createHealthImplementation([OTLP_TRACE_SERVICE], () => !stopping));

  return {
    name: 'otlp-grpc',
    start: () =>
      new Promise<void>((resolve, reject) => {
        server.bindAsync(formatAddress(host, options.port), ServerCredentials.createInsecure(), (err, port) => {
          if (err !== null) {
            const inUse = err.message.includes('EADDRINUSE');
            reject(
              new Error(
                inUse
                  ? `otlp-grpc receiver: port ${options.port} on ${host} is already in use; stop the other process or choose another port`
                  : `otlp-grpc receiver: cannot listen on ${host}:${options.port}: ${err.message}`,
              ),
            );
            return;
          }
          boundPort = port;
          resolve();
        });
      }),
    stop: () =>
      (stopPromise ??= new Promise<void>((resolve) => {
        stopping = true;
        const timer = setTimeout(() => server.forceShutdown(), options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      })),
    address: () => ({ host, port: boundPort ?? options.port }),
  };
}

function createExportHandler(delivery: Delivery, logger: Logger): (call: ExportCall, callback: ExportCallback) => void {
  return (call, callback) => {
    let outcome;
    try {
      outcome = delivery.deliver(decodeOtlpProtobuf(call.request));
    } catch (err) {
      logger.error({ err }, 'OTLP/gRPC export failed unexpectedly');
      callback({ code: status.INTERNAL, details: 'internal error while handling the export; see the server log' });
      return;
    }
    switch (outcome.kind) {
      case 'ok':
        callback(null, { rejectedSpans: outcome.rejectedSpans, errorMessage: outcome.message });
        return;
      case 'invalid':
        logger.debug({ error: outcome.message }, 'rejected undecodable OTLP/gRPC request');
        callback({
          code: status.INVALID_ARGUMENT,
          details: `cannot decode the OTLP/protobuf ExportTraceServiceRequest: ${outcome.message}`,
        });
        return;
      case 'refused': {
        logger.debug({ retryAfterMs: outcome.retryAfterMs }, 'refused OTLP/gRPC export: %s', outcome.message);
        const metadata = new Metadata();
        metadata.set(
          'grpc-status-details-bin',
          encodeStatusWithRetryInfo(status.UNAVAILABLE, outcome.message, outcome.retryAfterMs),
        );
        callback({ code: status.UNAVAILABLE, details: outcome.message, metadata });
        return;
      }
    }
  };
}

function formatAddress(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}
