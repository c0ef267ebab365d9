/** Zipkin decoders (v2 JSON, v2 protobuf, v1 JSON) into Ariadne's span model. */
export { decodeZipkinV1Json } from './decode-v1-json.js';
export { decodeZipkinV2Json } from './decode-v2-json.js';
export { decodeZipkinV2Proto } from './decode-v2-proto.js';
export type { TraceDecodeResult as ZipkinDecodeResult } from '../jaeger-thrift/index.js';
