export type { Receiver } from './receiver.js';
export { createOtlpGrpcReceiver, createOtlpHttpReceiver, OTLP_TRACE_SERVICE, OTLP_TRACES_PATH } from './otlp/index.js';
export type { CorsOptions, OtlpGrpcReceiverOptions, OtlpHttpReceiverOptions } from './otlp/index.js';
