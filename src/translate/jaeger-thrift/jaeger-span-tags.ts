/**
 * Jaeger span tags that carry OTLP span fields, applied the way the OpenTelemetry Collector's Jaeger→OTLP translator
 * (contrib `pkg/translator/jaeger`, which Jaeger v2's receivers use) applies them; every rule removes the tags it
 * consumed from the attributes, except where noted:
 * - scope: `otel.scope.name` (else `otel.library.name`) and, only when a name was found, its `…version` tag;
 * - kind: `span.kind` = client|server|producer|consumer|internal (any other value: unspecified);
 * - status: `error` = bool true → ERROR, message from `otel.status_description`, else `http.status_message` (kept);
 *   otherwise `otel.status_code` OK|ERROR (case-insensitive) with `otel.status_description`; otherwise
 *   `http.status_code` (int or decimal string): 4xx → ERROR on client spans and unset on server spans, other codes
 *   outside 100–398 → ERROR, message from `http.status_message` (kept). `otel.status_code` is always removed; an
 *   `error` tag that is false or not a bool stays an attribute;
 * - trace state: `w3c.tracestate`.
 * Only the first tag with a given key is looked at.
 */
import { SpanKind, StatusCode, type AnyValue, type KeyValue, type Span } from '../../model/index.js';

export interface ScopeNameVersion {
  name: string;
  version: string;
}

/** The scope of spans that carry no scope tags (shared; never mutate). */
export const NO_SCOPE: ScopeNameVersion = Object.freeze({ name: '', version: '' });

/**
 * `span.kind` value → kind. A switch rather than an object lookup: decoded strings are not internalized, so a keyed
 * property load would hash and look each one up in V8's string table (measured ~0.3 µs per span in the agent).
 */
function kindOf(value: string): SpanKind {
  switch (value) {
    case 'client':
      return SpanKind.CLIENT;
    case 'server':
      return SpanKind.SERVER;
    case 'producer':
      return SpanKind.PRODUCER;
    case 'consumer':
      return SpanKind.CONSUMER;
    case 'internal':
      return SpanKind.INTERNAL;
    default:
      return SpanKind.UNSPECIFIED;
  }
}

// Slots of the tags the rules read, in `positions` (index of the tag in the attributes, -1 when absent).
const SCOPE_NAME = 0;
const SCOPE_VERSION = 1;
const LIBRARY_NAME = 2;
const LIBRARY_VERSION = 3;
const KIND = 4;
const ERROR = 5;
const STATUS_CODE = 6;
const STATUS_DESCRIPTION = 7;
const HTTP_STATUS_CODE = 8;
const HTTP_STATUS_MESSAGE = 9;
const TRACE_STATE = 10;
const SLOTS = 11;

// Scratch space reused by every call (decoding is synchronous, so calls never overlap).
const positions = new Int32Array(SLOTS);
let removeMarks = new Uint8Array(64);

/** Applies the rules to `span` (already holding all tags as attributes) and returns its scope. */
export function applyJaegerSpanTags(span: Span): ScopeNameVersion {
  const attrs = span.attributes;
  if (!findTagPositions(attrs)) return NO_SCOPE;
  if (removeMarks.length < attrs.length) removeMarks = new Uint8Array(attrs.length * 2);
  const remove = removeMarks;

  let scope = NO_SCOPE;
  const nameAt = positions[SCOPE_NAME]! >= 0 ? positions[SCOPE_NAME]! : positions[LIBRARY_NAME]!;
  if (nameAt >= 0) {
    const versionAt = positions[SCOPE_NAME]! >= 0 ? positions[SCOPE_VERSION]! : positions[LIBRARY_VERSION]!;
    remove[nameAt] = 1;
    if (versionAt >= 0) remove[versionAt] = 1;
    scope = { name: str(attrs[nameAt]!.value), version: versionAt >= 0 ? str(attrs[versionAt]!.value) : '' };
  }
  const kindAt = positions[KIND]!;
  if (kindAt >= 0) {
    span.kind = kindOf(str(attrs[kindAt]!.value));
    remove[kindAt] = 1;
  }
  applyStatus(span, attrs, remove);
  const traceStateAt = positions[TRACE_STATE]!;
  if (traceStateAt >= 0) {
    span.traceState = str(attrs[traceStateAt]!.value);
    remove[traceStateAt] = 1;
  }
  compact(attrs, remove);
  return scope;
}

function applyStatus(span: Span, attrs: KeyValue[], remove: Uint8Array): void {
  const errorAt = positions[ERROR]!;
  const codeAt = positions[STATUS_CODE]!;
  const descriptionAt = positions[STATUS_DESCRIPTION]!;
  const httpCodeAt = positions[HTTP_STATUS_CODE]!;
  const httpMessageAt = positions[HTTP_STATUS_MESSAGE]!;
  let code: StatusCode = StatusCode.UNSET;
  let message = '';
  let exists = false;
  const error = errorAt >= 0 ? attrs[errorAt]!.value : undefined;
  if (error !== undefined && error.type === 'bool' && error.value) {
    code = StatusCode.ERROR;
    exists = true;
    remove[errorAt] = 1;
    if (descriptionAt >= 0) {
      message = str(attrs[descriptionAt]!.value);
      remove[descriptionAt] = 1;
    } else if (httpMessageAt >= 0) {
      message = str(attrs[httpMessageAt]!.value);
    }
  }
  if (codeAt >= 0) {
    if (!exists) {
      exists = true;
      const name = str(attrs[codeAt]!.value).toUpperCase();
      if (name === 'OK') code = StatusCode.OK;
      else if (name === 'ERROR') code = StatusCode.ERROR;
      if (descriptionAt >= 0) {
        message = str(attrs[descriptionAt]!.value);
        remove[descriptionAt] = 1;
      }
    }
    remove[codeAt] = 1;
  } else if (!exists && httpCodeAt >= 0) {
    const httpCode = httpStatusCodeOf(attrs[httpCodeAt]!.value);
    if (httpCode !== undefined) {
      const fromHttp = statusFromHttp(httpCode, span.kind);
      if (fromHttp !== StatusCode.UNSET) {
        exists = true;
        code = fromHttp;
      }
      if (httpMessageAt >= 0) message = str(attrs[httpMessageAt]!.value);
    }
  }
  if (exists) span.status = { code, message };
}

function statusFromHttp(httpCode: number, kind: SpanKind): StatusCode {
  if (httpCode >= 400 && httpCode < 500) {
    if (kind === SpanKind.CLIENT) return StatusCode.ERROR;
    if (kind === SpanKind.SERVER) return StatusCode.UNSET;
  }
  return httpCode >= 100 && httpCode < 399 ? StatusCode.UNSET : StatusCode.ERROR;
}

const DECIMAL = /^[+-]?\d+$/;

function httpStatusCodeOf(v: AnyValue): number | undefined {
  if (v.type === 'int') return Number(v.value);
  if (v.type === 'string' && DECIMAL.test(v.value)) return Number(v.value);
  return undefined;
}

/** A string value as itself; other types as the empty string (pdata `Str()`). */
function str(v: AnyValue): string {
  return v.type === 'string' ? v.value : '';
}

/** Fills `positions`; false when no tag with meaning is present (the common fast path). */
function findTagPositions(attrs: readonly KeyValue[]): boolean {
  let found = false;
  for (let s = 0; s < SLOTS; s++) positions[s] = -1;
  for (let i = 0; i < attrs.length; i++) {
    const slot = slotOf(attrs[i]!.key);
    if (slot >= 0 && positions[slot]! < 0) {
      positions[slot] = i;
      found = true;
    }
  }
  return found;
}

/** The slot of a tag key, -1 for ordinary tags; the length switch rejects almost every key in one comparison. */
function slotOf(key: string): number {
  switch (key.length) {
    case 5:
      return key === 'error' ? ERROR : -1;
    case 9:
      return key === 'span.kind' ? KIND : -1;
    case 14:
      return key === 'w3c.tracestate' ? TRACE_STATE : -1;
    case 15:
      return key === 'otel.scope.name' ? SCOPE_NAME : -1;
    case 16:
      return key === 'otel.status_code' ? STATUS_CODE : key === 'http.status_code' ? HTTP_STATUS_CODE : -1;
    case 17:
      return key === 'otel.library.name' ? LIBRARY_NAME : -1;
    case 18:
      return key === 'otel.scope.version' ? SCOPE_VERSION : -1;
    case 19:
      return key === 'http.status_message' ? HTTP_STATUS_MESSAGE : -1;
    case 20:
      return key === 'otel.library.version' ? LIBRARY_VERSION : -1;
    case 23:
      return key === 'otel.status_description' ? STATUS_DESCRIPTION : -1;
    default:
      return -1;
  }
}

/** Removes the marked attributes in place, keeping the order of the rest, and clears the marks. */
function compact(attrs: KeyValue[], remove: Uint8Array): void {
  let j = 0;
  for (let i = 0; i < attrs.length; i++) {
    if (remove[i] === 1) {
      remove[i] = 0;
      continue;
    }
    if (i !== j) attrs[j] = attrs[i]!;
    j++;
  }
  // pop() stays in optimized code; assigning `length` is a runtime call (measured ~1.5 % of the agent's decode).
  while (attrs.length > j) attrs.pop();
}
