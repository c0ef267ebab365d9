/**
 * One span inside a page: a fixed 30-byte header that searches read without decoding, then a variable body.
 *
 * Header (little endian): u32 length of the rest · u32 operation id (the store's catalog: service, name, kind) ·
 * u16 resource index · u16 scope index (the page's tables) · u64 start ns · u64 end ns · u8 status code · u8 flag bits.
 * Body: span id and parent span id (8 raw bytes each, or strings when not 16 hex digits) · trace state · flags ·
 * attributes · dropped count · events · dropped count · links · dropped count · status message. The trace id is the
 * chunk's (see the page directory). Strings are page string-table references.
 */
import { StatusCode, type Span, type SpanEvent, type SpanKind, type SpanLink } from '../../model/index.js';
import { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import type { PageStrings, PageStringTable } from './page-strings.js';
import { hashTerm } from './term-hash.js';
import type { TermSet } from './term-set.js';
import { readAttributes, writeAttributes } from './value-codec.js';

export const SPAN_HEADER_BYTES = 30;
export const H_LENGTH = 0;
export const H_OP = 4;
export const H_RESOURCE = 8;
export const H_SCOPE = 10;
export const H_START_LO = 12;
export const H_START_HI = 16;
export const H_END_LO = 20;
export const H_END_HI = 24;
export const H_STATUS = 28;
const H_BITS = 29;

const BIT_HAS_PARENT = 1;
const BIT_STRING_IDS = 2;
const U64 = (1n << 64n) - 1n;
const MAX_EVENT_DELTA = 2n ** 52n;

const KIND_TERMS = ['', 'internal', 'server', 'client', 'producer', 'consumer'].map((k) => hashTerm('span.kind', k));
const STATUS_TERMS = ['UNSET', 'OK', 'ERROR'].map((s) => hashTerm('span.status', s));
const ERROR_TERM = hashTerm('error', 'true');

/** Appends one span and adds its search terms to `terms`. */
export function writeSpan(
  w: ByteWriter,
  span: Span,
  opId: number,
  resourceIndex: number,
  scopeIndex: number,
  strings: PageStringTable,
  terms: TermSet,
): void {
  const at = w.pos;
  w.ensure(SPAN_HEADER_BYTES);
  w.pos += 4;
  w.u32(opId);
  w.u16(resourceIndex);
  w.u16(scopeIndex);
  w.u64(span.startTimeUnixNano & U64);
  w.u64(span.endTimeUnixNano & U64);
  const hasParent = span.parentSpanId !== '';
  const code = span.status.code;
  w.u8(code);
  const bitsAt = w.pos;
  w.u8(hasParent ? BIT_HAS_PARENT : 0);
  if (!w.hexIfCanonical(span.spanId, 8) || (hasParent && !w.hexIfCanonical(span.parentSpanId, 8))) {
    w.pos = bitsAt + 1;
    w.buf[bitsAt] = (hasParent ? BIT_HAS_PARENT : 0) | BIT_STRING_IDS;
    w.varint(strings.ref(span.spanId));
    if (hasParent) w.varint(strings.ref(span.parentSpanId));
  }
  w.varint(strings.ref(span.traceState));
  w.varint(span.flags >>> 0);
  writeAttributes(w, span.attributes, strings, terms);
  w.varint(span.droppedAttributesCount);
  writeEvents(w, span.events, span.startTimeUnixNano, strings, terms);
  w.varint(span.droppedEventsCount);
  writeLinks(w, span.links, strings, terms);
  w.varint(span.droppedLinksCount);
  w.varint(strings.ref(span.status.message));
  w.patchU32(at, w.pos - at - 4);
  terms.add(KIND_TERMS[span.kind] ?? KIND_TERMS[0]!);
  terms.add(STATUS_TERMS[code] ?? STATUS_TERMS[0]!);
  if (code === StatusCode.ERROR) terms.add(ERROR_TERM);
}

function writeEvents(w: ByteWriter, events: readonly SpanEvent[], start: bigint, strings: PageStringTable, terms: TermSet): void {
  w.varint(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    // Events fall inside their span: a small delta from its start (even), else 1 and the absolute time.
    const delta = e.timeUnixNano - start;
    if (delta >= 0n && delta < MAX_EVENT_DELTA) {
      w.varint(Number(delta) * 2);
    } else {
      w.varint(1);
      w.u64(e.timeUnixNano & U64);
    }
    w.varint(strings.ref(e.name));
    writeAttributes(w, e.attributes, strings, terms);
    w.varint(e.droppedAttributesCount);
  }
}

function writeLinks(w: ByteWriter, links: readonly SpanLink[], strings: PageStringTable, terms: TermSet): void {
  w.varint(links.length);
  for (let i = 0; i < links.length; i++) {
    const l = links[i]!;
    const at = w.pos;
    w.u8(0);
    if (!w.hexIfCanonical(l.traceId, 16) || !w.hexIfCanonical(l.spanId, 8)) {
      w.pos = at + 1;
      w.buf[at] = 1;
      w.varint(strings.ref(l.traceId));
      w.varint(strings.ref(l.spanId));
    }
    w.varint(strings.ref(l.traceState));
    writeAttributes(w, l.attributes, strings, terms);
    w.varint(l.droppedAttributesCount);
    w.varint(l.flags >>> 0);
  }
}

/** Offset of the span after the one at `offset`. */
export function nextSpanOffset(buf: Buffer, offset: number): number {
  return offset + 4 + buf.readUInt32LE(offset + H_LENGTH);
}

/** The span id and parent span id ('' for a root) of the span at `offset`, without decoding the rest. */
export function readSpanIds(buf: Buffer, offset: number, strings: PageStrings, out: { spanId: string; parentSpanId: string }): void {
  readIds(new ByteReader(buf, offset + SPAN_HEADER_BYTES), buf[offset + H_BITS]!, strings, out);
}

function readIds(r: ByteReader, bits: number, strings: PageStrings, out: { spanId: string; parentSpanId: string }): void {
  if ((bits & BIT_STRING_IDS) === 0) {
    out.spanId = r.hex(8);
    out.parentSpanId = (bits & BIT_HAS_PARENT) === 0 ? '' : r.hex(8);
  } else {
    out.spanId = strings.get(r.varint());
    out.parentSpanId = (bits & BIT_HAS_PARENT) === 0 ? '' : strings.get(r.varint());
  }
}

/** The name and kind of an operation id, from the store's catalog. */
export interface OperationNames {
  nameOf(opId: number): string;
  kindOf(opId: number): SpanKind;
}

/** Decodes the span at `offset` into a fresh object. */
export function readSpan(buf: Buffer, offset: number, traceId: string, strings: PageStrings, ops: OperationNames): Span {
  const ids = { spanId: '', parentSpanId: '' };
  const r = new ByteReader(buf, offset + SPAN_HEADER_BYTES, nextSpanOffset(buf, offset));
  readIds(r, buf[offset + H_BITS]!, strings, ids);
  const opId = buf.readUInt32LE(offset + H_OP);
  const startTimeUnixNano = buf.readBigUInt64LE(offset + H_START_LO);
  const traceState = strings.get(r.varint());
  const flags = r.varint();
  const attributes = readAttributes(r, strings);
  const droppedAttributesCount = r.varint();
  const events = readEvents(r, startTimeUnixNano, strings);
  const droppedEventsCount = r.varint();
  const links = readLinks(r, strings);
  const droppedLinksCount = r.varint();
  return {
    traceId,
    spanId: ids.spanId,
    parentSpanId: ids.parentSpanId,
    traceState,
    flags,
    name: ops.nameOf(opId),
    kind: ops.kindOf(opId),
    startTimeUnixNano,
    endTimeUnixNano: buf.readBigUInt64LE(offset + H_END_LO),
    attributes,
    droppedAttributesCount,
    events,
    droppedEventsCount,
    links,
    droppedLinksCount,
    status: { code: buf[offset + H_STATUS]! as StatusCode, message: strings.get(r.varint()) },
  };
}

function readEvents(r: ByteReader, start: bigint, strings: PageStrings): SpanEvent[] {
  const n = r.varint();
  const out: SpanEvent[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = r.varint();
    const timeUnixNano = t === 1 ? r.u64() : start + BigInt(t / 2);
    const name = strings.get(r.varint());
    const attributes = readAttributes(r, strings);
    out[i] = { timeUnixNano, name, attributes, droppedAttributesCount: r.varint() };
  }
  return out;
}

function readLinks(r: ByteReader, strings: PageStrings): SpanLink[] {
  const n = r.varint();
  const out: SpanLink[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const compact = r.u8() === 0;
    const traceId = compact ? r.hex(16) : strings.get(r.varint());
    const spanId = compact ? r.hex(8) : strings.get(r.varint());
    const traceState = strings.get(r.varint());
    const attributes = readAttributes(r, strings);
    const droppedAttributesCount = r.varint();
    out[i] = { traceId, spanId, traceState, attributes, droppedAttributesCount, flags: r.varint() };
  }
  return out;
}
