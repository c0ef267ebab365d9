/**
 * Zipkin v2-shaped spans → the span model (what every Zipkin decoder ends with), following the OpenTelemetry
 * Collector's Zipkin receiver:
 * - ids: hex, padded (64-bit trace ids to 32 characters); a parent id that is absent, zero or equal to the span's own
 *   id means no parent; a shared span keeps its id (the query-time dedupe adjuster gives shared server spans new ids);
 * - kind from `kind`; times from `timestamp`/`duration` (µs). An absent timestamp leaves the start at 0 and adds the
 *   attribute `otel.zipkin.absentField.startTime` = true; an absent duration ends the span at its start;
 * - `debug` → flags 2 (Jaeger's debug bit);
 * - resource: `service.name` from `localEndpoint.serviceName` (else a `service.name` tag) plus resource tags;
 * - span attributes: tags (see `applyZipkinTags`), then `net.host.ip`/`net.host.port` from the local endpoint and
 *   `peer.service`/`net.peer.ip`/`net.peer.port` from the remote one (IPv6 preferred over IPv4 when both are given);
 * - annotations → events (`annotationToEvent`).
 */
import { SpanKind, boolValue, intValue, stringValue, type KeyValue, type Span } from '../../model/index.js';
import {
  createEmptySpan,
  createSpanBatchBuilder,
  createSpanRejections,
  decodeSucceeded,
  recordRejection,
  type ScopeNameVersion,
  type TraceDecodeResult,
} from '../jaeger-thrift/index.js';
import { annotationToEvent } from './zipkin-annotations.js';
import { isAbsentParentId, normalizeSpanId, normalizeTraceId } from './zipkin-ids.js';
import { applyZipkinTags } from './zipkin-tags.js';
import { isValidMicros, microsToNanos } from './zipkin-times.js';
import type { ZipkinEndpoint, ZipkinSpanInput, ZipkinSpanOrProblem } from './zipkin-span-input.js';

export const ABSENT_START_ATTRIBUTE = 'otel.zipkin.absentField.startTime';

const KINDS: Readonly<Record<string, SpanKind>> = {
  CLIENT: SpanKind.CLIENT,
  SERVER: SpanKind.SERVER,
  PRODUCER: SpanKind.PRODUCER,
  CONSUMER: SpanKind.CONSUMER,
};

/** Maps decoded spans; `inputIndex[i]` is the position in the request of item i, for rejection messages. */
export function zipkinSpansToResult(items: readonly ZipkinSpanOrProblem[], inputIndex?: readonly number[]): TraceDecodeResult {
  const builder = createSpanBatchBuilder();
  const rejections = createSpanRejections();
  let spanCount = 0;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    const at = inputIndex?.[i] ?? i;
    if (typeof item === 'string') {
      recordRejection(rejections, `span ${at}: ${item}`);
      continue;
    }
    const span = createEmptySpan();
    const resourceAttributes: KeyValue[] = [];
    const scope = fillSpan(item, span, resourceAttributes);
    if (typeof scope === 'string') {
      recordRejection(rejections, `span ${at}: ${scope}`);
      continue;
    }
    const serviceName = serviceNameOf(item);
    if (serviceName !== '') resourceAttributes.unshift({ key: 'service.name', value: stringValue(serviceName) });
    builder.add(builder.resourceGroup({ attributes: resourceAttributes, droppedAttributesCount: 0 }), scope, span);
    spanCount++;
  }
  return decodeSucceeded(builder.build(), spanCount, rejections);
}

function fillSpan(input: ZipkinSpanInput, span: Span, resource: KeyValue[]): ScopeNameVersion | string {
  const traceId = normalizeTraceId(input.traceId);
  if ('problem' in traceId) return traceId.problem;
  const spanId = normalizeSpanId(input.id);
  if ('problem' in spanId) return spanId.problem;
  let parent = '';
  if (!isAbsentParentId(input.parentId)) {
    const parentId = normalizeSpanId(input.parentId, 'parentId');
    if ('problem' in parentId) return parentId.problem;
    if (parentId.id !== spanId.id) parent = parentId.id;
  }
  if (!isValidMicros(input.timestamp)) return 'timestamp is not a non-negative number of microseconds';
  if (!isValidMicros(input.duration)) return 'duration is not a non-negative number of microseconds';

  span.traceId = traceId.id;
  span.spanId = spanId.id;
  span.parentSpanId = parent;
  span.name = typeof input.name === 'string' ? input.name : '';
  span.kind = typeof input.kind === 'string' ? (KINDS[input.kind.toUpperCase()] ?? SpanKind.UNSPECIFIED) : SpanKind.UNSPECIFIED;
  span.flags = input.debug === true ? 2 : 0;
  const startKnown = typeof input.timestamp === 'number' && input.timestamp > 0;
  span.startTimeUnixNano = startKnown ? microsToNanos(input.timestamp!) : 0n;
  span.endTimeUnixNano =
    typeof input.duration === 'number' && input.duration > 0 ? span.startTimeUnixNano + microsToNanos(input.duration) : span.startTimeUnixNano;

  const scope = applyZipkinTags(input.tags, span, resource);
  addEndpointAttributes(span.attributes, input.localEndpoint, 'net.host.ip', 'net.host.port', undefined);
  addEndpointAttributes(span.attributes, input.remoteEndpoint, 'net.peer.ip', 'net.peer.port', 'peer.service');
  if (!startKnown) span.attributes.push({ key: ABSENT_START_ATTRIBUTE, value: boolValue(true) });
  const annotations = input.annotations;
  if (Array.isArray(annotations)) for (const a of annotations) span.events.push(annotationToEvent(a));
  return scope;
}

function addEndpointAttributes(
  out: KeyValue[],
  endpoint: ZipkinEndpoint | undefined,
  ipKey: string,
  portKey: string,
  serviceKey: string | undefined,
): void {
  if (endpoint === undefined || endpoint === null) return;
  if (serviceKey !== undefined && typeof endpoint.serviceName === 'string' && endpoint.serviceName !== '') {
    out.push({ key: serviceKey, value: stringValue(endpoint.serviceName) });
  }
  const ip = nonEmpty(endpoint.ipv6) ?? nonEmpty(endpoint.ipv4);
  if (ip !== undefined) out.push({ key: ipKey, value: stringValue(ip) });
  if (typeof endpoint.port === 'number' && Number.isInteger(endpoint.port) && endpoint.port > 0) {
    out.push({ key: portKey, value: intValue(endpoint.port) });
  }
}

function nonEmpty(s: unknown): string | undefined {
  return typeof s === 'string' && s !== '' ? s : undefined;
}

function serviceNameOf(input: ZipkinSpanInput): string {
  const fromEndpoint = input.localEndpoint?.serviceName;
  if (typeof fromEndpoint === 'string' && fromEndpoint !== '') return fromEndpoint;
  const fromTag = input.tags?.['service.name'];
  return typeof fromTag === 'string' ? fromTag : '';
}
