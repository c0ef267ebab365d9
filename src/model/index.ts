export { SpanKind, StatusCode } from './span.js';
export type {
  InstrumentationScope,
  Resource,
  ResourceSpans,
  ScopeSpans,
  Span,
  SpanEvent,
  SpanLink,
  Status,
  Trace,
  TraceBatch,
} from './span.js';
export type { AnyValue, KeyValue } from './attributes.js';
export {
  anyValueEquals,
  anyValueToPlain,
  anyValueToString,
  attr,
  attributesEqual,
  boolValue,
  bytesValue,
  doubleValue,
  findAttribute,
  intValue,
  stringValue,
  withExtraAttributes,
} from './attributes.js';
export {
  bytesToHex,
  hexToBytes,
  isHex,
  isValidSpanId,
  isValidTraceId,
  parseTraceId,
  toJaegerTraceId,
} from './ids.js';
export { countSpans, forEachSpan, serviceNameOf, spanDurationNano, withResourceAttributes } from './spans.js';
export { attachSpanWire, concatSpanWires, detachSpanWire, spanWireFor, spanWireOf } from './span-wire.js';
export type { SpanWire } from './span-wire.js';
