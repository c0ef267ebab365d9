/**
 * OTLP/gRPC trace receiver (default port 4317): unary `opentelemetry.proto.collector.trace.v1.TraceService/Export`.
 *
 * The service is declared by hand with identity request deserialization, so the handler gets the raw message and
 * decodes it with the same decoder as OTLP/HTTP (no proto-loader, no reflection). grpc-js itself enforces
 * `grpc.max_receive_message_length` (RESOURCE_EXHAUSTED, checked after gzip/deflate decompression too).
 * The standard health service answers on the same port.
 */
import type { Server, ServiceDefinition } from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import type { SpanSink } from '../../pipeline/index.js';
import { receiverMetrics, type Logger } from '../../telemetry/index.js';
import { encodeExportResponseProtobuf } from '../../translate/otlp/index.js';
import type { Receiver } from '../receiver.js';
import { createDelivery } from '../deliver.js';
import { createGrpcReceiverServer, createUnaryIngestHandler, type GrpcIngestReceiverOptions } from '../grpc-server.js';
import { createHealthImplementation, HEALTH_SERVICE } from './grpc-health.js';

/** `maxRecvMsgSizeBytes` defaults to 4 MiB, the gRPC and Collector default. */
export type OtlpGrpcReceiverOptions = GrpcIngestReceiverOptions;

export const OTLP_TRACE_SERVICE = 'opentelemetry.proto.collector.trace.v1.TraceService';

interface ExportResponse {
  rejectedSpans: number;
  errorMessage: string;
}

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
  const { server, receiver, isStopping } = createGrpcReceiverServer({ ...options, name: 'otlp-grpc' });
  addOtlpTraceService(server, options);
  server.addService(HEALTH_SERVICE, createHealthImplementation([OTLP_TRACE_SERVICE], () => !isStopping()));
  return receiver;
}

/**
 * Registers `TraceService/Export` on `server`, counted as receiver `otlp`, transport `grpc`. Also used on Jaeger's
 * collector port 14250, where Jaeger agents and sidecars configured with `--reporter.grpc.host-port` may send OTLP.
 */
export function addOtlpTraceService(server: Server, options: { sink: SpanSink; registry: Registry; logger: Logger }): void {
  const delivery = createDelivery(options.sink, receiverMetrics(options.registry), 'grpc');
  const Export = createUnaryIngestHandler<ExportResponse>({
    logger: options.logger,
    what: 'the OTLP/protobuf ExportTraceServiceRequest',
    deliver: (request) => delivery.deliverOtlpProtobuf(request),
    respond: (outcome) => ({ rejectedSpans: outcome.rejectedSpans, errorMessage: outcome.message }),
  });
  server.addService(TRACE_SERVICE, { Export });
}
