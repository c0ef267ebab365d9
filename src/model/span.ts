/**
 * Ariadne's span model: OTLP-shaped, pure data, no I/O.
 *
 * Conventions every component relies on:
 * - Trace ids are 32 lowercase hex characters, span ids 16; an absent parent is the empty string.
 * - Times are unsigned nanoseconds since the Unix epoch as `bigint`, so no precision is lost.
 * - Objects are plain and shape-stable; producers create them fully populated (no optional fields left out) so that
 *   V8 keeps one hidden class per type on the hot path.
 * - Whoever receives a batch may keep it; a component that wants to mutate data it did not create copies it first.
 */
import type { KeyValue } from './attributes.js';

/** OTLP `Span.SpanKind` numbering. */
export const SpanKind = {
  UNSPECIFIED: 0,
  INTERNAL: 1,
  SERVER: 2,
  CLIENT: 3,
  PRODUCER: 4,
  CONSUMER: 5,
} as const;
export type SpanKind = (typeof SpanKind)[keyof typeof SpanKind];

/** OTLP `Status.StatusCode` numbering. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;
export type StatusCode = (typeof StatusCode)[keyof typeof StatusCode];

export interface Status {
  code: StatusCode;
  message: string;
}

export interface SpanEvent {
  timeUnixNano: bigint;
  name: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  flags: number;
}

export interface Span {
  traceId: string;
  spanId: string;
  /** Empty string for a root span. */
  parentSpanId: string;
  traceState: string;
  /** W3C trace flags in the low 8 bits, OTLP's has-is-remote bits above them. */
  flags: number;
  name: string;
  kind: SpanKind;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: KeyValue[];
  droppedAttributesCount: number;
  events: SpanEvent[];
  droppedEventsCount: number;
  links: SpanLink[];
  droppedLinksCount: number;
  status: Status;
}

export interface Resource {
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface InstrumentationScope {
  name: string;
  version: string;
  attributes: KeyValue[];
  droppedAttributesCount: number;
}

export interface ScopeSpans {
  scope: InstrumentationScope;
  spans: Span[];
  schemaUrl: string;
}

export interface ResourceSpans {
  resource: Resource;
  scopeSpans: ScopeSpans[];
  schemaUrl: string;
}

/** A batch of spans as it travels from a receiver through the pipeline into storage (OTLP `TracesData`). */
export interface TraceBatch {
  resourceSpans: ResourceSpans[];
}

/** One whole trace as storage returns it: every stored span of `traceId`, grouped by resource and scope. */
export interface Trace {
  traceId: string;
  resourceSpans: ResourceSpans[];
}
