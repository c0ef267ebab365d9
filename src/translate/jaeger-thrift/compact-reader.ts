/**
 * Thrift compact protocol reader (https://github.com/apache/thrift/blob/master/doc/specs/thrift-compact-protocol.md):
 * zigzag varints for integers, 4-bit field-id deltas, booleans folded into field headers, little-endian doubles.
 */
import { TType } from './thrift-types.js';
import { decodeUtf8 } from './string-cache.js';
import {
  MAX_NESTING,
  ThriftDecodeError,
  copyBytes,
  i64FromHalves,
  negativeLength,
  tooDeep,
  tooManyElements,
  truncatedAt,
  u32PairToHex,
  type ThriftMessageHeader,
  type ThriftReader,
} from './thrift-reader.js';

const PROTOCOL_ID = 0x82;
const VERSION = 1;

/** Compact type code → binary-protocol type (index = compact code); -1 is not a type. */
const FIELD_TYPES = [TType.STOP, TType.BOOL, TType.BOOL, TType.I8, TType.I16, TType.I32, TType.I64, TType.DOUBLE,
  TType.STRING, TType.LIST, TType.SET, TType.MAP, TType.STRUCT, TType.UUID, -1, -1];

export class CompactReader implements ThriftReader {
  pos: number;
  fieldId = 0;
  elementType = 0;
  valueType = 0;
  private readonly buf: Buffer;
  private readonly end: number;
  private depth = 0;
  private lastFieldId = 0;
  private readonly fieldIdStack = new Int16Array(MAX_NESTING + 1);
  /** Value of a bool field carried in its header: -1 none, 0 false, 1 true. */
  private pendingBool = -1;
  /** Halves of the last varint64 read. */
  private lo = 0;
  private hi = 0;

  constructor(buf: Buffer, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  readMessageBegin(): ThriftMessageHeader {
    const at = this.pos;
    const protocolId = this.readByte();
    if (protocolId !== PROTOCOL_ID) {
      throw new ThriftDecodeError(`not a compact-protocol message: byte ${at} is 0x${protocolId.toString(16)}, expected 0x82`);
    }
    const b = this.readByte();
    if ((b & 0x1f) !== VERSION) throw new ThriftDecodeError(`unsupported compact protocol version ${b & 0x1f} at byte ${at + 1}`);
    const type = (b >> 5) & 0x07;
    const seqId = this.readVarint32() | 0;
    const name = this.readString();
    return { name, type, seqId };
  }

  beginStruct(): void {
    if (this.depth >= MAX_NESTING) throw tooDeep(this.pos);
    this.fieldIdStack[this.depth++] = this.lastFieldId;
    this.lastFieldId = 0;
  }

  endStruct(): void {
    this.lastFieldId = this.fieldIdStack[--this.depth]!;
  }

  readFieldBegin(): number {
    const at = this.pos;
    const b = this.readByte();
    if (b === 0) return TType.STOP;
    const code = b & 0x0f;
    const type = FIELD_TYPES[code]!;
    if (type < 0) throw new ThriftDecodeError(`unknown compact field type ${code} at byte ${at}`);
    const delta = b >> 4;
    this.fieldId = delta !== 0 ? this.lastFieldId + delta : this.readI16();
    this.lastFieldId = this.fieldId;
    if (type === TType.BOOL) this.pendingBool = code === 1 ? 1 : 0;
    return type;
  }

  readListBegin(): number {
    const at = this.pos;
    const b = this.readByte();
    let size = b >> 4;
    if (size === 15) size = this.readSize();
    this.elementType = this.elementTypeOf(b & 0x0f, at);
    if (size > this.end - this.pos) throw tooManyElements(at, size, this.end - this.pos);
    return size;
  }

  readMapBegin(): number {
    const at = this.pos;
    const size = this.readSize();
    if (size === 0) return 0;
    const kv = this.readByte();
    this.elementType = this.elementTypeOf(kv >> 4, at);
    this.valueType = this.elementTypeOf(kv & 0x0f, at);
    if (size > this.end - this.pos) throw tooManyElements(at, size, this.end - this.pos);
    return size;
  }

  readBool(): boolean {
    const pending = this.pendingBool;
    if (pending >= 0) {
      this.pendingBool = -1;
      return pending === 1;
    }
    return this.readByte() === 1;
  }

  readI8(): number {
    return (this.readByte() << 24) >> 24;
  }

  readI16(): number {
    return this.readI32();
  }

  readI32(): number {
    const n = this.readVarint32();
    return (n >>> 1) ^ -(n & 1);
  }

  readI64(): bigint {
    this.readZigzag64();
    return i64FromHalves(this.hi, this.lo);
  }

  readI64Hex(): string {
    this.readZigzag64();
    return u32PairToHex(this.hi, this.lo);
  }

  readI64IsZero(): boolean {
    this.readZigzag64();
    return this.hi === 0 && this.lo === 0;
  }

  readDouble(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  readString(): string {
    const start = this.startOfBinary();
    return decodeUtf8(this.buf, start, this.pos);
  }

  readBinary(): Uint8Array {
    const start = this.startOfBinary();
    return copyBytes(this.buf, start, this.pos);
  }

  skipBinary(): void {
    this.startOfBinary();
  }

  skipBytes(n: number): void {
    this.need(n);
    this.pos += n;
  }

  /** Reads a length prefix, checks the bytes exist, moves past them and returns where they start. */
  private startOfBinary(): number {
    const at = this.pos;
    const length = this.readVarint32() | 0;
    if (length < 0) throw negativeLength(at, length);
    this.need(length);
    const start = this.pos;
    this.pos += length;
    return start;
  }

  private elementTypeOf(code: number, at: number): number {
    // Element lists write bool as 1 or 2 depending on the implementation; both mean a one-byte bool.
    const type = code === 0 ? -1 : FIELD_TYPES[code]!;
    if (type < 0) throw new ThriftDecodeError(`unknown compact element type ${code} at byte ${at}`);
    return type;
  }

  private readSize(): number {
    const at = this.pos;
    const size = this.readVarint32() | 0;
    if (size < 0) throw negativeLength(at, size);
    return size;
  }

  private need(n: number): void {
    if (this.end - this.pos < n) throw truncatedAt(this.pos, n, this.end - this.pos);
  }

  private readByte(): number {
    if (this.pos >= this.end) throw truncatedAt(this.pos, 1, 0);
    return this.buf[this.pos++]!;
  }

  /** Unsigned LEB128 of at most 5 bytes, as an unsigned 32-bit number. */
  private readVarint32(): number {
    const buf = this.buf;
    const end = this.end;
    const start = this.pos;
    let pos = start;
    let result = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= end) throw truncatedAt(pos, 1, 0);
      const b = buf[pos++]!;
      result |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.pos = pos;
        return result >>> 0;
      }
    }
    throw new ThriftDecodeError(`malformed varint at byte ${start}`);
  }

  /** Reads a zigzag varint64 into `hi`/`lo` (signed high half, low half as int32 bits). */
  private readZigzag64(): void {
    this.readVarint64();
    const mask = -(this.lo & 1);
    const lo = ((this.lo >>> 1) | (this.hi << 31)) ^ mask;
    this.hi = (this.hi >>> 1) ^ mask;
    this.lo = lo;
  }

  private readVarint64(): void {
    const buf = this.buf;
    const end = this.end;
    const start = this.pos;
    let pos = start;
    let lo = 0;
    let hi = 0;
    let b = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (pos >= end) throw truncatedAt(pos, 1, 0);
      b = buf[pos++]!;
      lo |= (b & 0x7f) << shift;
      if (b < 0x80) return this.setHalves(pos, lo, 0);
    }
    if (pos >= end) throw truncatedAt(pos, 1, 0);
    b = buf[pos++]!;
    lo |= (b & 0x0f) << 28;
    hi = (b & 0x7f) >> 4;
    if (b < 0x80) return this.setHalves(pos, lo, hi);
    for (let shift = 3; shift < 32; shift += 7) {
      if (pos >= end) throw truncatedAt(pos, 1, 0);
      b = buf[pos++]!;
      hi |= (b & 0x7f) << shift;
      if (b < 0x80) return this.setHalves(pos, lo, hi);
    }
    throw new ThriftDecodeError(`malformed varint at byte ${start}`);
  }

  private setHalves(pos: number, lo: number, hi: number): void {
    this.pos = pos;
    this.lo = lo;
    this.hi = hi;
  }
}
