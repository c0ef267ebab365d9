/**
 * Decoder of api_v2 `Span` straight into a model span:
 *   1 trace_id (16 bytes), 2 span_id (8 bytes), 3 operation_name, 4 references, 5 flags, 6 start_time, 7 duration,
 *   8 tags, 9 logs, 10 process, 11 process_id (ignored), 12 warnings (ignored).
 * The parent is the first CHILD_OF reference in the span's trace; tags follow the shared Jaeger rules
 * (`applyJaegerSpanTags`). A trace id of 8 bytes is taken as a 64-bit id and zero-padded.
 */
import type { Reader } from 'protobufjs/minimal.js';
import type { Resource, Span } from '../../model/index.js';
import { applyJaegerSpanTags, resolveJaegerReferences, type JaegerReference, type ScopeNameVersion } from '../jaeger-thrift/index.js';
import { WireType, checkWithin, expectWireType, lengthDelimitedEnd, readBytesHex, readString, skipField } from './proto-fields.js';
import { readKeyValue, readLog, readProcess, readSecondsNanos, readSpanRef } from './jaeger-proto-values.js';

const ZERO_TRACE_ID = '0'.repeat(32);
const ZERO_SPAN_ID = '0'.repeat(16);

export interface ProtoSpanOutcome {
  /** The span's scope, or why the span is rejected. */
  scope: ScopeNameVersion | string;
  /** The span's own process (overrides the batch's), or null. */
  process: Resource | null;
}

/** Reads a length-delimited Span into `span` (fresh from `createEmptySpan`). */
export function readSpan(r: Reader, outerEnd: number, span: Span): ProtoSpanOutcome {
  const end = lengthDelimitedEnd(r, outerEnd);
  let traceId = '';
  let references: JaegerReference[] | null = null;
  let process: Resource | null = null;
  let start = 0n;
  let duration = 0n;
  while (r.pos < end) {
    const tag = r.uint32();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expectWireType(r, 'Span', 'trace_id', 1, wt, WireType.LEN);
        traceId = readBytesHex(r, end);
        break;
      case 2:
        expectWireType(r, 'Span', 'span_id', 2, wt, WireType.LEN);
        span.spanId = readBytesHex(r, end);
        break;
      case 3:
        expectWireType(r, 'Span', 'operation_name', 3, wt, WireType.LEN);
        span.name = readString(r, end);
        break;
      case 4:
        expectWireType(r, 'Span', 'references', 4, wt, WireType.LEN);
        (references ??= []).push(readSpanRef(r, end));
        break;
      case 5:
        expectWireType(r, 'Span', 'flags', 5, wt, WireType.VARINT);
        span.flags = r.uint32() & 0xff;
        break;
      case 6:
        expectWireType(r, 'Span', 'start_time', 6, wt, WireType.LEN);
        start = readSecondsNanos(r, end, 'Timestamp');
        break;
      case 7:
        expectWireType(r, 'Span', 'duration', 7, wt, WireType.LEN);
        duration = readSecondsNanos(r, end, 'Duration');
        break;
      case 8:
        expectWireType(r, 'Span', 'tags', 8, wt, WireType.LEN);
        span.attributes.push(readKeyValue(r, end));
        break;
      case 9:
        expectWireType(r, 'Span', 'logs', 9, wt, WireType.LEN);
        span.events.push(readLog(r, end));
        break;
      case 10:
        expectWireType(r, 'Span', 'process', 10, wt, WireType.LEN);
        process = readProcess(r, end);
        break;
      default:
        skipField(r, wt, end);
    }
    checkWithin(r, end, 'Span');
  }
  const problem = idProblem(traceId, span.spanId, references);
  if (problem !== '') return { scope: problem, process };
  span.traceId = traceId.padStart(32, '0');
  span.startTimeUnixNano = start > 0n ? start : 0n;
  span.endTimeUnixNano = duration > 0n ? span.startTimeUnixNano + duration : span.startTimeUnixNano;
  const scope = applyJaegerSpanTags(span);
  resolveJaegerReferences(span, '', references);
  return { scope, process };
}

function idProblem(traceId: string, spanId: string, references: readonly JaegerReference[] | null): string {
  if (traceId.length !== 32 && traceId.length !== 16) return `trace_id has ${traceId.length / 2} bytes, expected 16`;
  if (traceId === ZERO_TRACE_ID || traceId === ZERO_SPAN_ID) return 'trace id is zero';
  if (spanId.length !== 16) return `span_id has ${spanId.length / 2} bytes, expected 8`;
  if (spanId === ZERO_SPAN_ID) return 'span id is zero';
  if (references !== null) {
    for (const ref of references) {
      if (ref.traceId.length !== 32 || ref.spanId.length !== 16) return 'a reference has a malformed trace_id or span_id';
    }
  }
  return '';
}
