/**
 * One span → Jaeger UI span, following the OpenTelemetry Collector's OTLP→Jaeger translation that Jaeger's query service
 * applies before its UI conversion:
 * - tags, in this order: `otel.scope.name`, `otel.scope.version`, the span's attributes, `span.kind` (unless
 *   unspecified), `otel.status_code` (OK/ERROR), `error=true` (ERROR only), `otel.status_description` (non-empty
 *   message), `w3c.tracestate` (non-empty trace state);
 * - references: CHILD_OF the parent first, then one per link (FOLLOWS_FROM unless the link carries
 *   `opentracing.ref_type=child_of`); a link to the parent itself only retypes the parent reference. Link attributes
 *   have no place in this format and are dropped;
 * - logs: one per event, its name as the field `event` (unless an attribute already has that key), then its attributes;
 * - times in whole microseconds (nanoseconds truncated), a negative duration as 0.
 */
import { SpanKind, StatusCode, toJaegerTraceId, type InstrumentationScope, type Span } from '../../model/index.js';
import { appendUiKeyValues, stringTag } from './key-values.js';
import type { UiKeyValue, UiLog, UiReference, UiSpan } from './ui-model.js';

const KIND_NAMES: Readonly<Record<number, string>> = {
  [SpanKind.INTERNAL]: 'internal',
  [SpanKind.SERVER]: 'server',
  [SpanKind.CLIENT]: 'client',
  [SpanKind.PRODUCER]: 'producer',
  [SpanKind.CONSUMER]: 'consumer',
};

const REF_TYPE_KEY = 'opentracing.ref_type';
const EVENT_KEY = 'event';

/** Nanoseconds since the epoch → whole microseconds (truncated), as a JSON-safe number. */
export function nanosToMicros(ns: bigint): number {
  return Number(ns / 1000n);
}

export function spanToUi(
  span: Span,
  scope: InstrumentationScope,
  processID: string,
  warnings: readonly string[] | undefined,
): UiSpan {
  const traceID = toJaegerTraceId(span.traceId);
  const flags = span.flags & 0xff;
  const duration = span.endTimeUnixNano > span.startTimeUnixNano ? span.endTimeUnixNano - span.startTimeUnixNano : 0n;
  const spanID = span.spanId;
  const operationName = span.name;
  const references = spanReferences(span, traceID);
  const startTime = nanosToMicros(span.startTimeUnixNano);
  const durationMicros = nanosToMicros(duration);
  const tags = spanTags(span, scope);
  const logs = spanLogs(span);
  const w = warnings !== undefined && warnings.length > 0 ? [...warnings] : null;
  // Jaeger leaves `flags` out when it is zero; elsewhere it sits right after `spanID`.
  if (flags === 0) {
    return { traceID, spanID, operationName, references, startTime, duration: durationMicros, tags, logs, processID, warnings: w };
  }
  return {
    traceID,
    spanID,
    flags,
    operationName,
    references,
    startTime,
    duration: durationMicros,
    tags,
    logs,
    processID,
    warnings: w,
  };
}

function spanTags(span: Span, scope: InstrumentationScope): UiKeyValue[] {
  const tags: UiKeyValue[] = [];
  if (scope.name !== '') tags.push(stringTag('otel.scope.name', scope.name));
  if (scope.version !== '') tags.push(stringTag('otel.scope.version', scope.version));
  appendUiKeyValues(tags, span.attributes);
  const kind = KIND_NAMES[span.kind];
  if (kind !== undefined) tags.push(stringTag('span.kind', kind));
  if (span.status.code === StatusCode.OK) tags.push(stringTag('otel.status_code', 'OK'));
  if (span.status.code === StatusCode.ERROR) {
    tags.push(stringTag('otel.status_code', 'ERROR'));
    tags.push({ key: 'error', type: 'bool', value: true });
  }
  if (span.status.message !== '') tags.push(stringTag('otel.status_description', span.status.message));
  if (span.traceState !== '') tags.push(stringTag('w3c.tracestate', span.traceState));
  return tags;
}

function spanReferences(span: Span, traceID: string): UiReference[] {
  const refs: UiReference[] = [];
  const hasParent = span.parentSpanId !== '';
  if (hasParent) refs.push({ refType: 'CHILD_OF', traceID, spanID: span.parentSpanId });
  for (const link of span.links) {
    const refType = isChildOfLink(link.attributes) ? 'CHILD_OF' : 'FOLLOWS_FROM';
    if (hasParent && link.traceId === span.traceId && link.spanId === span.parentSpanId) {
      refs[0]!.refType = refType;
      continue;
    }
    refs.push({ refType, traceID: toJaegerTraceId(link.traceId), spanID: link.spanId });
  }
  return refs;
}

function isChildOfLink(attributes: Span['attributes']): boolean {
  for (const kv of attributes) {
    if (kv.key === REF_TYPE_KEY) return kv.value.type === 'string' && kv.value.value === 'child_of';
  }
  return false;
}

function spanLogs(span: Span): UiLog[] {
  const logs: UiLog[] = new Array<UiLog>(span.events.length);
  for (let i = 0; i < span.events.length; i++) {
    const event = span.events[i]!;
    const fields: UiKeyValue[] = [];
    if (event.name !== '' && !event.attributes.some((kv) => kv.key === EVENT_KEY)) {
      fields.push(stringTag(EVENT_KEY, event.name));
    }
    appendUiKeyValues(fields, event.attributes);
    logs[i] = { timestamp: nanosToMicros(event.timeUnixNano), fields };
  }
  return logs;
}
