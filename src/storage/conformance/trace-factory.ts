/** Builds the suite's own test traces in code: fully populated model objects with readable defaults. */
import {
  SpanKind,
  StatusCode,
  stringValue,
  type InstrumentationScope,
  type KeyValue,
  type ResourceSpans,
  type Span,
  type SpanEvent,
  type SpanLink,
  type TraceBatch,
} from '../../model/index.js';

export interface SpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name?: string;
  kind?: SpanKind;
  /** Start, ns since the epoch. */
  start: bigint;
  /** Duration in ns; default 1 ms. */
  duration?: bigint;
  attributes?: KeyValue[];
  events?: SpanEvent[];
  links?: SpanLink[];
  status?: StatusCode;
  statusMessage?: string;
}

export function makeSpan(spec: SpanSpec): Span {
  const duration = spec.duration ?? 1_000_000n;
  return {
    traceId: spec.traceId,
    spanId: spec.spanId,
    parentSpanId: spec.parentSpanId ?? '',
    traceState: '',
    flags: 1,
    name: spec.name ?? 'operation',
    kind: spec.kind ?? SpanKind.INTERNAL,
    startTimeUnixNano: spec.start,
    endTimeUnixNano: spec.start + duration,
    attributes: spec.attributes ?? [],
    droppedAttributesCount: 0,
    events: spec.events ?? [],
    droppedEventsCount: 0,
    links: spec.links ?? [],
    droppedLinksCount: 0,
    status: { code: spec.status ?? StatusCode.UNSET, message: spec.statusMessage ?? '' },
  };
}

export function makeEvent(time: bigint, name: string, attributes: KeyValue[] = []): SpanEvent {
  return { timeUnixNano: time, name, attributes, droppedAttributesCount: 0 };
}

export function makeLink(traceId: string, spanId: string, attributes: KeyValue[] = []): SpanLink {
  return { traceId, spanId, traceState: '', attributes, droppedAttributesCount: 0, flags: 0 };
}

export interface SpanGroup {
  service: string;
  resourceAttributes?: KeyValue[];
  scope?: Partial<InstrumentationScope>;
  spans: Span[];
}

/** A batch with one resource (and one scope) per group. */
export function makeBatch(groups: readonly SpanGroup[]): TraceBatch {
  const resourceSpans: ResourceSpans[] = groups.map((g) => ({
    resource: {
      attributes: [{ key: 'service.name', value: stringValue(g.service) }, ...(g.resourceAttributes ?? [])],
      droppedAttributesCount: 0,
    },
    scopeSpans: [
      {
        scope: {
          name: g.scope?.name ?? 'conformance',
          version: g.scope?.version ?? '1.0.0',
          attributes: g.scope?.attributes ?? [],
          droppedAttributesCount: g.scope?.droppedAttributesCount ?? 0,
        },
        spans: g.spans,
        schemaUrl: '',
      },
    ],
    schemaUrl: '',
  }));
  return { resourceSpans };
}

/** A trace id unique within a test case: `tag` (1–4 hex chars naming the case) and a sequence number. */
export function traceIdOf(tag: number, n: number): string {
  return tag.toString(16).padStart(4, '0') + '0'.repeat(12) + n.toString(16).padStart(16, '0');
}

export function spanIdOf(n: number): string {
  return (n + 1).toString(16).padStart(16, '0');
}

/** Nanoseconds since the epoch `minutesAgo` minutes before now (recent data passes every backend's retention). */
export function nsMinutesAgo(minutesAgo: number): bigint {
  return (BigInt(Date.now()) - BigInt(Math.round(minutesAgo * 60_000))) * 1_000_000n;
}
