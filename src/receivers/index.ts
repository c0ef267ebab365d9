export type { Receiver } from './receiver.js';
export { createOtlpGrpcReceiver, createOtlpHttpReceiver, OTLP_TRACE_SERVICE, OTLP_TRACES_PATH } from './otlp/index.js';
export type { CorsOptions, OtlpGrpcReceiverOptions, OtlpHttpReceiverOptions } from './otlp/index.js';
export { createJaegerGrpcReceiver, createJaegerThriftHttpReceiver, createJaegerUdpReceiver, JAEGER_TRACES_PATH } from './jaeger/index.js';
export type { AgentProtocol, DatagramDecodeResult, JaegerGrpcReceiverOptions, JaegerThriftHttpReceiverOptions, JaegerUdpReceiverOptions } from './jaeger/index.js';
export { createZipkinReceiver, ZIPKIN_V1_SPANS_PATH, ZIPKIN_V2_SPANS_PATH } from './zipkin/index.js';
export type { ZipkinReceiverOptions } from './zipkin/index.js';
