/**
 * The UI's trace model: a trace turned into a tree whose spans are stored in depth-first pre-order (children by start
 * time), so the waterfall's row order is the array order and every subtree is the contiguous range
 * `[index + 1, subtreeEnd)`. Times are microseconds; `rel*` times are relative to the trace start.
 *
 * What the timeline needs (names, times, tree, error flags) is plain data on every span. What only some views read
 * (attributes, resource, events, links, warnings) is read on first access from the loaded data and kept: a
 * 100,000-span trace is drawn before any attribute is decoded.
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
  readonly index: number;
  readonly spanId: string;
  readonly traceId: string;
  readonly name: string;
  readonly service: string;
  /** `span.kind` tag ('server', 'client', …) or ''. */
  readonly kind: string;
  readonly startUs: number;
  readonly durationUs: number;
  readonly relStartUs: number;
  readonly hasError: boolean;
  /** Index of the parent span, -1 for a root. */
  readonly parent: number;
  /** Child indices in start order (a view of the trace's child table: do not keep it across traces). */
  readonly children: Int32Array;
  readonly childCount: number;
  readonly depth: number;
  /** One past the last descendant's index. */
  readonly subtreeEnd: number;
  /** The span or any descendant has an error. */
  readonly subtreeHasError: boolean;
  /** The span carries warnings (from the server or found while loading). */
  readonly hasWarnings: boolean;
  /** Read on first access. */
  readonly tags: JaegerKeyValue[];
  readonly resource: JaegerKeyValue[];
  readonly events: SpanEvent[];
  /** References that are not the parent edge (links, extra parents, references to other traces). */
  readonly links: SpanLink[];
  readonly warnings: string[];
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
  /** The Jaeger JSON the trace was built from (the raw JSON view), or undefined when it came in the UI's format. */
  source: unknown;
  /** Children of span i, as one table for hot loops: `list[first[i] .. first[i + 1])`, in start order. */
  childIndex: { first: Int32Array; list: Int32Array };
  /**
   * Settles when the spans' details can be read. Until then (they may still be arriving over the network) a span's
   * attributes, events, links and warnings read as empty.
   */
  detailsReady: Promise<void>;
  /**
   * Reads the details (attributes, events, …) of up to `budget` more spans, for idle time before a search needs them;
   * returns true when every span has been read.
   */
  readDetails(budget: number): boolean;
}

export type { JaegerReference };
