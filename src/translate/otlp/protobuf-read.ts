/**
 * Checked primitives over a protobufjs `Reader` for the hand-written OTLP decoder: message bounds, skipping unknown
 * fields by wire type, exact 64-bit integers as bigint, ids straight to hex. Every failure throws
 * `ProtobufFormatError` (or protobufjs' "index out of range" RangeError), which the decoder turns into `{ ok: false }`.
 */
import protobuf from 'protobufjs/minimal.js';

export type Reader = protobuf.Reader;

/** Malformed protobuf input; the message says what was wrong and at which byte. */
export class ProtobufFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufFormatError';
  }
}

/** A Reader over `buf` that slices strings natively (BufferReader) without copying the input. */
export function createReader(buf: Uint8Array): Reader {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  return protobuf.Reader.create(b);
}

/** A varint tag or length; one-byte values (nearly all of them) skip protobufjs' general varint loop. */
export function readVarint32(r: Reader): number {
  const pos = r.pos;
  if (pos < r.len) {
    const b = r.buf[pos]!;
    if (b < 0x80) {
      r.pos = pos + 1;
      return b;
    }
  }
  return r.uint32();
}

/** Reads a length prefix and returns where the embedded message ends; throws if it runs past the input. */
export function messageEnd(r: Reader): number {
  const len = readVarint32(r);
  const end = r.pos + len;
  if (end > r.len) {
    throw new ProtobufFormatError(`truncated message at byte ${r.pos}: length ${len} exceeds the ${r.len - r.pos} bytes left`);
  }
  return end;
}

/** After a message's fields were read: a field that ran past the message's end means the input is malformed. */
export function checkMessageEnd(r: Reader, end: number, what: string): void {
  if (r.pos !== end) {
    throw new ProtobufFormatError(`malformed ${what} ending at byte ${end}: its last field runs on to byte ${r.pos}`);
  }
}

/** Skips a field we do not read (unknown, or a known field with an unexpected wire type, as protobuf-go does). */
export function skipField(r: Reader, tag: number): void {
  const wireType = tag & 7;
  if (tag >>> 3 === 0) throw new ProtobufFormatError(`invalid field number 0 at byte ${r.pos}`);
  switch (wireType) {
    case 0:
      r.skip();
      return;
    case 1:
      r.skip(8);
      return;
    case 2:
      r.skip(readVarint32(r));
      return;
    case 5:
      r.skip(4);
      return;
    case 3:
      r.skipType(3);
      return;
    default:
      throw new ProtobufFormatError(`invalid wire type ${wireType} at byte ${r.pos}`);
  }
}

/** Length-delimited field: returns its start and advances past it; the caller reads `r.buf` between the bounds. */
export function lengthDelimitedStart(r: Reader): number {
  const len = readVarint32(r);
  const start = r.pos;
  if (start + len > r.len) {
    throw new ProtobufFormatError(`truncated message at byte ${start}: length ${len} exceeds the ${r.len - start} bytes left`);
  }
  r.pos = start + len;
  return start;
}

/** fixed64 as an exact unsigned bigint. */
export function readFixed64(r: Reader, view: DataView): bigint {
  const pos = r.pos;
  if (pos + 8 > r.len) throw new ProtobufFormatError(`truncated fixed64 at byte ${pos}`);
  r.pos = pos + 8;
  return view.getBigUint64(pos, true);
}

/** int64 varint as an exact signed bigint (negative values use all ten bytes). */
export function readInt64(r: Reader): bigint {
  const buf = r.buf;
  const len = r.len;
  let pos = r.pos;
  let value = 0;
  let scale = 1;
  // Up to 7 bytes (49 bits) accumulate exactly in a double.
  for (let i = 0; i < 7; i++) {
    if (pos >= len) throw new ProtobufFormatError(`truncated varint at byte ${pos}`);
    const b = buf[pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      r.pos = pos;
      return BigInt(value);
    }
    scale *= 128;
  }
  let high = 0;
  let shift = 0;
  for (let i = 7; i < 10; i++) {
    if (pos >= len) throw new ProtobufFormatError(`truncated varint at byte ${pos}`);
    const b = buf[pos++]!;
    high |= (b & 0x7f) << shift;
    shift += 7;
    if (b < 0x80) {
      r.pos = pos;
      return BigInt.asIntN(64, BigInt(value) + (BigInt(high) << 49n));
    }
  }
  throw new ProtobufFormatError(`invalid varint at byte ${r.pos}: longer than 10 bytes`);
}

/** A bytes field copied out of the input, so retained values do not pin the whole request buffer. */
export function readBytesCopy(r: Reader): Uint8Array {
  const start = lengthDelimitedStart(r);
  const out = new Uint8Array(r.pos - start);
  out.set(r.buf.subarray(start, r.pos));
  return out;
}
