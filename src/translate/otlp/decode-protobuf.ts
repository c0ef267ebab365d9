/**
 * OTLP/protobuf `ExportTraceServiceRequest` (same layout as `TracesData`) straight into the span model.
 *
 * Hand-written over protobufjs' Reader: no intermediate message objects, ids go from bytes to hex, fixed64 times to
 * exact bigints. Unknown fields are skipped by wire type; a known field with an unexpected wire type is skipped too.
 * Malformed input (truncation, bad wire types, fields overrunning their message, AnyValue nested deeper than
 * MAX_ANY_VALUE_DEPTH) yields `{ ok: false }`; decoding never throws and always advances, so it cannot hang.
 * Short strings are shared through a small process-wide cache (protobuf-strings.ts, about 1 MB), which is what makes
 * this decoder roughly twice as fast as protobufjs' generated code on realistic payloads (bench/decode-otlp.ts).
 * Decoded values never reference the input buffer: the caller may reuse it.
 */
import {
  attachSpanWire,
  type InstrumentationScope,
  type KeyValue,
  type Resource,
  type ResourceSpans,
  type ScopeSpans,
  type Span,
  type TraceBatch,
} from '../../model/index.js';
import { decodeKeyValue } from './decode-protobuf-attributes.js';
import { decodeSpan, type SpanDecodeState } from './decode-protobuf-span.js';
import { createSpanRejections, decodeFailed, decodeSucceeded, type OtlpDecodeResult } from './decode-result.js';
import { ProtobufFormatError, checkMessageEnd, createReader, messageEnd, readVarint32, skipField, type Reader } from './protobuf-read.js';
import { readString } from './protobuf-strings.js';
import {
  REQUEST_RESOURCE_SPANS,
  RESOURCE_ATTRIBUTES,
  RESOURCE_DROPPED_ATTRIBUTES,
  RS_RESOURCE,
  RS_SCHEMA_URL,
  RS_SCOPE_SPANS,
  SCOPE_ATTRIBUTES,
  SCOPE_DROPPED_ATTRIBUTES,
  SCOPE_NAME,
  SCOPE_VERSION,
  SS_SCHEMA_URL,
  SS_SCOPE,
  SS_SPANS,
} from './protobuf-tags.js';

/**
 * Decodes an OTLP/protobuf traces request body. Never throws. The batch carries each span's place in `buf` (see
 * model/span-wire.ts), so the caller must not modify `buf` afterwards.
 */
export function decodeOtlpProtobuf(buf: Uint8Array): OtlpDecodeResult {
  let r: Reader | undefined;
  try {
    r = createReader(buf);
    const state: SpanDecodeState = {
      view: new DataView(buf.buffer, buf.byteOffset, buf.byteLength),
      rejections: createSpanRejections(),
      prevTraceIdStart: -1,
      prevTraceId: '',
      wireRefs: [],
    };
    const resourceSpans: ResourceSpans[] = [];
    let spanCount = 0;
    while (r.pos < r.len) {
      const tag = readVarint32(r);
      if (tag !== REQUEST_RESOURCE_SPANS) {
        skipField(r, tag);
        continue;
      }
      const rs = decodeResourceSpans(r, state);
      if (rs === undefined) continue;
      resourceSpans.push(rs);
      for (let i = 0; i < rs.scopeSpans.length; i++) spanCount += rs.scopeSpans[i]!.spans.length;
    }
    const batch: TraceBatch = { resourceSpans };
    attachSpanWire(batch, { bufs: [buf], refs: state.wireRefs });
    return decodeSucceeded(batch, spanCount, state.rejections);
  } catch (e) {
    return decodeFailed(describeFailure(e, r));
  }
}

function describeFailure(e: unknown, r: Reader | undefined): string {
  const prefix = 'invalid OTLP/protobuf: ';
  if (e instanceof ProtobufFormatError) return prefix + e.message;
  const message = e instanceof Error ? e.message : String(e);
  // protobufjs signals reads past the end with "index out of range: pos + n > len".
  if (e instanceof RangeError && message.startsWith('index out of range')) {
    return `${prefix}truncated message at byte ${r === undefined ? 0 : r.pos}`;
  }
  return `${prefix}${message}${r === undefined ? '' : ` at byte ${r.pos}`}`;
}

/** undefined when all its spans were rejected (a resource that arrived without spans is kept). */
function decodeResourceSpans(r: Reader, state: SpanDecodeState): ResourceSpans | undefined {
  const end = messageEnd(r);
  let resource: Resource | undefined;
  const scopeSpans: ScopeSpans[] = [];
  let schemaUrl = '';
  const rejectedBefore = state.rejections.count;
  while (r.pos < end) {
    const tag = readVarint32(r);
    if (tag === RS_SCOPE_SPANS) {
      const ss = decodeScopeSpans(r, state);
      if (ss !== undefined) scopeSpans.push(ss);
    } else if (tag === RS_RESOURCE) resource = decodeResource(r);
    else if (tag === RS_SCHEMA_URL) schemaUrl = readString(r);
    else skipField(r, tag);
  }
  checkMessageEnd(r, end, 'ResourceSpans');
  if (scopeSpans.length === 0 && state.rejections.count > rejectedBefore) return undefined;
  return { resource: resource ?? { attributes: [], droppedAttributesCount: 0 }, scopeSpans, schemaUrl };
}

/** One embedded `Resource` (the reader is at its length prefix). */
export function decodeResource(r: Reader): Resource {
  const end = messageEnd(r);
  const attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  while (r.pos < end) {
    const tag = readVarint32(r);
    if (tag === RESOURCE_ATTRIBUTES) attributes.push(decodeKeyValue(r, 0));
    else if (tag === RESOURCE_DROPPED_ATTRIBUTES) droppedAttributesCount = r.uint32();
    else skipField(r, tag);
  }
  checkMessageEnd(r, end, 'Resource');
  return { attributes, droppedAttributesCount };
}

/** undefined when it had spans and all were rejected. */
function decodeScopeSpans(r: Reader, state: SpanDecodeState): ScopeSpans | undefined {
  const end = messageEnd(r);
  let scope: InstrumentationScope | undefined;
  const spans: Span[] = [];
  let schemaUrl = '';
  let rejected = false;
  while (r.pos < end) {
    const tag = readVarint32(r);
    if (tag === SS_SPANS) {
      const at = r.pos;
      const span = decodeSpan(r, state);
      if (span !== undefined) {
        spans.push(span);
        state.wireRefs.push(0, at, r.pos);
      } else rejected = true;
    } else if (tag === SS_SCOPE) scope = decodeScope(r);
    else if (tag === SS_SCHEMA_URL) schemaUrl = readString(r);
    else skipField(r, tag);
  }
  checkMessageEnd(r, end, 'ScopeSpans');
  if (spans.length === 0 && rejected) return undefined;
  return { scope: scope ?? { name: '', version: '', attributes: [], droppedAttributesCount: 0 }, spans, schemaUrl };
}

/** One embedded `InstrumentationScope` (the reader is at its length prefix). */
export function decodeScope(r: Reader): InstrumentationScope {
  const end = messageEnd(r);
  let name = '';
  let version = '';
  const attributes: KeyValue[] = [];
  let droppedAttributesCount = 0;
  while (r.pos < end) {
    const tag = readVarint32(r);
    switch (tag) {
      case SCOPE_NAME:
        name = readString(r);
        break;
      case SCOPE_VERSION:
        version = readString(r);
        break;
      case SCOPE_ATTRIBUTES:
        attributes.push(decodeKeyValue(r, 0));
        break;
      case SCOPE_DROPPED_ATTRIBUTES:
        droppedAttributesCount = r.uint32();
        break;
      default:
        skipField(r, tag);
    }
  }
  checkMessageEnd(r, end, 'InstrumentationScope');
  return { name, version, attributes, droppedAttributesCount };
}
