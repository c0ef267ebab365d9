/**
 * The span model as an OTLP/JSON `TracesData` / `ExportTraceServiceRequest` object, ready for `JSON.stringify`.
 * Like the OpenTelemetry Collector's marshaller, fields at their default (empty string or list, zero) are left out,
 * while `resource`, `scope` and `status` are always present (possibly `{}`); nothing is ever `undefined`.
 */
import type {
  AnyValue,
  InstrumentationScope,
  KeyValue,
  Resource,
  Span,
  SpanEvent,
  SpanLink,
  TraceBatch,
} from '../../model/index.js';
import type {
  OtlpJsonAnyValue,
  OtlpJsonEvent,
  OtlpJsonInstrumentationScope,
  OtlpJsonKeyValue,
  OtlpJsonLink,
  OtlpJsonResource,
  OtlpJsonResourceSpans,
  OtlpJsonScopeSpans,
  OtlpJsonSpan,
  OtlpJsonStatus,
  OtlpJsonTracesData,
} from './json-types.js';

export function encodeOtlpJson(batch: TraceBatch): OtlpJsonTracesData {
  const resourceSpans: OtlpJsonResourceSpans[] = [];
  for (const rs of batch.resourceSpans) {
    const out: OtlpJsonResourceSpans = { resource: encodeResource(rs.resource) };
    if (rs.scopeSpans.length > 0) {
      const scopeSpans: OtlpJsonScopeSpans[] = [];
      for (const ss of rs.scopeSpans) {
        const s: OtlpJsonScopeSpans = { scope: encodeScope(ss.scope) };
        if (ss.spans.length > 0) s.spans = ss.spans.map(encodeSpan);
        if (ss.schemaUrl !== '') s.schemaUrl = ss.schemaUrl;
        scopeSpans.push(s);
      }
      out.scopeSpans = scopeSpans;
    }
    if (rs.schemaUrl !== '') out.schemaUrl = rs.schemaUrl;
    resourceSpans.push(out);
  }
  return { resourceSpans };
}

function encodeResource(resource: Resource): OtlpJsonResource {
  const out: OtlpJsonResource = {};
  if (resource.attributes.length > 0) out.attributes = encodeKeyValues(resource.attributes);
  if (resource.droppedAttributesCount !== 0) out.droppedAttributesCount = resource.droppedAttributesCount;
  return out;
}

function encodeScope(scope: InstrumentationScope): OtlpJsonInstrumentationScope {
  const out: OtlpJsonInstrumentationScope = {};
  if (scope.name !== '') out.name = scope.name;
  if (scope.version !== '') out.version = scope.version;
  if (scope.attributes.length > 0) out.attributes = encodeKeyValues(scope.attributes);
  if (scope.droppedAttributesCount !== 0) out.droppedAttributesCount = scope.droppedAttributesCount;
  return out;
}

function encodeSpan(span: Span): OtlpJsonSpan {
  // `status` is assigned last so keys come out in the proto's field order.
  const out = { traceId: span.traceId, spanId: span.spanId } as OtlpJsonSpan;
  if (span.traceState !== '') out.traceState = span.traceState;
  if (span.parentSpanId !== '') out.parentSpanId = span.parentSpanId;
  if (span.flags !== 0) out.flags = span.flags;
  if (span.name !== '') out.name = span.name;
  if (span.kind !== 0) out.kind = span.kind;
  if (span.startTimeUnixNano !== 0n) out.startTimeUnixNano = span.startTimeUnixNano.toString();
  if (span.endTimeUnixNano !== 0n) out.endTimeUnixNano = span.endTimeUnixNano.toString();
  if (span.attributes.length > 0) out.attributes = encodeKeyValues(span.attributes);
  if (span.droppedAttributesCount !== 0) out.droppedAttributesCount = span.droppedAttributesCount;
  if (span.events.length > 0) out.events = span.events.map(encodeEvent);
  if (span.droppedEventsCount !== 0) out.droppedEventsCount = span.droppedEventsCount;
  if (span.links.length > 0) out.links = span.links.map(encodeLink);
  if (span.droppedLinksCount !== 0) out.droppedLinksCount = span.droppedLinksCount;
  const status: OtlpJsonStatus = {};
  if (span.status.message !== '') status.message = span.status.message;
  if (span.status.code !== 0) status.code = span.status.code;
  out.status = status;
  return out;
}

function encodeEvent(event: SpanEvent): OtlpJsonEvent {
  const out: OtlpJsonEvent = {};
  if (event.timeUnixNano !== 0n) out.timeUnixNano = event.timeUnixNano.toString();
  if (event.name !== '') out.name = event.name;
  if (event.attributes.length > 0) out.attributes = encodeKeyValues(event.attributes);
  if (event.droppedAttributesCount !== 0) out.droppedAttributesCount = event.droppedAttributesCount;
  return out;
}

function encodeLink(link: SpanLink): OtlpJsonLink {
  const out: OtlpJsonLink = { traceId: link.traceId, spanId: link.spanId };
  if (link.traceState !== '') out.traceState = link.traceState;
  if (link.attributes.length > 0) out.attributes = encodeKeyValues(link.attributes);
  if (link.droppedAttributesCount !== 0) out.droppedAttributesCount = link.droppedAttributesCount;
  if (link.flags !== 0) out.flags = link.flags;
  return out;
}

function encodeKeyValues(attributes: readonly KeyValue[]): OtlpJsonKeyValue[] {
  const out: OtlpJsonKeyValue[] = new Array(attributes.length);
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i]!;
    out[i] = { key: kv.key, value: encodeAnyValue(kv.value) };
  }
  return out;
}

/** Exported for codecs that embed OTLP values (e.g. api_v3 responses). */
export function encodeAnyValue(v: AnyValue): OtlpJsonAnyValue {
  switch (v.type) {
    case 'string':
      return { stringValue: v.value };
    case 'bool':
      return { boolValue: v.value };
    case 'int':
      return { intValue: v.value.toString() };
    case 'double':
      // JSON numbers cannot carry NaN, ±Infinity or -0: proto3 JSON spells them as strings.
      if (Object.is(v.value, -0)) return { doubleValue: '-0' };
      return { doubleValue: Number.isFinite(v.value) ? v.value : String(v.value) };
    case 'bytes':
      return { bytesValue: Buffer.from(v.value.buffer, v.value.byteOffset, v.value.byteLength).toString('base64') };
    case 'array': {
      const values: OtlpJsonAnyValue[] = new Array(v.value.length);
      for (let i = 0; i < v.value.length; i++) values[i] = encodeAnyValue(v.value[i]!);
      return { arrayValue: values.length > 0 ? { values } : {} };
    }
    case 'kvlist':
      return { kvlistValue: v.value.length > 0 ? { values: encodeKeyValues(v.value) } : {} };
    case 'empty':
      return {};
  }
}
