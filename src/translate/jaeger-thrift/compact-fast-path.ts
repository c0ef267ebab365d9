/**
 * Fast path for the Jaeger agent's compact-protocol `emitBatch` datagrams (UDP 6831), the one hot input of the agent
 * role: struct readers specialised to jaeger.thrift's layout over the primitives of compact-cursor.ts, instead of the
 * generic struct decoders over the `ThriftReader` interface.
 *
 * Why (measured with `node dist/bench/decode-jaeger.js` and a CPU profile, realistic 10-span datagrams, one core):
 * the generic path costs ~9 µs per span, about one core at the agent's 100k spans/s target; this path reads the same
 * datagrams into the same model. Figures are in docs/benchmarks.md ("Decoders").
 *
 * Contract: `readCompactEmitBatch` returns exactly what the generic decoder returns for well-formed input, and
 * `undefined` for anything it does not handle (malformed or truncated bytes, a field of an unexpected type, a container
 * where the schema has none, an unknown message): the caller then runs the generic decoder, which produces the result
 * or the precise error message. So this file never has to describe an error, only to detect one.
 */
import { anyValueToString, type KeyValue, type Span, type SpanEvent } from '../../model/index.js';
import { BAIL, C_BINARY, C_I32, C_I64, C_LIST, CompactCursor } from './compact-cursor.js';
import { createSpanRejections, decodeSucceeded, recordRejection, type JaegerDecodeResult } from './decode-result.js';
import { jaegerProcessToResource } from './jaeger-process.js';
import { resolveJaegerReferences, type JaegerReference } from './jaeger-references.js';
import { applyJaegerSpanTags } from './jaeger-span-tags.js';
import { createEmptySpan, createSpanBatchBuilder } from './span-batch-builder.js';
import { i64FromHalves, u32PairToHex, u32QuadToHex } from './thrift-reader.js';

const ZERO_ID = '0000000000000000';
/** The log field that names an event (jaeger-log-fields.ts). */
const EVENT_KEY = 'event';

/** Decodes a compact `emitBatch` datagram, or returns undefined when the generic decoder must handle it. */
export function readCompactEmitBatch(buf: Buffer): JaegerDecodeResult | undefined {
  const c = reader;
  c.reset(buf);
  try {
    return c.emitBatch();
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  } finally {
    c.release();
  }
}

class CompactModelReader extends CompactCursor {
  // The previous span's trace id, as bits and text: the spans of a datagram usually share one trace, and shared
  // strings also compare by pointer downstream.
  private lowHi = 0;
  private lowLo = 0;
  private lowHex = '';
  private highHi = 0;
  private highLo = 0;
  private highHex = '';
  private traceHigh = '';
  private traceLow = '';
  private traceIdHex = '';

  emitBatch(): JaegerDecodeResult {
    this.emitBatchHeader();
    const result = this.batch();
    this.endEmitBatch();
    return result;
  }

  private batch(): JaegerDecodeResult {
    const builder = createSpanBatchBuilder();
    const group = builder.resourceGroup({ attributes: [], droppedAttributesCount: 0 });
    const rejections = createSpanRejections();
    let spanCount = 0;
    const { serviceName, processTags } = this.batchFields((i) => {
      const span = createEmptySpan();
      const scope = this.span(span);
      if (typeof scope === 'string') {
        recordRejection(rejections, `span ${i}: ${scope}`);
      } else {
        builder.add(group, scope, span);
        spanCount++;
      }
    });
    group.resource = jaegerProcessToResource(serviceName, processTags);
    return decodeSucceeded(builder.build(), spanCount, rejections);
  }

  /** Mirrors `readSpan` (jaeger-thrift-span.ts) field for field. */
  private span(span: Span): ReturnType<typeof applyJaegerSpanTags> | string {
    let low = '';
    let high = ZERO_ID;
    let parent = '';
    let references: JaegerReference[] | null = null;
    let startHi = 0;
    let startLo = 0;
    let durationHi = 0;
    let durationLo = 0;
    let last = 0;
    for (let t = this.field(last); t !== 0; t = this.field(last)) {
      last = this.fieldId;
      switch (last) {
        case 1:
          this.expect(t, C_I64);
          low = this.traceLowHex();
          break;
        case 2:
          this.expect(t, C_I64);
          high = this.traceHighHex();
          break;
        case 3:
          this.expect(t, C_I64);
          span.spanId = u32PairToHex(this.hi, this.lo);
          break;
        case 4:
          this.expect(t, C_I64);
          parent = u32PairToHex(this.hi, this.lo);
          break;
        case 5:
          this.expect(t, C_BINARY);
          span.name = this.string();
          break;
        case 6:
          this.expect(t, C_LIST);
          references = this.references();
          break;
        case 7:
          this.expect(t, C_I32);
          span.flags = this.i32() & 0xff;
          break;
        case 8:
          this.expect(t, C_I64);
          startHi = this.hi;
          startLo = this.lo;
          break;
        case 9:
          this.expect(t, C_I64);
          durationHi = this.hi;
          durationLo = this.lo;
          break;
        case 10:
          this.expect(t, C_LIST);
          this.tags(span.attributes);
          break;
        case 11:
          this.expect(t, C_LIST);
          this.logs(span.events);
          break;
        default:
          throw BAIL;
      }
    }
    if (low === '') return 'missing traceIdLow';
    if (span.spanId === '') return 'missing spanId';
    span.traceId = this.traceHex(high, low);
    if (low === ZERO_ID && high === ZERO_ID) return 'trace id is zero';
    if (span.spanId === ZERO_ID) return 'span id is zero';
    span.startTimeUnixNano = microsToNanos(startHi, startLo);
    span.endTimeUnixNano = endFromDuration(span.startTimeUnixNano, durationHi, durationLo);
    const scope = applyJaegerSpanTags(span);
    resolveJaegerReferences(span, parent, references);
    return scope;
  }

  /**
   * A `list<Log>`, appended to `out` as events; mirrors `readLog`, naming each event as `nameEventFromFields` does
   * (the first `event` field) while reading, instead of removing that field afterwards.
   */
  private logs(out: SpanEvent[]): void {
    const n = this.listOfStructs();
    for (let i = 0; i < n; i++) {
      let hi = 0;
      let lo = 0;
      let name = '';
      let named = false;
      const attributes: KeyValue[] = [];
      let last = 0;
      for (let t = this.field(last); t !== 0; t = this.field(last)) {
        last = this.fieldId;
        if (last === 1 && t === C_I64) {
          this.i64();
          hi = this.hi;
          lo = this.lo;
        } else if (last === 2 && t === C_LIST) {
          const fields = this.listOfStructs();
          for (let f = 0; f < fields; f++) {
            const kv = this.tag();
            if (!named && kv.key === EVENT_KEY) {
              named = true;
              name = anyValueToString(kv.value);
            } else {
              attributes.push(kv);
            }
          }
        } else {
          throw BAIL;
        }
      }
      out.push({ timeUnixNano: microsToNanos(hi, lo), name, attributes, droppedAttributesCount: 0 });
    }
  }

  /** A `list<SpanRef>`; mirrors `readSpanRef`. */
  private references(): JaegerReference[] {
    const n = this.listOfStructs();
    const refs: JaegerReference[] = [];
    for (let i = 0; i < n; i++) {
      let refType = 0;
      let low = ZERO_ID;
      let high = ZERO_ID;
      let spanId = ZERO_ID;
      let last = 0;
      for (let t = this.field(last); t !== 0; t = this.field(last)) {
        last = this.fieldId;
        if (last === 1 && t === C_I32) {
          refType = this.i32();
        } else if (t === C_I64 && last >= 2 && last <= 4) {
          this.i64();
          const hex = u32PairToHex(this.hi, this.lo);
          if (last === 2) low = hex;
          else if (last === 3) high = hex;
          else spanId = hex;
        } else {
          throw BAIL;
        }
      }
      refs.push({ refType, traceId: high + low, spanId });
    }
    return refs;
  }

  /**
   * Checks a field's type; an i64 field is read at once (into `hi`/`lo`) so that every case of `span` stays short.
   */
  private expect(actual: number, expected: number): void {
    if (actual !== expected) throw BAIL;
    if (expected === C_I64) this.i64();
  }

  /** Hex of the traceIdLow just read, reusing the previous span's string when the bits are equal. */
  private traceLowHex(): string {
    if (this.hi !== this.lowHi || this.lo !== this.lowLo || this.lowHex === '') {
      this.lowHi = this.hi;
      this.lowLo = this.lo;
      this.lowHex = u32PairToHex(this.hi, this.lo);
    }
    return this.lowHex;
  }

  private traceHighHex(): string {
    if (this.hi !== this.highHi || this.lo !== this.highLo || this.highHex === '') {
      this.highHi = this.hi;
      this.highLo = this.lo;
      this.highHex = u32PairToHex(this.hi, this.lo);
    }
    return this.highHex;
  }

  /** high ‖ low, one flat string shared by consecutive spans of the same trace. */
  private traceHex(high: string, low: string): string {
    if (high !== this.traceHigh || low !== this.traceLow) {
      this.traceHigh = high;
      this.traceLow = low;
      this.traceIdHex =
        high === ZERO_ID && low === this.lowHex
          ? u32QuadToHex(0, 0, this.lowHi, this.lowLo)
          : high === this.highHex && low === this.lowHex
            ? u32QuadToHex(this.highHi, this.highLo, this.lowHi, this.lowLo)
            : high + low;
    }
    return this.traceIdHex;
  }
}

const reader = new CompactModelReader();

const NANOS_PER_MICRO = 1000n;

/** Microseconds (as i64 halves) → nanoseconds; negative values become 0, as `microsToNanos` in jaeger-times.ts. */
function microsToNanos(hi: number, lo: number): bigint {
  if (hi < 0 || (hi === 0 && lo === 0)) return 0n;
  return i64FromHalves(hi, lo) * NANOS_PER_MICRO;
}

/** As `endFromMicrosDuration`: start + duration µs, or start when the duration is not positive. */
function endFromDuration(startNanos: bigint, hi: number, lo: number): bigint {
  if (hi < 0 || (hi === 0 && lo === 0)) return startNanos;
  // Durations below 2^53 ns (104 days) add as one BigInt made from a double, without a second multiplication.
  if (hi < 0x800) {
    const nanos = (hi * 4294967296 + (lo >>> 0)) * 1000;
    if (nanos <= Number.MAX_SAFE_INTEGER) return startNanos + BigInt(nanos);
  }
  return startNanos + i64FromHalves(hi, lo) * NANOS_PER_MICRO;
}

