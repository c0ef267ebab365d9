/**
 * Fast path for the Jaeger agent's compact-protocol `emitBatch` datagrams (UDP 6831), the one hot input of the agent
 * role: a hand-written reader specialised to jaeger.thrift's layout instead of the generic struct decoders over the
 * `ThriftReader` interface.
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
import { createSpanRejections, decodeSucceeded, recordRejection, type JaegerDecodeResult } from './decode-result.js';
import { jaegerProcessToResource } from './jaeger-process.js';
import { resolveJaegerReferences, type JaegerReference } from './jaeger-references.js';
import { applyJaegerSpanTags } from './jaeger-span-tags.js';
import { tagValue } from './jaeger-thrift-tags.js';
import { createEmptySpan, createSpanBatchBuilder } from './span-batch-builder.js';
import { decodeUtf8 } from './string-cache.js';
import { copyBytes, i64FromHalves, u32PairToHex, u32QuadToHex } from './thrift-reader.js';
import { MessageType } from './thrift-types.js';

// Compact-protocol type codes (the low nibble of a field header or list header).
const C_TRUE = 1;
const C_FALSE = 2;
const C_BYTE = 3;
const C_I16 = 4;
const C_I32 = 5;
const C_I64 = 6;
const C_DOUBLE = 7;
const C_BINARY = 8;
const C_LIST = 9;
const C_STRUCT = 12;

const ZERO_ID = '0000000000000000';
/** The log field that names an event (jaeger-log-fields.ts). */
const EVENT_KEY = 'event';
const EMPTY_BYTES = new Uint8Array(0);
/** Thrown (never escapes this file) when the input leaves the shape this path handles. */
const BAIL = Symbol('compact-fast-path: not handled');
/** `emitBatch` in ASCII, compared byte by byte instead of decoding the method name. */
const EMIT_BATCH = Buffer.from('emitBatch', 'latin1');

/** Decodes a compact `emitBatch` datagram, or returns undefined when the generic decoder must handle it. */
export function readCompactEmitBatch(buf: Buffer): JaegerDecodeResult | undefined {
  const c = cursor;
  c.buf = buf;
  c.pos = 0;
  c.end = buf.length;
  try {
    return c.emitBatch();
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  } finally {
    c.buf = EMPTY_BYTES as Buffer; // do not pin the datagram
  }
}

class CompactCursor {
  buf: Buffer = EMPTY_BYTES as Buffer;
  pos = 0;
  end = 0;
  /** Halves of the last i64 read (after zigzag): `hi` signed, `lo` as int32 bits. */
  hi = 0;
  lo = 0;
  /** Field id of the last field header (absolute). */
  fieldId = 0;
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
    if (this.byte() !== 0x82) throw BAIL;
    const b = this.byte();
    const type = (b >> 5) & 7;
    if ((b & 0x1f) !== 1 || (type !== MessageType.ONEWAY && type !== MessageType.CALL)) throw BAIL;
    this.varint32(); // seqid
    const nameLength = this.varint32();
    if (nameLength !== EMIT_BATCH.length || this.end - this.pos < nameLength) throw BAIL;
    for (let i = 0; i < nameLength; i++) if (this.buf[this.pos + i] !== EMIT_BATCH[i]) throw BAIL;
    this.pos += nameLength;
    // emitBatch_args { 1: Batch batch }: exactly one field, then STOP.
    if (this.byte() !== ((1 << 4) | C_STRUCT)) throw BAIL;
    const result = this.batch();
    if (this.byte() !== 0) throw BAIL;
    return result;
  }

  private batch(): JaegerDecodeResult {
    const builder = createSpanBatchBuilder();
    const group = builder.resourceGroup({ attributes: [], droppedAttributesCount: 0 });
    const rejections = createSpanRejections();
    let spanCount = 0;
    let serviceName = '';
    let processTags: KeyValue[] = [];
    let last = 0;
    for (let t = this.field(last); t !== 0; t = this.field(last)) {
      last = this.fieldId;
      if (last === 1 && t === C_STRUCT) {
        processTags = [];
        serviceName = this.process(processTags);
      } else if (last === 2 && t === C_LIST) {
        const n = this.listOfStructs();
        for (let i = 0; i < n; i++) {
          const span = createEmptySpan();
          const scope = this.span(span);
          if (typeof scope === 'string') {
            recordRejection(rejections, `span ${i}: ${scope}`);
          } else {
            builder.add(group, scope, span);
            spanCount++;
          }
        }
      } else if (last === 3 && t === C_I64) {
        this.i64(); // seqNo
      } else if (last === 4 && t === C_STRUCT) {
        this.skipFlatStruct(); // client stats: a struct of i64 counters
      } else {
        throw BAIL;
      }
    }
    group.resource = jaegerProcessToResource(serviceName, processTags);
    return decodeSucceeded(builder.build(), spanCount, rejections);
  }

  private process(tags: KeyValue[]): string {
    let serviceName = '';
    let last = 0;
    for (let t = this.field(last); t !== 0; t = this.field(last)) {
      last = this.fieldId;
      if (last === 1 && t === C_BINARY) serviceName = this.string();
      else if (last === 2 && t === C_LIST) this.tags(tags);
      else throw BAIL;
    }
    return serviceName;
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

  /** Appends the elements of a `list<Tag>` (header not yet read) to `out`. */
  private tags(out: KeyValue[]): void {
    const n = this.listOfStructs();
    for (let i = 0; i < n; i++) out.push(this.tag());
  }

  /** One `Tag` struct; mirrors `readTag`. */
  private tag(): KeyValue {
    let key = '';
    let vType = 0;
    let vStr = '';
    let vDouble = 0;
    let vBool = false;
    let vLong = 0n;
    let vBinary: Uint8Array = EMPTY_BYTES;
    let last = 0;
    for (let t = this.field(last); t !== 0; t = this.field(last)) {
      last = this.fieldId;
      if (last === 1 && t === C_BINARY) key = this.string();
      else if (last === 2 && t === C_I32) vType = this.i32();
      else if (last === 3 && t === C_BINARY) vStr = this.string();
      else if (last === 4 && t === C_DOUBLE) vDouble = this.double();
      else if (last === 5 && (t === C_TRUE || t === C_FALSE)) vBool = t === C_TRUE;
      else if (last === 6 && t === C_I64) vLong = this.i64Value();
      else if (last === 7 && t === C_BINARY) vBinary = this.binary();
      else throw BAIL;
    }
    return { key, value: tagValue(vType, vStr, vDouble, vBool, vLong, vBinary) };
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

  /** Skips a struct whose fields are all scalars (bails on containers and nested structs). */
  private skipFlatStruct(): void {
    let last = 0;
    for (let t = this.field(last); t !== 0; t = this.field(last)) {
      last = this.fieldId;
      if (t === C_TRUE || t === C_FALSE) continue;
      if (t === C_BYTE) this.skip(1);
      else if (t === C_I16 || t === C_I32 || t === C_I64) this.i64();
      else if (t === C_DOUBLE) this.skip(8);
      else if (t === C_BINARY) this.skip(this.varint32());
      else throw BAIL;
    }
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

  /** Reads a field header; returns its compact type code (0 at STOP) and sets `fieldId`. */
  private field(lastFieldId: number): number {
    const b = this.byte();
    if (b === 0) return 0;
    const delta = b >> 4;
    if (delta !== 0) {
      this.fieldId = lastFieldId + delta;
    } else {
      const n = this.varint32();
      this.fieldId = (n >>> 1) ^ -(n & 1);
    }
    return b & 0x0f;
  }

  /** Reads a list header of struct elements and returns its size. */
  private listOfStructs(): number {
    const b = this.byte();
    if ((b & 0x0f) !== C_STRUCT) throw BAIL;
    let size = b >> 4;
    if (size === 15) size = this.varint32();
    // Each struct takes at least its STOP byte: a larger count is malformed.
    if (size > this.end - this.pos) throw BAIL;
    return size;
  }

  private string(): string {
    const length = this.varint32();
    const start = this.pos;
    if (length > this.end - start) throw BAIL;
    this.pos = start + length;
    return decodeUtf8(this.buf, start, start + length);
  }

  private binary(): Uint8Array {
    const length = this.varint32();
    const start = this.pos;
    if (length > this.end - start) throw BAIL;
    this.pos = start + length;
    return copyBytes(this.buf, start, start + length);
  }

  private skip(n: number): void {
    if (n > this.end - this.pos) throw BAIL;
    this.pos += n;
  }

  private double(): number {
    if (this.end - this.pos < 8) throw BAIL;
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  private i32(): number {
    const n = this.varint32();
    return (n >>> 1) ^ -(n & 1);
  }

  private i64Value(): bigint {
    this.i64();
    return i64FromHalves(this.hi, this.lo);
  }

  private byte(): number {
    if (this.pos >= this.end) throw BAIL;
    return this.buf[this.pos++]!;
  }

  /** Unsigned LEB128 of at most 5 bytes; values that do not fit 31 bits bail (no Jaeger length or i32 needs them). */
  private varint32(): number {
    const buf = this.buf;
    let pos = this.pos;
    const end = this.end;
    let result = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw BAIL;
      const b = buf[pos++]!;
      result |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return result;
      }
    }
    if (pos >= end) throw BAIL;
    const b = buf[pos++]!;
    if (b > 0x0f) throw BAIL;
    this.pos = pos;
    return (result | (b << 28)) >>> 0;
  }

  /** Zigzag varint64 into `hi`/`lo`. */
  private i64(): void {
    const buf = this.buf;
    let pos = this.pos;
    const end = this.end;
    let lo = 0;
    let hi = 0;
    let b = 0x80;
    let shift = 0;
    for (; shift < 28 && b >= 0x80; shift += 7) {
      if (pos >= end) throw BAIL;
      b = buf[pos++]!;
      lo |= (b & 0x7f) << shift;
    }
    if (b >= 0x80) {
      if (pos >= end) throw BAIL;
      b = buf[pos++]!;
      lo |= (b & 0x0f) << 28;
      hi = (b & 0x7f) >> 4;
      for (shift = 3; shift < 32 && b >= 0x80; shift += 7) {
        if (pos >= end) throw BAIL;
        b = buf[pos++]!;
        hi |= (b & 0x7f) << shift;
      }
      if (b >= 0x80) throw BAIL;
    }
    this.pos = pos;
    const mask = -(lo & 1);
    this.lo = ((lo >>> 1) | (hi << 31)) ^ mask;
    this.hi = (hi >>> 1) ^ mask;
  }
}

const cursor = new CompactCursor();

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

