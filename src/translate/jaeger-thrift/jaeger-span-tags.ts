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
import { SpanKind, StatusCode, anyValueToString, type AnyValue, type KeyValue, type Span } from '../../model/index.js';

export interface ScopeNameVersion {
  name: string;
  version: string;
}

/** The scope of spans that carry no scope tags (shared; never mutate). */
export const NO_SCOPE: ScopeNameVersion = Object.freeze({ name: '', version: '' });

const KINDS: Readonly<Record<string, SpanKind>> = {
  client: SpanKind.CLIENT,
  server: SpanKind.SERVER,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

/** Positions of the tags the rules read, -1 when absent. */
interface TagPositions {
  scopeName: number;
  scopeVersion: number;
  libraryName: number;
  libraryVersion: number;
  kind: number;
  error: number;
  statusCode: number;
  statusDescription: number;
  httpStatusCode: number;
  httpStatusMessage: number;
  traceState: number;
}

/** Applies the rules to `span` (already holding all tags as attributes) and returns its scope. */
export function applyJaegerSpanTags(span: Span): ScopeNameVersion {
  const attrs = span.attributes;
  const at = findTagPositions(attrs);
  if (at === undefined) return NO_SCOPE;
  const remove = new Uint8Array(attrs.length);

  let scope = NO_SCOPE;
  const nameAt = at.scopeName >= 0 ? at.scopeName : at.libraryName;
  if (nameAt >= 0) {
    const versionAt = at.scopeName >= 0 ? at.scopeVersion : at.libraryVersion;
    remove[nameAt] = 1;
    if (versionAt >= 0) remove[versionAt] = 1;
    scope = { name: str(attrs[nameAt]!.value), version: versionAt >= 0 ? str(attrs[versionAt]!.value) : '' };
  }
  if (at.kind >= 0) {
    span.kind = KINDS[str(attrs[at.kind]!.value)] ?? SpanKind.UNSPECIFIED;
    remove[at.kind] = 1;
  }
  applyStatus(span, attrs, at, remove);
  if (at.traceState >= 0) {
    span.traceState = str(attrs[at.traceState]!.value);
    remove[at.traceState] = 1;
  }
  compact(attrs, remove);
  return scope;
}

function applyStatus(span: Span, attrs: KeyValue[], at: TagPositions, remove: Uint8Array): void {
  let code: StatusCode = StatusCode.UNSET;
  let message = '';
  let exists = false;
  const error = at.error >= 0 ? attrs[at.error]!.value : undefined;
  if (error !== undefined && error.type === 'bool' && error.value) {
    code = StatusCode.ERROR;
    exists = true;
    remove[at.error] = 1;
    if (at.statusDescription >= 0) {
      message = str(attrs[at.statusDescription]!.value);
      remove[at.statusDescription] = 1;
    } else if (at.httpStatusMessage >= 0) {
      message = str(attrs[at.httpStatusMessage]!.value);
    }
  }
  if (at.statusCode >= 0) {
    if (!exists) {
      exists = true;
      const name = str(attrs[at.statusCode]!.value).toUpperCase();
      if (name === 'OK') code = StatusCode.OK;
      else if (name === 'ERROR') code = StatusCode.ERROR;
      if (at.statusDescription >= 0) {
        message = str(attrs[at.statusDescription]!.value);
        remove[at.statusDescription] = 1;
      }
    }
    remove[at.statusCode] = 1;
  } else if (!exists && at.httpStatusCode >= 0) {
    const httpCode = httpStatusCodeOf(attrs[at.httpStatusCode]!.value);
    if (httpCode !== undefined) {
      const fromHttp = statusFromHttp(httpCode, span.kind);
      if (fromHttp !== StatusCode.UNSET) {
        exists = true;
        code = fromHttp;
      }
      if (at.httpStatusMessage >= 0) message = str(attrs[at.httpStatusMessage]!.value);
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

function findTagPositions(attrs: readonly KeyValue[]): TagPositions | undefined {
  let at: TagPositions | undefined;
  for (let i = 0; i < attrs.length; i++) {
    const key = attrs[i]!.key;
    // Cheap first-letter filter: every key the rules read starts with one of these.
    const c = key.charCodeAt(0);
    if (c !== 0x6f /* o */ && c !== 0x73 /* s */ && c !== 0x65 /* e */ && c !== 0x68 /* h */ && c !== 0x77 /* w */) continue;
    const field = FIELD_OF_KEY[key];
    if (field === undefined) continue;
    at ??= createTagPositions();
    if (at[field] < 0) at[field] = i;
  }
  return at;
}

const FIELD_OF_KEY: Readonly<Record<string, keyof TagPositions>> = Object.assign(Object.create(null) as object, {
  'otel.scope.name': 'scopeName',
  'otel.scope.version': 'scopeVersion',
  'otel.library.name': 'libraryName',
  'otel.library.version': 'libraryVersion',
  'span.kind': 'kind',
  error: 'error',
  'otel.status_code': 'statusCode',
  'otel.status_description': 'statusDescription',
  'http.status_code': 'httpStatusCode',
  'http.status_message': 'httpStatusMessage',
  'w3c.tracestate': 'traceState',
} satisfies Record<string, keyof TagPositions>);

function createTagPositions(): TagPositions {
  return {
    scopeName: -1,
    scopeVersion: -1,
    libraryName: -1,
    libraryVersion: -1,
    kind: -1,
    error: -1,
    statusCode: -1,
    statusDescription: -1,
    httpStatusCode: -1,
    httpStatusMessage: -1,
    traceState: -1,
  };
}

/** Removes the marked attributes in place, keeping the order of the rest. */
function compact(attrs: KeyValue[], remove: Uint8Array): void {
  let j = 0;
  for (let i = 0; i < attrs.length; i++) {
    if (remove[i] === 1) continue;
    if (i !== j) attrs[j] = attrs[i]!;
    j++;
  }
  attrs.length = j;
}

/** Log fields → event: the `event` field (any type, as text) names the event and is removed. */
export function nameEventFromFields(attributes: KeyValue[]): string {
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i]!;
    if (kv.key !== 'event') continue;
    attributes.splice(i, 1);
    return anyValueToString(kv.value);
  }
  return '';
}
