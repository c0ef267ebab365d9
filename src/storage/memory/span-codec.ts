/**
 * One stored span: a fixed 36-byte header that searches read without decoding, then a variable body in one of two forms.
 *
 * Header (little endian): u32 body length · u32 operation id (service, name, kind; see OperationCatalog) · u32 resource
 * id · u32 scope id (InternTable) · u64 start ns · u64 end ns · u8 status code · u8 flag bits · u16 zero.
 * Body, received form (flag BIT_WIRE): the length-delimited OTLP `Span` message the span arrived in, copied as is; it
 * costs a copy instead of an encoding (see model/span-wire.ts) and reads back through the ingest decoder.
 * Body, encoded form (spans from other protocols): span id and parent span id (8 raw bytes each, or strings when not
 * canonical) · trace state · flags · attributes · dropped count · events · dropped count · links · dropped count ·
 * status message. The trace id is the trace's own. This form is exact for any model span.
 */
import type { Span, SpanEvent, SpanLink, StatusCode } from '../../model/index.js';
import {
  createSpanMessageDecoder,
  readSpanMessageIds,
  visitSpanMessageAttributes,
  type SpanKeyValueVisitor,
  type SpanMessageDecoder,
} from '../../translate/otlp/index.js';
import { readAttributes, writeAttributes } from './attribute-codec.js';
import { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { readHexId, tryWriteHexId } from './id-codec.js';
import type { KeyDictionary } from './key-dictionary.js';
import type { OperationCatalog } from './operation-catalog.js';

export const HEADER_BYTES = 36;
export const H_BODY_LENGTH = 0;
export const H_OP_ID = 4;
export const H_RESOURCE_ID = 8;
export const H_SCOPE_ID = 12;
export const H_START_LO = 16;
export const H_START_HI = 20;
export const H_END_LO = 24;
export const H_END_HI = 28;
export const H_STATUS = 32;
const H_BITS = 33;

const BIT_HAS_PARENT = 1;
const BIT_STRING_IDS = 2;
const BIT_WIRE = 4;

/** Where span, event and link attribute lists start in the key dictionary's recent-key cache. */
const SPAN_SLOTS = 0;
const EVENT_SLOTS = 32;
const LINK_SLOTS = 48;

const MAX_EVENT_DELTA = 2 ** 52;

/** The header's fixed part plus two raw ids: reserved once per span. */
const FIXED_BYTES = HEADER_BYTES + 16;

/** Appends one span in the received form: header, then bytes `[start, end)` of `wire`, its `Span` message. */
export function writeWireSpan(
  w: ByteWriter,
  span: Span,
  opId: number,
  resourceId: number,
  scopeId: number,
  wire: Uint8Array,
  start: number,
  end: number,
): void {
  const length = end - start;
  w.ensure(HEADER_BYTES + length);
  const at = w.pos;
  const buf = w.buf;
  writeHeader(w, at, span, opId, resourceId, scopeId);
  buf[at + H_BITS] = BIT_WIRE;
  buf.set(wire.subarray(start, end), at + HEADER_BYTES);
  w.putU32(at + H_BODY_LENGTH, length);
  w.pos = at + HEADER_BYTES + length;
}

function writeHeader(w: ByteWriter, at: number, span: Span, opId: number, resourceId: number, scopeId: number): void {
  const buf = w.buf;
  w.putU32(at + H_OP_ID, opId);
  w.putU32(at + H_RESOURCE_ID, resourceId);
  w.putU32(at + H_SCOPE_ID, scopeId);
  w.putU64(at + H_START_LO, span.startTimeUnixNano);
  w.putU64(at + H_END_LO, span.endTimeUnixNano);
  buf[at + H_STATUS] = span.status.code;
  buf[at + H_BITS + 1] = 0;
  buf[at + H_BITS + 2] = 0;
}

/** Appends one span in the encoded form (header and body) to `w`. */
export function writeSpan(
  w: ByteWriter,
  span: Span,
  opId: number,
  resourceId: number,
  scopeId: number,
  keys: KeyDictionary,
): void {
  w.ensure(FIXED_BYTES);
  const at = w.pos;
  const buf = w.buf;
  writeHeader(w, at, span, opId, resourceId, scopeId);
  const hasParent = span.parentSpanId !== '';
  w.pos = at + HEADER_BYTES;
  const compact = tryWriteHexId(w, span.spanId, 8) && (!hasParent || tryWriteHexId(w, span.parentSpanId, 8));
  buf[at + H_BITS] = (hasParent ? BIT_HAS_PARENT : 0) | (compact ? 0 : BIT_STRING_IDS);
  if (!compact) {
    w.pos = at + HEADER_BYTES;
    w.string(span.spanId);
    if (hasParent) w.string(span.parentSpanId);
  }
  w.string(span.traceState);
  w.varint(span.flags >>> 0);
  writeAttributes(w, span.attributes, keys, keys.values, SPAN_SLOTS);
  w.varint(span.droppedAttributesCount);
  writeEvents(w, span.events, span.startTimeUnixNano, keys);
  w.varint(span.droppedEventsCount);
  writeLinks(w, span.links, keys);
  w.varint(span.droppedLinksCount);
  w.string(span.status.message);
  w.putU32(at + H_BODY_LENGTH, w.pos - at - HEADER_BYTES);
}

function writeEvents(w: ByteWriter, events: readonly SpanEvent[], start: bigint, keys: KeyDictionary): void {
  w.varint(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    // Events fall inside their span: a small delta from its start, else the absolute time.
    const delta = smallDelta(e.timeUnixNano, start);
    if (delta >= 0) {
      w.varint(delta * 2);
    } else {
      w.varint(1);
      w.u64(e.timeUnixNano);
    }
    w.string(e.name);
    writeAttributes(w, e.attributes, keys, keys.values, EVENT_SLOTS);
    w.varint(e.droppedAttributesCount);
  }
}

const U64_MAX = (1n << 64n) - 1n;
const TIMES = new BigUint64Array(2);
const TIME_WORDS = new Uint32Array(TIMES.buffer);
const TWO_POW_32 = 4294967296;

/** `time - start` as a number when both are u64 and 0 ≤ time - start < 2^52, else -1; no BigInt is allocated. */
function smallDelta(time: bigint, start: bigint): number {
  if (time < 0n || time > U64_MAX || start < 0n || start > U64_MAX) return -1;
  TIMES[0] = time;
  TIMES[1] = start;
  const high = TIME_WORDS[1]! - TIME_WORDS[3]!;
  if (high < 0 || high >= 1 << 20) return -1;
  const delta = high * TWO_POW_32 + (TIME_WORDS[0]! - TIME_WORDS[2]!);
  return delta >= 0 && delta < MAX_EVENT_DELTA ? delta : -1;
}

function writeLinks(w: ByteWriter, links: readonly SpanLink[], keys: KeyDictionary): void {
  w.varint(links.length);
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    const at = w.pos;
    w.u8(0);
    if (!tryWriteHexId(w, l.traceId, 16) || !tryWriteHexId(w, l.spanId, 8)) {
      w.pos = at;
      w.u8(1);
      w.string(l.traceId);
      w.string(l.spanId);
    }
    w.string(l.traceState);
    writeAttributes(w, l.attributes, keys, keys.values, LINK_SLOTS);
    w.varint(l.droppedAttributesCount);
    w.varint(l.flags >>> 0);
  }
}

/** Offset of the span after the one at `offset`. */
export function nextSpanOffset(buf: Buffer, offset: number): number {
  return offset + HEADER_BYTES + buf.readUInt32LE(offset + H_BODY_LENGTH);
}

/** The span id and parent span id (parent '' for a root) of the span at `offset`, without decoding the rest. */
export function readSpanIds(buf: Buffer, offset: number, out: { spanId: string; parentSpanId: string }): void {
  const bits = buf[offset + H_BITS]!;
  if ((bits & BIT_WIRE) !== 0) readSpanMessageIds(buf, offset + HEADER_BYTES, out);
  else readIdsInto(new ByteReader(buf, offset + HEADER_BYTES), bits, out);
}

function readIdsInto(r: ByteReader, bits: number, out: { spanId: string; parentSpanId: string }): void {
  const stringIds = (bits & BIT_STRING_IDS) !== 0;
  out.spanId = stringIds ? r.string() : readHexId(r, 8);
  out.parentSpanId = (bits & BIT_HAS_PARENT) === 0 ? '' : stringIds ? r.string() : readHexId(r, 8);
}

/**
 * Decodes the span at `offset` into a fresh object. `messages` decodes the received form: pass one made for `buf` by
 * `createSpanMessageDecoder(buf)` (made on first use when omitted).
 */
export function readSpan(
  buf: Buffer,
  offset: number,
  traceId: string,
  catalog: OperationCatalog,
  keys: KeyDictionary,
  messages?: SpanMessageDecoder,
): Span {
  if ((buf[offset + H_BITS]! & BIT_WIRE) !== 0) {
    return (messages ?? createSpanMessageDecoder(buf)).decode(offset + HEADER_BYTES);
  }
  const ids = { spanId: '', parentSpanId: '' };
  const r = new ByteReader(buf, offset + HEADER_BYTES);
  readIdsInto(r, buf[offset + H_BITS]!, ids);
  const opId = buf.readUInt32LE(offset + H_OP_ID);
  const startTimeUnixNano = r.u64At(offset + H_START_LO);
  const traceState = r.string();
  const flags = r.varint();
  const attributes = readAttributes(r, keys);
  const droppedAttributesCount = r.varint();
  const events = readEvents(r, startTimeUnixNano, keys);
  const droppedEventsCount = r.varint();
  const links = readLinks(r, keys);
  const droppedLinksCount = r.varint();
  return {
    traceId,
    spanId: ids.spanId,
    parentSpanId: ids.parentSpanId,
    traceState,
    flags,
    name: catalog.names[opId]!,
    kind: catalog.kinds[opId]!,
    startTimeUnixNano,
    endTimeUnixNano: r.u64At(offset + H_END_LO),
    attributes,
    droppedAttributesCount,
    events,
    droppedEventsCount,
    links,
    droppedLinksCount,
    status: { code: buf[offset + H_STATUS]! as StatusCode, message: r.string() },
  };
}

function readEvents(r: ByteReader, start: bigint, keys: KeyDictionary): SpanEvent[] {
  const n = r.varint();
  const out: SpanEvent[] = [];
  for (let i = 0; i < n; i++) {
    const t = r.varint();
    const timeUnixNano = t === 1 ? r.u64() : start + BigInt(t / 2);
    const name = r.string();
    const attributes = readAttributes(r, keys);
    out.push({ timeUnixNano, name, attributes, droppedAttributesCount: r.varint() });
  }
  return out;
}

function readLinks(r: ByteReader, keys: KeyDictionary): SpanLink[] {
  const n = r.varint();
  const out: SpanLink[] = [];
  for (let i = 0; i < n; i++) {
    const compact = r.u8() === 0;
    const traceId = compact ? readHexId(r, 16) : r.string();
    const spanId = compact ? readHexId(r, 8) : r.string();
    const traceState = r.string();
    const attributes = readAttributes(r, keys);
    const droppedAttributesCount = r.varint();
    out.push({ traceId, spanId, traceState, attributes, droppedAttributesCount, flags: r.varint() });
  }
  return out;
}

/**
 * Receives the attributes of a stored span: `visitList` each attribute list of the encoded form (it must consume the
 * list), `visitKeyValue` each attribute of the received form. Both return true to stop the walk.
 */
export interface AttributeListVisitor extends SpanKeyValueVisitor {
  visitList(r: ByteReader): boolean;
}

/**
 * Walks the attribute lists of the span at `offset` without decoding it: the span's own, then each event's, then each
 * link's. Returns true when the visitor stopped the walk.
 */
export function visitAttributeLists(r: ByteReader, buf: Buffer, offset: number, visitor: AttributeListVisitor): boolean {
  const bits = buf[offset + H_BITS]!;
  if ((bits & BIT_WIRE) !== 0) return visitSpanMessageAttributes(buf, offset + HEADER_BYTES, visitor);
  r.buf = buf;
  r.pos = offset + HEADER_BYTES;
  if ((bits & BIT_STRING_IDS) !== 0) {
    r.skip(r.varint());
    if ((bits & BIT_HAS_PARENT) !== 0) r.skip(r.varint());
  } else {
    r.skip((bits & BIT_HAS_PARENT) !== 0 ? 16 : 8);
  }
  r.skip(r.varint()); // trace state
  r.varint(); // flags
  if (visitor.visitList(r)) return true;
  r.varint(); // dropped attributes
  const events = r.varint();
  for (let i = 0; i < events; i++) {
    if (r.varint() === 1) r.skip(8);
    r.skip(r.varint()); // name
    if (visitor.visitList(r)) return true;
    r.varint();
  }
  r.varint(); // dropped events
  const links = r.varint();
  for (let i = 0; i < links; i++) {
    if (r.u8() === 0) {
      r.skip(24);
    } else {
      r.skip(r.varint());
      r.skip(r.varint());
    }
    r.skip(r.varint()); // trace state
    if (visitor.visitList(r)) return true;
    r.varint();
    r.varint();
  }
  return false;
}
