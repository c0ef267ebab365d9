/**
 * Decoder of jaeger.thrift `Span` straight into a model span:
 *   1: traceIdLow, 2: traceIdHigh, 3: spanId, 4: parentSpanId (i64), 5: operationName, 6: references list<SpanRef>,
 *   7: flags i32, 8: startTime µs, 9: duration µs, 10: tags list<Tag>, 11: logs list<Log>, 12: incomplete (ignored).
 * Ids become hex (trace = high ‖ low, so 64-bit trace ids are zero-padded to 32 characters); flags keep Jaeger's bits
 * (1 sampled, 2 debug, 8 firehose) in the low byte; tags and references follow `applyJaegerSpanTags` and
 * `resolveJaegerReferences`.
 */
import type { Span } from '../../model/index.js';
import { expectFieldType, readListOf } from './thrift-field-types.js';
import { applyJaegerSpanTags, type ScopeNameVersion } from './jaeger-span-tags.js';
import { resolveJaegerReferences, type JaegerReference } from './jaeger-references.js';
import { endFromMicrosDuration, microsToNanos } from './jaeger-times.js';
import { readLog, readSpanRef, readTagList } from './jaeger-thrift-tags.js';
import { skipValue } from './skip-value.js';
import type { ThriftReader } from './thrift-reader.js';
import { TType } from './thrift-types.js';

const ZERO_ID = '0000000000000000';

/**
 * Reads one `Span` into `span` (fresh from `createEmptySpan`). Returns the span's scope, or a rejection reason when
 * its ids are missing or zero (the span is then fully consumed but unusable).
 */
export function readSpan(r: ThriftReader, span: Span): ScopeNameVersion | string {
  let low = '';
  let high = ZERO_ID;
  let parent = '';
  let references: JaegerReference[] | null = null;
  let start = 0n;
  let duration = 0n;
  r.beginStruct();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    switch (r.fieldId) {
      case 1:
        expectFieldType(r, 'Span', 'traceIdLow', t, TType.I64);
        low = r.readI64Hex();
        break;
      case 2:
        expectFieldType(r, 'Span', 'traceIdHigh', t, TType.I64);
        high = r.readI64Hex();
        break;
      case 3:
        expectFieldType(r, 'Span', 'spanId', t, TType.I64);
        span.spanId = r.readI64Hex();
        break;
      case 4:
        expectFieldType(r, 'Span', 'parentSpanId', t, TType.I64);
        parent = r.readI64Hex();
        break;
      case 5:
        expectFieldType(r, 'Span', 'operationName', t, TType.STRING);
        span.name = r.readString();
        break;
      case 6:
        expectFieldType(r, 'Span', 'references', t, TType.LIST);
        references = readReferences(r);
        break;
      case 7:
        expectFieldType(r, 'Span', 'flags', t, TType.I32);
        span.flags = r.readI32() & 0xff;
        break;
      case 8:
        expectFieldType(r, 'Span', 'startTime', t, TType.I64);
        start = r.readI64();
        break;
      case 9:
        expectFieldType(r, 'Span', 'duration', t, TType.I64);
        duration = r.readI64();
        break;
      case 10:
        expectFieldType(r, 'Span', 'tags', t, TType.LIST);
        readTagList(r, 'Span', 'tags', span.attributes);
        break;
      case 11:
        expectFieldType(r, 'Span', 'logs', t, TType.LIST);
        readLogs(r, span);
        break;
      default:
        skipValue(r, t);
    }
  }
  r.endStruct();
  if (low === '') return 'missing traceIdLow';
  if (span.spanId === '') return 'missing spanId';
  span.traceId = high + low;
  if (low === ZERO_ID && high === ZERO_ID) return 'trace id is zero';
  if (span.spanId === ZERO_ID) return 'span id is zero';
  span.startTimeUnixNano = microsToNanos(start);
  span.endTimeUnixNano = endFromMicrosDuration(span.startTimeUnixNano, duration);
  const scope = applyJaegerSpanTags(span);
  resolveJaegerReferences(span, parent, references);
  return scope;
}

function readReferences(r: ThriftReader): JaegerReference[] {
  const n = readListOf(r, 'Span', 'references', TType.STRUCT);
  const refs: JaegerReference[] = [];
  for (let i = 0; i < n; i++) refs.push(readSpanRef(r));
  return refs;
}

function readLogs(r: ThriftReader, span: Span): void {
  const n = readListOf(r, 'Span', 'logs', TType.STRUCT);
  for (let i = 0; i < n; i++) span.events.push(readLog(r));
}
