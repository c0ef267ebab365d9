/**
 * Jaeger collector gRPC receiver (default port 14250): unary `jaeger.api_v2.CollectorService/PostSpans`, the
 * endpoint Jaeger agents and OTel Collector `jaeger` exporters push to. Declared by hand with identity
 * deserialization so the handler decodes the raw `PostSpansRequest` itself; the empty `PostSpansResponse` is zero
 * bytes. Undecodable requests get INVALID_ARGUMENT, a refusal by the sink UNAVAILABLE with RetryInfo (clients retry).
 * Given a sampling strategy provider, the same server also answers `jaeger.api_v2.SamplingManager/GetSamplingStrategy`.
 */
import type { ServiceDefinition } from '@grpc/grpc-js';
import { addSamplingManagerService, type SamplingStrategyProvider } from '../../sampling/index.js';
import { receiverMetrics } from '../../telemetry/index.js';
import { decodeJaegerPostSpansRequest } from '../../translate/index.js';
import { createDelivery } from '../deliver.js';
import { createGrpcReceiverServer, createUnaryIngestHandler, type GrpcIngestReceiverOptions } from '../grpc-server.js';
import type { Receiver } from '../receiver.js';
import { addOtlpTraceService } from '../otlp/index.js';

/** `maxRecvMsgSizeBytes` defaults to 4 MiB, Jaeger's collector default. */
export interface JaegerGrpcReceiverOptions extends GrpcIngestReceiverOptions {
  /** Serves `SamplingManager/GetSamplingStrategy` from this provider; without it the method is UNIMPLEMENTED. */
  samplingProvider?: SamplingStrategyProvider;
}

export const JAEGER_COLLECTOR_SERVICE = 'jaeger.api_v2.CollectorService';
const EMPTY = Buffer.alloc(0);
const identity = (b: Buffer): Buffer => b;

const COLLECTOR_SERVICE: ServiceDefinition = {
  PostSpans: {
    path: `/${JAEGER_COLLECTOR_SERVICE}/PostSpans`,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: () => EMPTY,
    responseDeserialize: identity,
  },
};


export function createJaegerGrpcReceiver(options: JaegerGrpcReceiverOptions): Receiver {
  const delivery = createDelivery(options.sink, receiverMetrics(options.registry), 'grpc', 'jaeger');
  const { server, receiver } = createGrpcReceiverServer({ ...options, name: 'jaeger-grpc' });
  const PostSpans = createUnaryIngestHandler({
    logger: options.logger,
    what: 'the PostSpansRequest',
    deliver: (request) => delivery.deliver(decodeJaegerPostSpansRequest(request)),
    respond: () => EMPTY,
  });
  server.addService(COLLECTOR_SERVICE, { PostSpans });
  // OTLP too: Ariadne's agent and OTel exporters pointed at a Jaeger collector's 14250 (e.g. by the Jaeger operator's
  // injected sidecar flags) export OTLP there.
  addOtlpTraceService(server, options);
  const { samplingProvider, logger, registry } = options;
  if (samplingProvider !== undefined) addSamplingManagerService(server, { provider: samplingProvider, logger, registry });
  return receiver;
}
