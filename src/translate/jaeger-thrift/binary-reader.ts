/**
 * Thrift binary protocol reader: big-endian fixed-width integers and doubles, i32 length prefixes, one type byte and an
 * i16 id per field header. Messages may use the strict header (version word 0x8001xxxx) or the old one (name first).
 */
import { bytesToHex } from '../../model/index.js';
import { TType } from './thrift-types.js';
import { decodeUtf8 } from './string-cache.js';
import {
  MAX_NESTING,
  ThriftDecodeError,
  copyBytes,
  negativeLength,
  tooDeep,
  tooManyElements,
  truncatedAt,
  type ThriftMessageHeader,
  type ThriftReader,
} from './thrift-reader.js';

const VERSION_MASK = 0xffff0000 | 0;
const VERSION_1 = 0x80010000 | 0;

export class BinaryReader implements ThriftReader {
  pos: number;
  fieldId = 0;
  elementType = 0;
  valueType = 0;
  private readonly buf: Buffer;
  private readonly end: number;
  private depth = 0;

  constructor(buf: Buffer, start = 0, end = buf.length) {
    this.buf = buf;
    this.pos = start;
    this.end = end;
  }

  readMessageBegin(): ThriftMessageHeader {
    const at = this.pos;
    const first = this.readI32();
    if (first < 0) {
      if ((first & VERSION_MASK) !== VERSION_1) {
        throw new ThriftDecodeError(`unsupported binary protocol version 0x${(first >>> 0).toString(16)} at byte ${at}`);
      }
      const name = this.readString();
      return { name, type: first & 0xff, seqId: this.readI32() };
    }
    // Old (non-strict) header: the first word is the length of the method name.
    this.pos = at;
    const name = this.readString();
    const type = this.readByte();
    return { name, type, seqId: this.readI32() };
  }

  beginStruct(): void {
    if (this.depth >= MAX_NESTING) throw tooDeep(this.pos);
    this.depth++;
  }

  endStruct(): void {
    this.depth--;
  }

  readFieldBegin(): number {
    const type = this.readByte();
    if (type === TType.STOP) return TType.STOP;
    this.need(2);
    this.fieldId = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return type;
  }

  readListBegin(): number {
    const at = this.pos;
    this.elementType = this.readByte();
    return this.checkedSize(at);
  }

  readMapBegin(): number {
    const at = this.pos;
    this.elementType = this.readByte();
    this.valueType = this.readByte();
    return this.checkedSize(at);
  }

  readBool(): boolean {
    return this.readByte() !== 0;
  }

  readI8(): number {
    return (this.readByte() << 24) >> 24;
  }

  readI16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  readI32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  readI64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  readI64Hex(): string {
    this.need(8);
    const start = this.pos;
    this.pos += 8;
    return bytesToHex(this.buf, start, start + 8);
  }

  readI64IsZero(): boolean {
    this.need(8);
    const buf = this.buf;
    const p = this.pos;
    this.pos += 8;
    return (buf[p]! | buf[p + 1]! | buf[p + 2]! | buf[p + 3]! | buf[p + 4]! | buf[p + 5]! | buf[p + 6]! | buf[p + 7]!) === 0;
  }

  readDouble(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.pos);
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

  private startOfBinary(): number {
    const at = this.pos;
    const length = this.readI32();
    if (length < 0) throw negativeLength(at, length);
    this.need(length);
    const start = this.pos;
    this.pos += length;
    return start;
  }

  private checkedSize(at: number): number {
    const size = this.readI32();
    if (size < 0) throw negativeLength(at, size);
    if (size > this.end - this.pos) throw tooManyElements(at, size, this.end - this.pos);
    return size;
  }

  private need(n: number): void {
    if (this.end - this.pos < n) throw truncatedAt(this.pos, n, this.end - this.pos);
  }

  private readByte(): number {
    if (this.pos >= this.end) throw truncatedAt(this.pos, 1, 0);
    return this.buf[this.pos++]!;
  }
}
