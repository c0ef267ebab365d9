/**
 * The Jaeger query API's JSON trace shape (`GET /api/traces/{id}` → `data[0]`), as the server sends it. Times are
 * microseconds since the epoch; ids are hex strings.
 */

export interface JaegerKeyValue {
  key: string;
  /** 'string' | 'bool' | 'int64' | 'float64' | 'binary' (the value's JSON type follows it). */
  type: string;
  value: unknown;
}

export interface JaegerReference {
  refType: 'CHILD_OF' | 'FOLLOWS_FROM' | string;
  traceID: string;
  spanID: string;
}

export interface JaegerLog {
  timestamp: number;
  fields: JaegerKeyValue[];
}

export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references?: JaegerReference[] | null;
  startTime: number;
  duration: number;
  tags?: JaegerKeyValue[] | null;
  logs?: JaegerLog[] | null;
  processID: string;
  warnings?: string[] | null;
  flags?: number;
}

export interface JaegerProcess {
  serviceName: string;
  tags?: JaegerKeyValue[] | null;
}

export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, JaegerProcess>;
  warnings?: string[] | null;
}

/** The classic API envelope: `{data, total, limit, offset, errors}`. */
export interface JaegerEnvelope<T> {
  data: T;
  total?: number;
  errors?: Array<{ code?: number; msg: string; traceID?: string }> | null;
}

export interface DependencyLink {
  parent: string;
  child: string;
  callCount: number;
}

/** Canonical form of a trace or span id for comparisons: lower case, no leading zeros ('' stays '0'). */
export function normalizeId(id: string): string {
  let start = 0;
  while (start < id.length - 1 && id.charCodeAt(start) === 48) start++;
  const trimmed = start === 0 ? id : id.slice(start);
  // Ids are almost always lower-case hex already: skip the copy then.
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed.charCodeAt(i);
    if (c >= 65 && c <= 90) return trimmed.toLowerCase();
  }
  return trimmed;
}

/** A key/value value as display text: strings as they are, everything else as JSON. */
export function valueToText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}
