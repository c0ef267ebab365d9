/**
 * Builders for spans, resources and traces in tests of the query service and its adjusters. Every field is filled, as
 * producers of the model must; tests override what they exercise.
 */
import {
  attr,
  SpanKind,
  StatusCode,
  type KeyValue,
  type ResourceSpans,
  type Span,
  type Trace,
  type TraceBatch,
} from '../../model/index.js';

export const MS = 1_000_000n;

export function makeSpan(traceId: string, spanId: string, overrides: Partial<Span> = {}): Span {
  return {
    traceId,
    spanId,
    parentSpanId: '',
    traceState: '',
    flags: 1,
    name: 'op',
    kind: SpanKind.INTERNAL,
    startTimeUnixNano: 1_700_000_000_000_000_000n,
    endTimeUnixNano: 1_700_000_000_000_000_000n + 10n * MS,
    attributes: [],
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: { code: StatusCode.UNSET, message: '' },
    ...overrides,
  };
}

/** One resource with `service.name` = `service` plus `extra` attributes, holding `spans` in one scope. */
export function makeResourceSpans(service: string, spans: Span[], extra: KeyValue[] = []): ResourceSpans {
  return {
    resource: { attributes: [attr('service.name', service), ...extra], droppedAttributesCount: 0 },
    scopeSpans: [{ scope: { name: 'test-lib', version: '1.0.0', attributes: [], droppedAttributesCount: 0 }, spans, schemaUrl: '' }],
    schemaUrl: '',
  };
}

export function makeTrace(traceId: string, resourceSpans: ResourceSpans[]): Trace {
  return { traceId, resourceSpans };
}

export function makeBatch(resourceSpans: ResourceSpans[]): TraceBatch {
  return { resourceSpans };
}

/** All spans of a trace in storage order. */
export function spansOf(trace: { resourceSpans: ResourceSpans[] }): Span[] {
  const out: Span[] = [];
  for (const rs of trace.resourceSpans) for (const ss of rs.scopeSpans) out.push(...ss.spans);
  return out;
}
