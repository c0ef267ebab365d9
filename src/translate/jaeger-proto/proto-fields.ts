/**
 * Field-level reading over a protobufjs `Reader`, with the checks its generated code leaves out: every length is
 * checked against the end of the enclosing message (protobufjs only checks the end of the buffer, and silently
 * shortens strings), wire types are checked per field, groups are refused, and 64-bit integers are read exactly.
 * Errors are `ProtoDecodeError`s naming the message, field and byte offset.
 */
import type { Reader } from 'protobufjs/minimal.js';
import { bytesToHex } from '../../model/index.js';
import { decodeUtf8 } from '../jaeger-thrift/index.js';

export class ProtoDecodeError extends Error {
  override readonly name = 'ProtoDecodeError';
}

export const WireType = { VARINT: 0, FIXED64: 1, LEN: 2, FIXED32: 5 } as const;

const WIRE_NAMES = ['varint', 'fixed64', 'length-delimited', 'start-group', 'end-group', 'fixed32', 'type 6', 'type 7'];

export function expectWireType(r: Reader, message: string, field: string, fieldNo: number, actual: number, expected: number): void {
  if (actual === expected) return;
  throw new ProtoDecodeError(
    `${message} field ${fieldNo} (${field}) has wrong wire type ${WIRE_NAMES[actual]}, expected ${WIRE_NAMES[expected]} (byte ${r.pos})`,
  );
}

/** Reads a length prefix and returns where the bytes end, after checking they lie within `end`. */
export function lengthDelimitedEnd(r: Reader, end: number): number {
  const at = r.pos;
  const length = r.uint32();
  if (length > end - r.pos) {
    throw new ProtoDecodeError(`truncated at byte ${r.pos}: length ${length} at byte ${at} runs past the end of its message`);
  }
  return r.pos + length;
}

export function readString(r: Reader, end: number): string {
  const stop = lengthDelimitedEnd(r, end);
  const start = r.pos;
  r.pos = stop;
  return decodeUtf8(r.buf as Buffer, start, stop);
}

/** A bytes field as lowercase hex ('' when empty), without copying. */
export function readBytesHex(r: Reader, end: number): string {
  const stop = lengthDelimitedEnd(r, end);
  const start = r.pos;
  r.pos = stop;
  return bytesToHex(r.buf, start, stop);
}

/** A bytes field as a fresh Uint8Array (so it does not pin the request buffer). */
export function readBytesCopy(r: Reader, end: number): Uint8Array {
  const stop = lengthDelimitedEnd(r, end);
  const out = new Uint8Array(stop - r.pos);
  out.set(r.buf.subarray(r.pos, stop));
  r.pos = stop;
  return out;
}

/** A varint-encoded int64 (two's complement), exactly. */
export function readInt64(r: Reader): bigint {
  const buf = r.buf;
  const len = r.len;
  const at = r.pos;
  let pos = at;
  let lo = 0;
  let hi = 0;
  let b = 0;
  for (let shift = 0; shift < 28; shift += 7) {
    b = byteAt(buf, pos++, len);
    lo |= (b & 0x7f) << shift;
    if (b < 0x80) return finish(r, pos, hi, lo);
  }
  b = byteAt(buf, pos++, len);
  lo |= (b & 0x0f) << 28;
  hi = (b & 0x7f) >> 4;
  if (b < 0x80) return finish(r, pos, hi, lo);
  for (let shift = 3; shift < 32; shift += 7) {
    b = byteAt(buf, pos++, len);
    hi |= (b & 0x7f) << shift;
    if (b < 0x80) return finish(r, pos, hi, lo);
  }
  throw new ProtoDecodeError(`malformed varint at byte ${at}`);
}

/** A fixed64 field as an unsigned bigint. */
export function readFixed64(r: Reader): bigint {
  const lo = r.fixed32();
  const hi = r.fixed32();
  return hi < 0x200000 ? BigInt(hi * 4294967296 + lo) : (BigInt(hi) << 32n) + BigInt(lo);
}

function byteAt(buf: Uint8Array, pos: number, len: number): number {
  if (pos >= len) throw new ProtoDecodeError(`truncated at byte ${pos}`);
  return buf[pos]!;
}

function finish(r: Reader, pos: number, hi: number, lo: number): bigint {
  r.pos = pos;
  const h = hi | 0;
  const l = lo >>> 0;
  if (h >= -0x200000 && h < 0x200000) return BigInt(h * 4294967296 + l);
  return (BigInt(h) << 32n) + BigInt(l);
}

/** Skips a field of an unknown number; groups (unused since proto3) and invalid wire types are errors. */
export function skipField(r: Reader, wireType: number, end: number): void {
  switch (wireType) {
    case WireType.VARINT:
      r.skip();
      return;
    case WireType.FIXED64:
      r.skip(8);
      return;
    case WireType.LEN:
      r.pos = lengthDelimitedEnd(r, end);
      return;
    case WireType.FIXED32:
      r.skip(4);
      return;
    default:
      throw new ProtoDecodeError(`unsupported wire type ${WIRE_NAMES[wireType]} at byte ${r.pos}`);
  }
}

/** Throws when the last field read ran past the end of its message. */
export function checkWithin(r: Reader, end: number, message: string): void {
  if (r.pos > end) throw new ProtoDecodeError(`${message}: a field runs past the end of the message at byte ${end}`);
}
