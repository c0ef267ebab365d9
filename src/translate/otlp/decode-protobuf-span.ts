/** Protobuf `Span` (with events, links, status) straight into the model, validating ids before building strings. */
import type { KeyValue, Span, SpanEvent, SpanKind, SpanLink, Status, StatusCode } from '../../model/index.js';
import { decodeKeyValue } from './decode-protobuf-attributes.js';
import { quoteId, recordRejection, type SpanRejections } from './decode-result.js';
import { checkMessageEnd, lengthDelimitedStart, messageEnd, readFixed64, readVarint32, skipField, type Reader } from './protobuf-read.js';
import { idToHex, isZeroBytes, readString, sameBytes } from './protobuf-strings.js';
import {
  EVENT_ATTRIBUTES,
  EVENT_DROPPED_ATTRIBUTES,
  EVENT_NAME,
  EVENT_TIME,
  LINK_ATTRIBUTES,
  LINK_DROPPED_ATTRIBUTES,
  LINK_FLAGS,
  LINK_SPAN_ID,
  LINK_TRACE_ID,
  LINK_TRACE_STATE,
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
  STATUS_CODE,
  STATUS_MESSAGE,
} from './protobuf-tags.js';

/** Per-request state shared by the span decoders. */
export interface SpanDecodeState {
  /** Over the same bytes as the reader, for exact fixed64 reads. */
  view: DataView;
  rejections: SpanRejections;
  /** Where the previous span's trace id starts (-1: none) and its hex: spans of one trace usually arrive together. */
  prevTraceIdStart: number;
  prevTraceId: string;
  /** Per accepted span, in order: 0, then the start and end of its length-delimited message (see model/span-wire.ts). */
  wireRefs: number[];
}

/**
 * The span, or undefined when an id is unusable (recorded in `state.rejections`); all-zero parent → ''.
 * One flat switch on purpose: this is the per-span hot loop. Ids are kept as byte ranges until the span is known to be
 * valid, so a rejected span never builds its strings.
 */
export function decodeSpan(r: Reader, state: SpanDecodeState): Span | undefined {
  const end = messageEnd(r);
  const buf = r.buf;
  let traceIdStart = -1;
  let traceIdLength = 0;
  let spanIdStart = -1;
  let spanIdLength = 0;
  let parentStart = -1;
  let parentLength = 0;
  let traceState = '';
  let flags = 0;
  let name = '';
  let kind = 0;
  let startTimeUnixNano = 0n;
  let endTimeUnixNano = 0n;
  const attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  const events: SpanEvent[] = [];
  let droppedEventsCount = 0;
  const links: SpanLink[] = [];
  let droppedLinksCount = 0;
  let linkProblem = '';
  let status: Status | undefined;
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
      case SPAN_TRACE_STATE:
        traceState = readString(r);
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
        endTimeUnixNano = readFixed64(r, state.view);
        break;
      case SPAN_ATTRIBUTES:
        attributes.push(decodeKeyValue(r, 0));
        break;
      case SPAN_DROPPED_ATTRIBUTES:
        droppedAttributesCount = r.uint32();
        break;
      case SPAN_EVENTS:
        events.push(decodeEvent(r, state.view));
        break;
      case SPAN_DROPPED_EVENTS:
        droppedEventsCount = r.uint32();
        break;
      case SPAN_LINKS: {
        const link = decodeLink(r);
        if (typeof link === 'string') {
          if (linkProblem === '') linkProblem = link;
        } else links.push(link);
        break;
      }
      case SPAN_DROPPED_LINKS:
        droppedLinksCount = r.uint32();
        break;
      case SPAN_STATUS:
        status = decodeStatus(r);
        break;
      case SPAN_FLAGS:
        flags = r.fixed32();
        break;
      default:
        skipField(r, tag);
    }
  }
  checkMessageEnd(r, end, 'Span');

  if (traceIdLength !== 16 || isZeroBytes(buf, traceIdStart, 16)) {
    return reject(state, 'trace id', buf, traceIdStart, traceIdLength);
  }
  if (spanIdLength !== 8 || isZeroBytes(buf, spanIdStart, 8)) {
    return reject(state, 'span id', buf, spanIdStart, spanIdLength);
  }
  if (parentLength !== 0 && parentLength !== 8) {
    return reject(state, 'parent span id', buf, parentStart, parentLength);
  }
  if (linkProblem !== '') {
    recordRejection(state.rejections, linkProblem);
    return undefined;
  }
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
    traceState,
    flags,
    name,
    kind: (kind >= 0 && kind <= 5 ? kind : 0) as SpanKind,
    startTimeUnixNano,
    endTimeUnixNano,
    attributes,
    droppedAttributesCount,
    events,
    droppedEventsCount,
    links,
    droppedLinksCount,
    status: status ?? { code: 0, message: '' },
  };
}

function reject(state: SpanDecodeState, what: string, buf: Uint8Array, start: number, length: number): undefined {
  recordRejection(state.rejections, invalidId(what, buf, start, length));
  return undefined;
}

/** `invalid trace id "…"` with the id's bytes in hex ('' when the field was absent). */
function invalidId(what: string, buf: Uint8Array, start: number, length: number): string {
  const shown = start < 0 ? '' : Buffer.from(buf.buffer, buf.byteOffset + start, Math.min(length, 32)).toString('hex');
  return `invalid ${what} ${quoteId(shown)}`;
}

function decodeEvent(r: Reader, view: DataView): SpanEvent {
  const end = messageEnd(r);
  let timeUnixNano = 0n;
  let name = '';
  const attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  while (r.pos < end) {
    const tag = readVarint32(r);
    switch (tag) {
      case EVENT_TIME:
        timeUnixNano = readFixed64(r, view);
        break;
      case EVENT_NAME:
        name = readString(r);
        break;
      case EVENT_ATTRIBUTES:
        attributes.push(decodeKeyValue(r, 0));
        break;
      case EVENT_DROPPED_ATTRIBUTES:
        droppedAttributesCount = r.uint32();
        break;
      default:
        skipField(r, tag);
    }
  }
  checkMessageEnd(r, end, 'Span.Event');
  return { timeUnixNano, name, attributes, droppedAttributesCount };
}

/** The link, or why its ids make the span unusable. */
function decodeLink(r: Reader): SpanLink | string {
  const end = messageEnd(r);
  const buf = r.buf;
  let traceIdStart = -1;
  let traceIdLength = 0;
  let spanIdStart = -1;
  let spanIdLength = 0;
  let traceState = '';
  const attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  let flags = 0;
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
        traceState = readString(r);
        break;
      case LINK_ATTRIBUTES:
        attributes.push(decodeKeyValue(r, 0));
        break;
      case LINK_DROPPED_ATTRIBUTES:
        droppedAttributesCount = r.uint32();
        break;
      case LINK_FLAGS:
        flags = r.fixed32();
        break;
      default:
        skipField(r, tag);
    }
  }
  checkMessageEnd(r, end, 'Span.Link');
  if (traceIdLength !== 16 || isZeroBytes(buf, traceIdStart, 16)) {
    return invalidId('link trace id', buf, traceIdStart, traceIdLength);
  }
  if (spanIdLength !== 8 || isZeroBytes(buf, spanIdStart, 8)) return invalidId('link span id', buf, spanIdStart, spanIdLength);
  return {
    traceId: idToHex(buf, traceIdStart, 16),
    spanId: idToHex(buf, spanIdStart, 8),
    traceState,
    attributes,
    droppedAttributesCount,
    flags,
  };
}

function decodeStatus(r: Reader): Status {
  const end = messageEnd(r);
  let message = '';
  let code = 0;
  while (r.pos < end) {
    const tag = readVarint32(r);
    if (tag === STATUS_MESSAGE) message = readString(r);
    else if (tag === STATUS_CODE) code = r.int32();
    else skipField(r, tag);
  }
  checkMessageEnd(r, end, 'Status');
  return { code: (code >= 0 && code <= 2 ? code : 0) as StatusCode, message };
}
