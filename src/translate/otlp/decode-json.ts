/**
 * OTLP/JSON (`ExportTraceServiceRequest` / `TracesData`) into the span model.
 *
 * Rules (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): hex ids, integer enums, lowerCamelCase
 * keys, 64-bit integers as decimal strings, unknown fields ignored. Accepted leniently as well: snake_case keys, enum
 * names (`SPAN_KIND_SERVER`), 64-bit integers as numbers, uppercase or base64 ids, the pre-1.0
 * `instrumentationLibrarySpans`. Times given as strings are parsed exactly into bigint.
 */
import type { InstrumentationScope, Resource, ResourceSpans, ScopeSpans, Span, TraceBatch } from '../../model/index.js';
import { decodeJsonKeyValues } from './decode-json-attributes.js';
import { decodeJsonSpan } from './decode-json-span.js';
import {
  createSpanRejections,
  decodeFailed,
  decodeSucceeded,
  type OtlpDecodeResult,
  type SpanRejections,
} from './decode-result.js';
import {
  OtlpJsonShapeError,
  isJsonObject,
  pick,
  readArray,
  readObject,
  readString,
  readUint32,
  rethrowWithin,
  type JsonObject,
} from './json-fields.js';

/** Decodes an OTLP/JSON traces body (UTF-8 bytes or text). Never throws. */
export function decodeOtlpJson(body: string | Uint8Array): OtlpDecodeResult {
  let root: unknown;
  try {
    let text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString();
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    root = JSON.parse(text);
  } catch (e) {
    return decodeFailed(`invalid JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return decodeRoot(root);
  } catch (e) {
    if (e instanceof OtlpJsonShapeError) return decodeFailed(`invalid OTLP/JSON: ${e.describe()}`);
    return decodeFailed(`invalid OTLP/JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function decodeRoot(root: unknown): OtlpDecodeResult {
  if (!isJsonObject(root)) throw new OtlpJsonShapeError('(body)', 'an ExportTraceServiceRequest object', root);
  const items = readArray(pick(root, 'resourceSpans', 'resource_spans'), 'resourceSpans');
  const rejections = createSpanRejections();
  const resourceSpans: ResourceSpans[] = [];
  let spanCount = 0;
  let i = 0;
  try {
    for (; i < items.length; i++) {
      const rs = decodeResourceSpans(items[i], rejections);
      if (rs === undefined) continue;
      resourceSpans.push(rs);
      for (let s = 0; s < rs.scopeSpans.length; s++) spanCount += rs.scopeSpans[s]!.spans.length;
    }
  } catch (e) {
    rethrowWithin(e, `resourceSpans[${i}]`);
  }
  const batch: TraceBatch = { resourceSpans };
  return decodeSucceeded(batch, spanCount, rejections);
}

/** undefined when every span in it was rejected (an empty resource is kept only if it arrived empty). */
function decodeResourceSpans(v: unknown, rejections: SpanRejections): ResourceSpans | undefined {
  if (!isJsonObject(v)) throw new OtlpJsonShapeError('', 'a ResourceSpans object', v);
  const resource = decodeResource(readObject(v['resource'], 'resource'));
  let field = 'scopeSpans';
  let scopeItems = pick(v, 'scopeSpans', 'scope_spans');
  if (scopeItems === undefined) {
    field = 'instrumentationLibrarySpans';
    scopeItems = pick(v, 'instrumentationLibrarySpans', 'instrumentation_library_spans');
  }
  const items = readArray(scopeItems, field);
  const scopeSpans: ScopeSpans[] = [];
  const before = rejections.count;
  let i = 0;
  try {
    for (; i < items.length; i++) {
      const ss = decodeScopeSpans(items[i], rejections);
      if (ss !== undefined) scopeSpans.push(ss);
    }
  } catch (e) {
    rethrowWithin(e, `${field}[${i}]`);
  }
  if (scopeSpans.length === 0 && rejections.count > before) return undefined;
  return { resource, scopeSpans, schemaUrl: readString(pick(v, 'schemaUrl', 'schema_url'), 'schemaUrl') };
}

function decodeResource(o: JsonObject | undefined): Resource {
  if (o === undefined) return { attributes: [], droppedAttributesCount: 0 };
  return {
    attributes: decodeJsonKeyValues(o['attributes'], 'resource.attributes', 0),
    droppedAttributesCount: readUint32(
      pick(o, 'droppedAttributesCount', 'dropped_attributes_count'),
      'resource.droppedAttributesCount',
    ),
  };
}

function decodeScopeSpans(v: unknown, rejections: SpanRejections): ScopeSpans | undefined {
  if (!isJsonObject(v)) throw new OtlpJsonShapeError('', 'a ScopeSpans object', v);
  let scopeValue = v['scope'];
  if (scopeValue === undefined || scopeValue === null) {
    scopeValue = pick(v, 'instrumentationLibrary', 'instrumentation_library');
  }
  const scope = decodeScope(readObject(scopeValue, 'scope'));
  const items = readArray(v['spans'], 'spans');
  const spans: Span[] = [];
  let i = 0;
  try {
    for (; i < items.length; i++) {
      const span = decodeJsonSpan(items[i], rejections);
      if (span !== undefined) spans.push(span);
    }
  } catch (e) {
    rethrowWithin(e, `spans[${i}]`);
  }
  if (spans.length === 0 && items.length > 0) return undefined;
  return { scope, spans, schemaUrl: readString(pick(v, 'schemaUrl', 'schema_url'), 'schemaUrl') };
}

function decodeScope(o: JsonObject | undefined): InstrumentationScope {
  if (o === undefined) return { name: '', version: '', attributes: [], droppedAttributesCount: 0 };
  return {
    name: readString(o['name'], 'scope.name'),
    version: readString(o['version'], 'scope.version'),
    attributes: decodeJsonKeyValues(o['attributes'], 'scope.attributes', 0),
    droppedAttributesCount: readUint32(
      pick(o, 'droppedAttributesCount', 'dropped_attributes_count'),
      'scope.droppedAttributesCount',
    ),
  };
}
