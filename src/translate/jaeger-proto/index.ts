/** Jaeger api_v2 protobuf (`CollectorService/PostSpans`) decoder into Ariadne's span model. */
export { decodeJaegerPostSpansRequest } from './decode-jaeger-proto.js';
export type { JaegerDecodeResult } from '../jaeger-thrift/index.js';
