export { createZipkinReceiver, ZIPKIN_V1_SPANS_PATH, ZIPKIN_V2_SPANS_PATH } from './http-receiver.js';
export type { ZipkinReceiverOptions } from './http-receiver.js';
