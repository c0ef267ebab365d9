/** Jaeger api_v2 protobuf (`CollectorService/PostSpans`) decoder into Ariadne's span model. */
export { decodeJaegerPostSpansRequest } from './decode-jaeger-proto.js';
export type { JaegerDecodeResult } from '../jaeger-thrift/index.js';

// Bounds-checked protobuf field reading over protobufjs' Reader (also used by ../zipkin).
export {
  ProtoDecodeError,
  WireType,
  checkWithin,
  expectWireType,
  lengthDelimitedEnd,
  readBytesCopy,
  readBytesHex,
  readFixed64,
  readInt64,
  readString,
  skipField,
} from './proto-fields.js';
