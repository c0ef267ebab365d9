/**
 * The Jaeger UI trace JSON (Jaeger's `uimodel` package): what `GET /api/traces` and `GET /api/traces/{id}` return in
 * `data`, and what the Jaeger UI, its "Download Results" files and many scripts read. Property order matches Jaeger's
 * so that responses compare equal byte for byte; optional properties are left out exactly where Jaeger omits them.
 */
import type { Span } from '../../model/index.js';

export type UiValueType = 'string' | 'bool' | 'int64' | 'float64' | 'binary';

/** A typed tag. int64 values outside ±(2^53−1) are strings; binary values are base64 strings. */
export interface UiKeyValue {
  key: string;
  type: UiValueType;
  value: string | boolean | number;
}

export interface UiReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  traceID: string;
  spanID: string;
}

export interface UiLog {
  /** Microseconds since the Unix epoch. */
  timestamp: number;
  fields: UiKeyValue[];
}

export interface UiSpan {
  traceID: string;
  spanID: string;
  /** Present only when non-zero. */
  flags?: number;
  operationName: string;
  references: UiReference[];
  /** Microseconds since the Unix epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags: UiKeyValue[];
  logs: UiLog[];
  processID: string;
  warnings: string[] | null;
}

export interface UiProcess {
  serviceName: string;
  tags: UiKeyValue[];
}

export interface UiTrace {
  traceID: string;
  spans: UiSpan[];
  processes: Record<string, UiProcess>;
  warnings: string[] | null;
}

/** Query-time warnings per span (from the adjusters), shown in the span's `warnings`; a `Map<Span, string[]>` fits. */
export interface SpanWarningLookup {
  get(span: Span): readonly string[] | undefined;
}
