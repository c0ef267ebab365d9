/**
 * A quick pass over an OTLP/protobuf ExportTraceServiceRequest for a store that encodes spans from their bytes on
 * another thread (the embedded store's page workers): it checks the request exactly as `decodeOtlpProtobuf` would,
 * decodes resources and scopes, and of each span only what the receiving thread needs (ids, name, kind, start time,
 * where its message is), without building attributes, events or links.
 *
 * Contract: a scan succeeds only for a request that `decodeOtlpProtobuf` decodes without rejecting any span, and then
 * every span's bytes decode (`createSpanMessageDecoder`) to the span `decodeOtlpProtobuf` gives. Otherwise it returns
 * undefined, and the caller decodes the request to report what was wrong. The walkers below mirror the decoder's field
 * by field (same tags, same primitive reads, so the same failures); `scan-protobuf.test.ts` checks the contract on
 * generated and damaged requests.
 */
import type { InstrumentationScope, Resource, SpanKind } from '../../model/index.js';
import { decodeResource, decodeScope } from './decode-protobuf.js';
import { MAX_ANY_VALUE_DEPTH } from './decode-result.js';
import {
  ProtobufFormatError,
  checkMessageEnd,
  createReader,
  lengthDelimitedStart,
  messageEnd,
  readFixed64,
  readInt64,
  readVarint32,
  skipField,
  type Reader,
} from './protobuf-read.js';
import { idToHex, isZeroBytes, readString, sameBytes } from './protobuf-strings.js';
import {
  AV_ARRAY,
  AV_BOOL,
  AV_BYTES,
  AV_DOUBLE,
  AV_INT,
  AV_KVLIST,
  AV_STRING,
  EVENT_ATTRIBUTES,
  EVENT_DROPPED_ATTRIBUTES,
  EVENT_NAME,
  EVENT_TIME,
  KV_KEY,
  KV_VALUE,
  LINK_ATTRIBUTES,
  LINK_DROPPED_ATTRIBUTES,
  LINK_FLAGS,
  LINK_SPAN_ID,
  LINK_TRACE_ID,
  LINK_TRACE_STATE,
  LIST_VALUES,
  REQUEST_RESOURCE_SPANS,
  RS_RESOURCE,
  RS_SCHEMA_URL,
  RS_SCOPE_SPANS,
  SPAN_ATTRIBUTES,
  SPAN_DROPPED_ATTRIBUTES,
  SPAN_DROPPED_EVENTS,
  SPAN_DROPPED_LINKS,
  SPAN_END,
  SPAN_EVENTS,
  SPAN_FLAGS,
  SPAN_KIND,
  SPAN_LINKS,
  SPAN_NAME,
  SPAN_PARENT_SPAN_ID,
  SPAN_SPAN_ID,
  SPAN_START,
  SPAN_STATUS,
  SPAN_TRACE_ID,
  SPAN_TRACE_STATE,
  SS_SCHEMA_URL,
  SS_SCOPE,
  SS_SPANS,
  STATUS_CODE,
  STATUS_MESSAGE,
} from './protobuf-tags.js';

/** What a scan keeps of a span. */
export interface ScannedSpan {
  traceId: string;
  spanId: string;
  /** '' for a root span. */
  parentSpanId: string;
  name: string;
  kind: SpanKind;
  startTimeUnixNano: bigint;
  /** Where its length-delimited `Span` message starts in the request (the length prefix included). */
  messageStart: number;
}

export interface ScannedScopeSpans {
  scope: InstrumentationScope;
  schemaUrl: string;
  spans: ScannedSpan[];
}

export interface ScannedResourceSpans {
  resource: Resource;
  schemaUrl: string;
  scopeSpans: ScannedScopeSpans[];
}

export interface ScannedRequest {
  resourceSpans: ScannedResourceSpans[];
  spanCount: number;
}

/** The request's spans, or undefined when it needs the decoder (malformed, or some span would be rejected). */
export function scanOtlpProtobuf(buf: Uint8Array): ScannedRequest | undefined {
  try {
    const r = createReader(buf);
    const state: ScanState = { view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength), prevTraceIdStart: -1, prevTraceId: '' };
    const resourceSpans: ScannedResourceSpans[] = [];
    let spanCount = 0;
    while (r.pos < r.len) {
      const tag = readVarint32(r);
      if (tag !== REQUEST_RESOURCE_SPANS) {
        skipField(r, tag);
        continue;
      }
      const rs = scanResourceSpans(r, state);
      if (rs === undefined) return undefined;
      resourceSpans.push(rs);
      for (const ss of rs.scopeSpans) spanCount += ss.spans.length;
    }
    return { resourceSpans, spanCount };
  } catch {
    return undefined;
  }
}

interface ScanState {
  view: DataView;
  prevTraceIdStart: number;
  prevTraceId: string;
}

function scanResourceSpans(r: Reader, state: ScanState): ScannedResourceSpans | undefined {
  const end = messageEnd(r);
  let resource: Resource | undefined;
  const scopeSpans: ScannedScopeSpans[] = [];
  let schemaUrl = '';
  while (r.pos < end) {
    const tag = readVarint32(r);
    if (tag === RS_SCOPE_SPANS) {
      const ss = scanScopeSpans(r, state);
      if (ss === undefined) return undefined;
      scopeSpans.push(ss);
    } else if (tag === RS_RESOURCE) resource = decodeResource(r);
    else if (tag === RS_SCHEMA_URL) schemaUrl = readString(r);
    else skipField(r, tag);
  }
  checkMessageEnd(r, end, 'ResourceSpans');
  return { resource: resource ?? { attributes: [], droppedAttributesCount: 0 }, scopeSpans, schemaUrl };
}

function scanScopeSpans(r: Reader, state: ScanState): ScannedScopeSpans | undefined {
  const end = messageEnd(r);
  let scope: InstrumentationScope | undefined;
  const spans: ScannedSpan[] = [];
  let schemaUrl = '';
  while (r.pos < end) {
    const tag = readVarint32(r);
    if (tag === SS_SPANS) {
      const span = scanSpan(r, state);
      if (span === undefined) return undefined;
      spans.push(span);
    } else if (tag === SS_SCOPE) scope = decodeScope(r);
    else if (tag === SS_SCHEMA_URL) schemaUrl = readString(r);
    else skipField(r, tag);
  }
  checkMessageEnd(r, end, 'ScopeSpans');
  return { scope: scope ?? { name: '', version: '', attributes: [], droppedAttributesCount: 0 }, spans, schemaUrl };
}

/** Mirrors `decodeSpan`: undefined where it would reject the span. */
function scanSpan(r: Reader, state: ScanState): ScannedSpan | undefined {
  const messageStart = r.pos;
  const end = messageEnd(r);
  const buf = r.buf;
  let traceIdStart = -1;
  let traceIdLength = 0;
  let spanIdStart = -1;
  let spanIdLength = 0;
  let parentStart = -1;
  let parentLength = 0;
  let name = '';
  let kind = 0;
  let startTimeUnixNano = 0n;
  let linksValid = true;
  while (r.pos < end) {
    const tag = readVarint32(r);
    switch (tag) {
      case SPAN_TRACE_ID:
        traceIdStart = lengthDelimitedStart(r);
        traceIdLength = r.pos - traceIdStart;
        break;
      case SPAN_SPAN_ID:
        spanIdStart = lengthDelimitedStart(r);
        spanIdLength = r.pos - spanIdStart;
        break;
      case SPAN_PARENT_SPAN_ID:
        parentStart = lengthDelimitedStart(r);
        parentLength = r.pos - parentStart;
        break;
      case SPAN_NAME:
        name = readString(r);
        break;
      case SPAN_KIND:
        kind = r.int32();
        break;
      case SPAN_START:
        startTimeUnixNano = readFixed64(r, state.view);
        break;
      case SPAN_END:
        readFixed64(r, state.view);
        break;
      case SPAN_TRACE_STATE:
        lengthDelimitedStart(r);
        break;
      case SPAN_ATTRIBUTES:
        scanKeyValue(r, 0);
        break;
      case SPAN_DROPPED_ATTRIBUTES:
      case SPAN_DROPPED_EVENTS:
      case SPAN_DROPPED_LINKS:
        r.uint32();
        break;
      case SPAN_EVENTS:
        scanEvent(r, state.view);
        break;
      case SPAN_LINKS:
        if (!scanLink(r)) linksValid = false;
        break;
      case SPAN_STATUS:
        scanStatus(r);
        break;
      case SPAN_FLAGS:
        r.fixed32();
        break;
      default:
        skipField(r, tag);
    }
  }
  checkMessageEnd(r, end, 'Span');
  if (traceIdLength !== 16 || isZeroBytes(buf, traceIdStart, 16)) return undefined;
  if (spanIdLength !== 8 || isZeroBytes(buf, spanIdStart, 8)) return undefined;
  if (parentLength !== 0 && parentLength !== 8) return undefined;
  if (!linksValid) return undefined;
  let traceId: string;
  if (state.prevTraceIdStart >= 0 && sameBytes(buf, state.prevTraceIdStart, traceIdStart, 16)) {
    traceId = state.prevTraceId;
  } else {
    traceId = idToHex(buf, traceIdStart, 16);
    state.prevTraceId = traceId;
  }
  state.prevTraceIdStart = traceIdStart;
  return {
    traceId,
    spanId: idToHex(buf, spanIdStart, 8),
    parentSpanId: parentLength === 0 || isZeroBytes(buf, parentStart, 8) ? '' : idToHex(buf, parentStart, 8),
    name,
    kind: (kind >= 0 && kind <= 5 ? kind : 0) as SpanKind,
    startTimeUnixNano,
    messageStart,
  };
}

function scanEvent(r: Reader, view: DataView): void {
  const end = messageEnd(r);
  while (r.pos < end) {
    const tag = readVarint32(r);
    switch (tag) {
      case EVENT_TIME:
        readFixed64(r, view);
        break;
      case EVENT_NAME:
        lengthDelimitedStart(r);
        break;
      case EVENT_ATTRIBUTES:
        scanKeyValue(r, 0);
        break;
      case EVENT_DROPPED_ATTRIBUTES:
        r.uint32();
        break;
      default:
        skipField(r, tag);
    }
  }
  checkMessageEnd(r, end, 'Span.Event');
}

/** Mirrors `decodeLink`: false where its ids would make the span unusable. */
function scanLink(r: Reader): boolean {
  const end = messageEnd(r);
  const buf = r.buf;
  let traceIdStart = -1;
  let traceIdLength = 0;
  let spanIdStart = -1;
  let spanIdLength = 0;
  while (r.pos < end) {
    const tag = readVarint32(r);
    switch (tag) {
      case LINK_TRACE_ID:
        traceIdStart = lengthDelimitedStart(r);
        traceIdLength = r.pos - traceIdStart;
        break;
      case LINK_SPAN_ID:
        spanIdStart = lengthDelimitedStart(r);
        spanIdLength = r.pos - spanIdStart;
        break;
      case LINK_TRACE_STATE:
        lengthDelimitedStart(r);
        break;
      case LINK_ATTRIBUTES:
        scanKeyValue(r, 0);
        break;
      case LINK_DROPPED_ATTRIBUTES:
        r.uint32();
        break;
      case LINK_FLAGS:
        r.fixed32();
        break;
      default:
        skipField(r, tag);
    }
  }
  checkMessageEnd(r, end, 'Span.Link');
  if (traceIdLength !== 16 || isZeroBytes(buf, traceIdStart, 16)) return false;
  return spanIdLength === 8 && !isZeroBytes(buf, spanIdStart, 8);
}

function scanStatus(r: Reader): void {
  const end = messageEnd(r);
  while (r.pos < end) {
    const tag = readVarint32(r);
    if (tag === STATUS_MESSAGE) lengthDelimitedStart(r);
    else if (tag === STATUS_CODE) r.int32();
    else skipField(r, tag);
  }
  checkMessageEnd(r, end, 'Status');
}

/** Mirrors `decodeKeyValue`. */
function scanKeyValue(r: Reader, depth: number): void {
  const end = messageEnd(r);
  while (r.pos < end) {
    const tag = readVarint32(r);
    if (tag === KV_KEY) lengthDelimitedStart(r);
    else if (tag === KV_VALUE) scanAnyValue(r, depth);
    else skipField(r, tag);
  }
  checkMessageEnd(r, end, 'KeyValue');
}

/** Mirrors `decodeAnyValue`. */
function scanAnyValue(r: Reader, depth: number): void {
  const end = messageEnd(r);
  while (r.pos < end) {
    const tag = readVarint32(r);
    switch (tag) {
      case AV_STRING:
      case AV_BYTES:
        lengthDelimitedStart(r);
        break;
      case AV_INT:
        readInt64(r);
        break;
      case AV_BOOL:
        r.uint32();
        break;
      case AV_DOUBLE:
        r.double();
        break;
      case AV_ARRAY:
      case AV_KVLIST:
        scanList(r, depth + 1, tag === AV_KVLIST);
        break;
      default:
        skipField(r, tag);
    }
  }
  checkMessageEnd(r, end, 'AnyValue');
}

/** Mirrors `decodeArrayValue` and `decodeKeyValueList`. */
function scanList(r: Reader, depth: number, keyValues: boolean): void {
  if (depth > MAX_ANY_VALUE_DEPTH) throw new ProtobufFormatError(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  const end = messageEnd(r);
  while (r.pos < end) {
    const tag = readVarint32(r);
    if (tag !== LIST_VALUES) skipField(r, tag);
    else if (keyValues) scanKeyValue(r, depth);
    else scanAnyValue(r, depth);
  }
  checkMessageEnd(r, end, keyValues ? 'KeyValueList' : 'ArrayValue');
}
