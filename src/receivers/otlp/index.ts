export { createOtlpHttpReceiver, OTLP_TRACES_PATH } from './http-receiver.js';
export type { OtlpHttpReceiverOptions } from './http-receiver.js';
export { addOtlpTraceService, createOtlpGrpcReceiver, OTLP_TRACE_SERVICE } from './grpc-receiver.js';
export type { OtlpGrpcReceiverOptions } from './grpc-receiver.js';
export type { CorsOptions } from './http-cors.js';
