/**
 * One stored span: a fixed 36-byte header that searches read without decoding, then a variable body.
 *
 * Header (little endian): u32 body length · u32 operation id (service, name, kind; see OperationCatalog) · u32 resource
 * id · u32 scope id (InternTable) · u64 start ns · u64 end ns · u8 status code · u8 flag bits · u16 zero.
 * Body: span id and parent span id (8 raw bytes each, or strings when not canonical) · trace state · flags · attributes ·
 * dropped count · events · dropped count · links · dropped count · status message. The trace id is the trace's own.
 */
import type { Span, SpanEvent, SpanLink, StatusCode } from '../../model/index.js';
import { readAttributes, writeAttributes } from './attribute-codec.js';
import { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { isCompactId, readHexId, writeHexId } from './id-codec.js';
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

const MAX_EVENT_DELTA = 2n ** 52n;

/** Appends one span (header and body) to `w`. */
export function writeSpan(
  w: ByteWriter,
  span: Span,
  opId: number,
  resourceId: number,
  scopeId: number,
  keys: KeyDictionary,
): void {
  const at = w.pos;
  w.u32(0);
  w.u32(opId);
  w.u32(resourceId);
  w.u32(scopeId);
  w.u64(span.startTimeUnixNano);
  w.u64(span.endTimeUnixNano);
  const hasParent = span.parentSpanId !== '';
  const compact = isCompactId(span.spanId, 8) && (!hasParent || isCompactId(span.parentSpanId, 8));
  w.u8(span.status.code);
  w.u8((hasParent ? BIT_HAS_PARENT : 0) | (compact ? 0 : BIT_STRING_IDS));
  w.u8(0);
  w.u8(0);
  if (compact) {
    writeHexId(w, span.spanId);
    if (hasParent) writeHexId(w, span.parentSpanId);
  } else {
    w.string(span.spanId);
    if (hasParent) w.string(span.parentSpanId);
  }
  w.string(span.traceState);
  w.varint(span.flags >>> 0);
  writeAttributes(w, span.attributes, keys);
  w.varint(span.droppedAttributesCount);
  writeEvents(w, span.events, span.startTimeUnixNano, keys);
  w.varint(span.droppedEventsCount);
  writeLinks(w, span.links, keys);
  w.varint(span.droppedLinksCount);
  w.string(span.status.message);
  w.patchU32(at, w.pos - at - HEADER_BYTES);
}

function writeEvents(w: ByteWriter, events: readonly SpanEvent[], start: bigint, keys: KeyDictionary): void {
  w.varint(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    // Events fall inside their span: a small delta from its start, else the absolute time.
    const delta = e.timeUnixNano - start;
    if (delta >= 0n && delta < MAX_EVENT_DELTA) {
      w.varint(Number(delta) * 2);
    } else {
      w.varint(1);
      w.u64(e.timeUnixNano);
    }
    w.string(e.name);
    writeAttributes(w, e.attributes, keys);
    w.varint(e.droppedAttributesCount);
  }
}

function writeLinks(w: ByteWriter, links: readonly SpanLink[], keys: KeyDictionary): void {
  w.varint(links.length);
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    const compact = isCompactId(l.traceId, 16) && isCompactId(l.spanId, 8);
    w.u8(compact ? 0 : 1);
    if (compact) {
      writeHexId(w, l.traceId);
      writeHexId(w, l.spanId);
    } else {
      w.string(l.traceId);
      w.string(l.spanId);
    }
    w.string(l.traceState);
    writeAttributes(w, l.attributes, keys);
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
  readIdsInto(new ByteReader(buf, offset + HEADER_BYTES), buf[offset + H_BITS]!, out);
}

function readIdsInto(r: ByteReader, bits: number, out: { spanId: string; parentSpanId: string }): void {
  const stringIds = (bits & BIT_STRING_IDS) !== 0;
  out.spanId = stringIds ? r.string() : readHexId(r, 8);
  out.parentSpanId = (bits & BIT_HAS_PARENT) === 0 ? '' : stringIds ? r.string() : readHexId(r, 8);
}

/** Decodes the span at `offset` into a fresh object. */
export function readSpan(
  buf: Buffer,
  offset: number,
  traceId: string,
  catalog: OperationCatalog,
  keys: KeyDictionary,
): Span {
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

/** Receives each attribute list of an encoded span; it must consume the list and returns true to stop the walk. */
export interface AttributeListVisitor {
  visitList(r: ByteReader): boolean;
}

/**
 * Walks the attribute lists of the span at `offset` without decoding it: the span's own, then each event's, then each
 * link's. Returns true when the visitor stopped the walk.
 */
export function visitAttributeLists(r: ByteReader, buf: Buffer, offset: number, visitor: AttributeListVisitor): boolean {
  const bits = buf[offset + H_BITS]!;
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
