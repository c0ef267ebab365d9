/**
 * Stored OTLP `Span` messages: stores keep the length-delimited message a span arrived in (see model/span-wire.ts)
 * and read it back here. The walkers below look at ids and attributes without building the span, which is what
 * searches need; decoding goes through the same span decoder as ingest, so a stored span reads back exactly as it
 * was decoded when it arrived.
 */
import type { AnyValue, Span } from '../../model/index.js';
import { decodeAnyValue } from './decode-protobuf-attributes.js';
import { decodeSpan, type SpanDecodeState } from './decode-protobuf-span.js';
import { createSpanRejections } from './decode-result.js';
import { createReader, ProtobufFormatError, type Reader } from './protobuf-read.js';
import { idToHex, isZeroBytes } from './protobuf-strings.js';

/** Decodes span messages stored in one buffer. */
export interface SpanMessageDecoder {
  /** The span whose length-delimited message starts at `start`. Throws on bytes that are not a valid span. */
  decode(start: number): Span;
}

export function createSpanMessageDecoder(buf: Uint8Array): SpanMessageDecoder {
  const r = createReader(buf);
  const state: SpanDecodeState = {
    view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength),
    rejections: createSpanRejections(),
    prevTraceIdStart: -1,
    prevTraceId: '',
    wireRefs: [],
  };
  return {
    decode(start) {
      r.pos = start;
      const span = decodeSpan(r, state);
      if (span === undefined) throw new ProtobufFormatError(`stored span at byte ${start} is not valid: ${state.rejections.firstReason}`);
      return span;
    },
  };
}

/** Where the message that starts (with its length prefix) at `start` ends. */
export function spanMessageEnd(buf: Uint8Array, start: number): number {
  const c = { pos: start };
  const len = varint(buf, c);
  return c.pos + len;
}

const SPAN_SPAN_ID = 2;
const SPAN_PARENT_SPAN_ID = 4;
const SPAN_ATTRIBUTES = 9;
const SPAN_EVENTS = 11;
const SPAN_LINKS = 13;
const EVENT_ATTRIBUTES = 3;
const LINK_ATTRIBUTES = 4;
const KV_KEY = 1;
const KV_VALUE = 2;

/** The span id and parent span id ('' for none or all zeros) of the stored message at `start`. */
export function readSpanMessageIds(buf: Uint8Array, start: number, out: { spanId: string; parentSpanId: string }): void {
  const c = { pos: start };
  const end = varint(buf, c) + c.pos;
  out.spanId = '';
  out.parentSpanId = '';
  while (c.pos < end) {
    const tag = varint(buf, c);
    const field = tag >>> 3;
    if ((tag & 7) === 2 && (field === SPAN_SPAN_ID || field === SPAN_PARENT_SPAN_ID)) {
      const len = varint(buf, c);
      const id = len === 8 && !isZeroBytes(buf, c.pos, 8) ? idToHex(buf, c.pos, 8) : '';
      if (field === SPAN_SPAN_ID) out.spanId = id;
      else out.parentSpanId = id;
      c.pos += len;
    } else skip(buf, c, tag);
  }
}

/** Receives each attribute of a stored span: the key's UTF-8 bytes and the `AnyValue` message's content. */
export interface SpanKeyValueVisitor {
  /** Returns true to stop the walk. */
  visitKeyValue(buf: Uint8Array, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number): boolean;
}

/**
 * Walks the attributes of the stored span message at `start` (its own, its events', its links'), in message order.
 * Returns true when the visitor stopped the walk.
 */
export function visitSpanMessageAttributes(buf: Uint8Array, start: number, visitor: SpanKeyValueVisitor): boolean {
  const c = { pos: start };
  const end = varint(buf, c) + c.pos;
  while (c.pos < end) {
    const tag = varint(buf, c);
    const field = tag >>> 3;
    if ((tag & 7) !== 2) {
      skip(buf, c, tag);
      continue;
    }
    const len = varint(buf, c);
    const fieldEnd = c.pos + len;
    if (field === SPAN_ATTRIBUTES) {
      if (visitKeyValue(buf, c.pos, fieldEnd, visitor)) return true;
    } else if (field === SPAN_EVENTS) {
      if (visitNested(buf, c.pos, fieldEnd, EVENT_ATTRIBUTES, visitor)) return true;
    } else if (field === SPAN_LINKS) {
      if (visitNested(buf, c.pos, fieldEnd, LINK_ATTRIBUTES, visitor)) return true;
    }
    c.pos = fieldEnd;
  }
  return false;
}

/** The attributes (field `attributesField`) of an event or link message spanning `[from, to)`. */
function visitNested(buf: Uint8Array, from: number, to: number, attributesField: number, visitor: SpanKeyValueVisitor): boolean {
  const c = { pos: from };
  while (c.pos < to) {
    const tag = varint(buf, c);
    if (tag === ((attributesField << 3) | 2)) {
      const len = varint(buf, c);
      if (visitKeyValue(buf, c.pos, c.pos + len, visitor)) return true;
      c.pos += len;
    } else skip(buf, c, tag);
  }
  return false;
}

function visitKeyValue(buf: Uint8Array, from: number, to: number, visitor: SpanKeyValueVisitor): boolean {
  const c = { pos: from };
  let keyStart = from;
  let keyEnd = from;
  let valueStart = from;
  let valueEnd = from;
  while (c.pos < to) {
    const tag = varint(buf, c);
    const field = tag >>> 3;
    if ((tag & 7) === 2 && (field === KV_KEY || field === KV_VALUE)) {
      const len = varint(buf, c);
      if (field === KV_KEY) {
        keyStart = c.pos;
        keyEnd = c.pos + len;
      } else {
        valueStart = c.pos;
        valueEnd = c.pos + len;
      }
      c.pos += len;
    } else skip(buf, c, tag);
  }
  return visitor.visitKeyValue(buf, keyStart, keyEnd, valueStart, valueEnd);
}

/** The `AnyValue` whose message content spans `[start, end)` of `buf`. */
export function decodeAnyValueContent(buf: Uint8Array, start: number, end: number): AnyValue {
  // decodeAnyValue reads a length prefix first: give it one in front of the content.
  const len = end - start;
  const prefixed = new Uint8Array(len + 5);
  const c = { pos: 0 };
  writeVarint(prefixed, c, len);
  prefixed.set(buf.subarray(start, end), c.pos);
  const r: Reader = createReader(prefixed.subarray(0, c.pos + len));
  return decodeAnyValue(r, 0);
}

// A minimal varint cursor: these walks run over bytes that were validated when they were received.
function varint(buf: Uint8Array, c: { pos: number }): number {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[c.pos++]!;
    if (shift < 28) result |= (b & 0x7f) << shift;
    else result += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return result;
    shift += 7;
  }
}

function skip(buf: Uint8Array, c: { pos: number }, tag: number): void {
  switch (tag & 7) {
    case 0:
      while (buf[c.pos++]! >= 0x80);
      return;
    case 1:
      c.pos += 8;
      return;
    case 2: {
      const len = varint(buf, c); // read first: `c.pos += varint(...)` would add to the position before the prefix
      c.pos += len;
      return;
    }
    case 5:
      c.pos += 4;
      return;
    default:
      throw new ProtobufFormatError(`unexpected wire type ${tag & 7} in a stored span at byte ${c.pos}`);
  }
}

function writeVarint(out: Uint8Array, c: { pos: number }, n: number): void {
  while (n >= 0x80) {
    out[c.pos++] = (n & 0x7f) | 0x80;
    n >>>= 7;
  }
  out[c.pos++] = n;
}
