/** One OTLP/JSON `Span` (with its events, links and status) into the model, validating its ids. */
import type { SpanEvent, SpanKind, SpanLink, Status, StatusCode, Span } from '../../model/index.js';
import { decodeJsonKeyValues } from './decode-json-attributes.js';
import { quoteId, recordRejection, type SpanRejections } from './decode-result.js';
import {
  OtlpJsonShapeError,
  isJsonObject,
  pick,
  readArray,
  readEnum,
  readObject,
  readString,
  readUint32,
  readUint64,
  rethrowWithin,
  type JsonObject,
} from './json-fields.js';
import { isAllZeroHex, normalizeJsonId } from './json-ids.js';

const SPAN_KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const;
const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

/**
 * The span, or undefined when its trace id, span id, parent span id or a link id is unusable (recorded in
 * `rejections`). An all-zero parent span id means "no parent" and becomes ''.
 * Throws `OtlpJsonShapeError` for fields of the wrong type.
 */
export function decodeJsonSpan(v: unknown, rejections: SpanRejections): Span | undefined {
  if (!isJsonObject(v)) throw new OtlpJsonShapeError('', 'a Span object', v);
  const rawTraceId = readString(pick(v, 'traceId', 'trace_id'), 'traceId');
  const traceId = normalizeJsonId(rawTraceId, 16);
  if (traceId === undefined || isAllZeroHex(traceId)) {
    recordRejection(rejections, `invalid trace id ${quoteId(rawTraceId)}`);
    return undefined;
  }
  const rawSpanId = readString(pick(v, 'spanId', 'span_id'), 'spanId');
  const spanId = normalizeJsonId(rawSpanId, 8);
  if (spanId === undefined || isAllZeroHex(spanId)) {
    recordRejection(rejections, `invalid span id ${quoteId(rawSpanId)}`);
    return undefined;
  }
  const rawParent = readString(pick(v, 'parentSpanId', 'parent_span_id'), 'parentSpanId');
  let parentSpanId = '';
  if (rawParent !== '') {
    const parent = normalizeJsonId(rawParent, 8);
    if (parent === undefined) {
      recordRejection(rejections, `invalid parent span id ${quoteId(rawParent)}`);
      return undefined;
    }
    if (!isAllZeroHex(parent)) parentSpanId = parent;
  }
  const links = decodeLinks(v['links'], rejections);
  if (links === undefined) return undefined;
  return {
    traceId,
    spanId,
    parentSpanId,
    traceState: readString(pick(v, 'traceState', 'trace_state'), 'traceState'),
    flags: readUint32(v['flags'], 'flags'),
    name: readString(v['name'], 'name'),
    kind: readEnum(v['kind'], 'kind', SPAN_KIND_NAMES) as SpanKind,
    startTimeUnixNano: readUint64(pick(v, 'startTimeUnixNano', 'start_time_unix_nano'), 'startTimeUnixNano'),
    endTimeUnixNano: readUint64(pick(v, 'endTimeUnixNano', 'end_time_unix_nano'), 'endTimeUnixNano'),
    attributes: decodeJsonKeyValues(v['attributes'], 'attributes', 0),
    droppedAttributesCount: readUint32(
      pick(v, 'droppedAttributesCount', 'dropped_attributes_count'),
      'droppedAttributesCount',
    ),
    events: decodeEvents(v['events']),
    droppedEventsCount: readUint32(pick(v, 'droppedEventsCount', 'dropped_events_count'), 'droppedEventsCount'),
    links,
    droppedLinksCount: readUint32(pick(v, 'droppedLinksCount', 'dropped_links_count'), 'droppedLinksCount'),
    status: decodeStatus(readObject(v['status'], 'status')),
  };
}

function decodeStatus(o: JsonObject | undefined): Status {
  if (o === undefined) return { code: 0, message: '' };
  return {
    code: readEnum(o['code'], 'status.code', STATUS_CODE_NAMES) as StatusCode,
    message: readString(o['message'], 'status.message'),
  };
}

function decodeEvents(v: unknown): SpanEvent[] {
  const items = readArray(v, 'events');
  const out: SpanEvent[] = new Array(items.length);
  let i = 0;
  try {
    for (; i < items.length; i++) {
      const e = items[i];
      if (!isJsonObject(e)) throw new OtlpJsonShapeError('', 'an Event object', e);
      out[i] = {
        timeUnixNano: readUint64(pick(e, 'timeUnixNano', 'time_unix_nano'), 'timeUnixNano'),
        name: readString(e['name'], 'name'),
        attributes: decodeJsonKeyValues(e['attributes'], 'attributes', 0),
        droppedAttributesCount: readUint32(
          pick(e, 'droppedAttributesCount', 'dropped_attributes_count'),
          'droppedAttributesCount',
        ),
      };
    }
  } catch (e) {
    rethrowWithin(e, `events[${i}]`);
  }
  return out;
}

/** The links, or undefined when one has an unusable id (the span is then rejected). */
function decodeLinks(v: unknown, rejections: SpanRejections): SpanLink[] | undefined {
  const items = readArray(v, 'links');
  const out: SpanLink[] = new Array(items.length);
  let i = 0;
  try {
    for (; i < items.length; i++) {
      const l = items[i];
      if (!isJsonObject(l)) throw new OtlpJsonShapeError('', 'a Link object', l);
      const rawTraceId = readString(pick(l, 'traceId', 'trace_id'), 'traceId');
      const traceId = normalizeJsonId(rawTraceId, 16);
      if (traceId === undefined || isAllZeroHex(traceId)) {
        recordRejection(rejections, `invalid link trace id ${quoteId(rawTraceId)}`);
        return undefined;
      }
      const rawSpanId = readString(pick(l, 'spanId', 'span_id'), 'spanId');
      const spanId = normalizeJsonId(rawSpanId, 8);
      if (spanId === undefined || isAllZeroHex(spanId)) {
        recordRejection(rejections, `invalid link span id ${quoteId(rawSpanId)}`);
        return undefined;
      }
      out[i] = {
        traceId,
        spanId,
        traceState: readString(pick(l, 'traceState', 'trace_state'), 'traceState'),
        attributes: decodeJsonKeyValues(l['attributes'], 'attributes', 0),
        droppedAttributesCount: readUint32(
          pick(l, 'droppedAttributesCount', 'dropped_attributes_count'),
          'droppedAttributesCount',
        ),
        flags: readUint32(l['flags'], 'flags'),
      };
    }
  } catch (e) {
    rethrowWithin(e, `links[${i}]`);
  }
  return out;
}
