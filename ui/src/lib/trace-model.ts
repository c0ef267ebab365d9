/**
 * The UI's trace model: a Jaeger trace turned into a tree whose spans are stored in depth-first pre-order (children by
 * start time), so the waterfall's row order is the array order and every subtree is the contiguous range
 * `[index + 1, subtreeEnd)`. Times are microseconds; `rel*` times are relative to the trace start.
 */
import type { JaegerKeyValue, JaegerReference } from './jaeger-types.js';

export interface SpanEvent {
  timeUs: number;
  /** The `event` field, or '' when the log has none. */
  name: string;
  fields: JaegerKeyValue[];
}

export interface SpanLink {
  refType: string;
  traceId: string;
  spanId: string;
  /** Index of the linked span when it is in this trace, else -1. */
  targetIndex: number;
}

export interface TraceSpan {
  index: number;
  spanId: string;
  traceId: string;
  name: string;
  service: string;
  /** `span.kind` tag ('server', 'client', …) or ''. */
  kind: string;
  startUs: number;
  durationUs: number;
  relStartUs: number;
  tags: JaegerKeyValue[];
  resource: JaegerKeyValue[];
  events: SpanEvent[];
  /** References that are not the parent edge (links, extra parents, references to other traces). */
  links: SpanLink[];
  warnings: string[];
  hasError: boolean;
  /** Index of the parent span, -1 for a root. */
  parent: number;
  children: number[];
  depth: number;
  /** One past the last descendant's index. */
  subtreeEnd: number;
  /** The span or any descendant has an error. */
  subtreeHasError: boolean;
}

export interface ServiceCount {
  name: string;
  count: number;
  errors: number;
}

export interface Trace {
  traceId: string;
  spans: TraceSpan[];
  roots: number[];
  startUs: number;
  endUs: number;
  durationUs: number;
  /** "service: operation" of the first root, or of the earliest span. */
  name: string;
  rootService: string;
  rootOperation: string;
  services: ServiceCount[];
  maxDepth: number;
  errorCount: number;
  /** Trace-level warnings: server warnings plus ones found while building (orphans, cycles, duplicates). */
  warnings: string[];
  /** The references given to build it, for the raw JSON view. */
  source: unknown;
}

export type { JaegerReference };
