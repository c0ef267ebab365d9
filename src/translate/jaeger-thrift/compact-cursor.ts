/**
 * The reading primitives of the compact-protocol fast paths (compact-fast-path.ts builds the model, compact-transcoder.ts
 * writes OTLP): a cursor over one datagram that throws `BAIL` on anything unexpected (bytes running out, a varint too
 * long, a list of something other than structs), never an error message. The callers catch `BAIL` and hand the
 * datagram to the generic decoder, which reads every valid input and words the errors.
 *
 * Why a hand-written cursor (measured, docs/benchmarks.md "Decoders"): the generic struct decoders over the
 * `ThriftReader` interface cost ~9 µs per realistic span; these primitives, inlined into struct readers specialised
 * to jaeger.thrift, roughly halve that.
 */
import type { KeyValue } from '../../model/index.js';
import { tagValue } from './jaeger-thrift-tags.js';
import { decodeUtf8 } from './string-cache.js';
import { copyBytes, i64FromHalves } from './thrift-reader.js';
import { MessageType } from './thrift-types.js';

// Compact-protocol type codes (the low nibble of a field header or list header).
export const C_TRUE = 1;
export const C_FALSE = 2;
export const C_BYTE = 3;
export const C_I16 = 4;
export const C_I32 = 5;
export const C_I64 = 6;
export const C_DOUBLE = 7;
export const C_BINARY = 8;
export const C_LIST = 9;
export const C_STRUCT = 12;

/** Thrown (never escapes the fast paths) when the input leaves the shape they handle. */
export const BAIL = Symbol('compact fast path: not handled');
export const EMPTY_BYTES = new Uint8Array(0);
/** `emitBatch` in ASCII, compared byte by byte instead of decoding the method name. */
const EMIT_BATCH = Buffer.from('emitBatch', 'latin1');

export class CompactCursor {
  buf: Buffer = EMPTY_BYTES as Buffer;
  pos = 0;
  end = 0;
  /** Halves of the last i64 read (after zigzag): `hi` signed, `lo` as int32 bits. */
  hi = 0;
  lo = 0;
  /** Field id of the last field header (absolute). */
  fieldId = 0;

  /** Points the cursor at a datagram. */
  reset(buf: Buffer): void {
    this.buf = buf;
    this.pos = 0;
    this.end = buf.length;
  }

  /** Forgets the datagram, so a reused cursor does not keep it alive. */
  release(): void {
    this.buf = EMPTY_BYTES as Buffer;
  }

  /**
   * Reads the `Agent.emitBatch` message header (ONEWAY or CALL, any seqid) and the header of its only argument, leaving
   * the cursor at the start of the `Batch` struct. After the Batch, `endEmitBatch` checks the arguments' STOP.
   */
  emitBatchHeader(): void {
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
  }

  endEmitBatch(): void {
    if (this.byte() !== 0) throw BAIL;
  }

  /**
   * The fields of a jaeger.thrift `Batch` (after `emitBatchHeader`): returns the process's service name and tags, hands
   * each element of the span list to `onSpan` (with its index; it reads the span at the cursor), and skips `seqNo` and
   * the client stats. Anything else bails.
   */
  batchFields(onSpan: (index: number) => void): { serviceName: string; processTags: KeyValue[] } {
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
        for (let i = 0; i < n; i++) onSpan(i);
      } else if (last === 3 && t === C_I64) {
        this.i64(); // seqNo
      } else if (last === 4 && t === C_STRUCT) {
        this.skipFlatStruct(); // client stats: a struct of i64 counters
      } else {
        throw BAIL;
      }
    }
    return { serviceName, processTags };
  }

  /** A `Process` struct: returns the service name and appends the tags to `tags` as model attributes. */
  process(tags: KeyValue[]): string {
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

  /** Appends the elements of a `list<Tag>` (header not yet read) to `out`. */
  tags(out: KeyValue[]): void {
    const n = this.listOfStructs();
    for (let i = 0; i < n; i++) out.push(this.tag());
  }

  /** One `Tag` struct; mirrors `readTag`. */
  tag(): KeyValue {
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

  /** Skips a struct whose fields are all scalars (bails on containers and nested structs). */
  skipFlatStruct(): void {
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

  /** Reads a field header; returns its compact type code (0 at STOP) and sets `fieldId`. */
  field(lastFieldId: number): number {
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
  listOfStructs(): number {
    const b = this.byte();
    if ((b & 0x0f) !== C_STRUCT) throw BAIL;
    let size = b >> 4;
    if (size === 15) size = this.varint32();
    // Each struct takes at least its STOP byte: a larger count is malformed.
    if (size > this.end - this.pos) throw BAIL;
    return size;
  }

  string(): string {
    const length = this.varint32();
    const start = this.pos;
    if (length > this.end - start) throw BAIL;
    this.pos = start + length;
    return decodeUtf8(this.buf, start, start + length);
  }

  /** Moves past a string or binary value and returns where its bytes start (they end at `pos`). */
  bytesStart(): number {
    const length = this.varint32();
    const start = this.pos;
    if (length > this.end - start) throw BAIL;
    this.pos = start + length;
    return start;
  }

  binary(): Uint8Array {
    const length = this.varint32();
    const start = this.pos;
    if (length > this.end - start) throw BAIL;
    this.pos = start + length;
    return copyBytes(this.buf, start, start + length);
  }

  skip(n: number): void {
    if (n > this.end - this.pos) throw BAIL;
    this.pos += n;
  }

  double(): number {
    if (this.end - this.pos < 8) throw BAIL;
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  i32(): number {
    const n = this.varint32();
    return (n >>> 1) ^ -(n & 1);
  }

  i64Value(): bigint {
    this.i64();
    return i64FromHalves(this.hi, this.lo);
  }

  byte(): number {
    if (this.pos >= this.end) throw BAIL;
    return this.buf[this.pos++]!;
  }

  /** Unsigned LEB128 of at most 5 bytes; values that do not fit 31 bits bail (no Jaeger length or i32 needs them). */
  varint32(): number {
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
  i64(): void {
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
