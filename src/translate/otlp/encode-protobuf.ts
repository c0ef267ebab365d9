/**
 * The span model as OTLP/protobuf `ExportTraceServiceRequest` bytes (identical layout to `TracesData`).
 * proto3 defaults (empty strings and lists, zeros, UNSET status) are left out, as protobuf encoders do.
 */
import protobuf from 'protobufjs/minimal.js';
import type {
  AnyValue,
  InstrumentationScope,
  KeyValue,
  Resource,
  ResourceSpans,
  ScopeSpans,
  Span,
  SpanEvent,
  SpanLink,
  TraceBatch,
} from '../../model/index.js';

type Writer = protobuf.Writer;

const LENGTH_DELIMITED = 2;
const VARINT = 0;
const FIXED64 = 1;
const FIXED32 = 5;

function tag(w: Writer, field: number, wireType: number): Writer {
  return w.uint32((field << 3) | wireType);
}

export function encodeOtlpProtobuf(batch: TraceBatch): Uint8Array {
  const w = protobuf.Writer.create();
  for (const rs of batch.resourceSpans) {
    tag(w, 1, LENGTH_DELIMITED).fork();
    writeResourceSpans(w, rs);
    w.ldelim();
  }
  return w.finish();
}

function writeResourceSpans(w: Writer, rs: ResourceSpans): void {
  writeResource(w, rs.resource);
  for (const ss of rs.scopeSpans) {
    tag(w, 2, LENGTH_DELIMITED).fork();
    writeScopeSpans(w, ss);
    w.ldelim();
  }
  writeString(w, 3, rs.schemaUrl);
}

function writeResource(w: Writer, resource: Resource): void {
  tag(w, 1, LENGTH_DELIMITED).fork();
  writeKeyValues(w, 1, resource.attributes);
  writeUint32(w, 2, resource.droppedAttributesCount);
  w.ldelim();
}

function writeScopeSpans(w: Writer, ss: ScopeSpans): void {
  writeScope(w, ss.scope);
  for (const span of ss.spans) {
    tag(w, 2, LENGTH_DELIMITED).fork();
    writeSpan(w, span);
    w.ldelim();
  }
  writeString(w, 3, ss.schemaUrl);
}

function writeScope(w: Writer, scope: InstrumentationScope): void {
  tag(w, 1, LENGTH_DELIMITED).fork();
  writeString(w, 1, scope.name);
  writeString(w, 2, scope.version);
  writeKeyValues(w, 3, scope.attributes);
  writeUint32(w, 4, scope.droppedAttributesCount);
  w.ldelim();
}

function writeSpan(w: Writer, span: Span): void {
  writeId(w, 1, span.traceId);
  writeId(w, 2, span.spanId);
  writeString(w, 3, span.traceState);
  writeId(w, 4, span.parentSpanId);
  writeString(w, 5, span.name);
  writeUint32(w, 6, span.kind);
  writeFixed64(w, 7, span.startTimeUnixNano);
  writeFixed64(w, 8, span.endTimeUnixNano);
  writeKeyValues(w, 9, span.attributes);
  writeUint32(w, 10, span.droppedAttributesCount);
  for (const event of span.events) {
    tag(w, 11, LENGTH_DELIMITED).fork();
    writeEvent(w, event);
    w.ldelim();
  }
  writeUint32(w, 12, span.droppedEventsCount);
  for (const link of span.links) {
    tag(w, 13, LENGTH_DELIMITED).fork();
    writeLink(w, link);
    w.ldelim();
  }
  writeUint32(w, 14, span.droppedLinksCount);
  if (span.status.code !== 0 || span.status.message !== '') {
    tag(w, 15, LENGTH_DELIMITED).fork();
    writeString(w, 2, span.status.message);
    writeUint32(w, 3, span.status.code);
    w.ldelim();
  }
  if (span.flags !== 0) tag(w, 16, FIXED32).fixed32(span.flags);
}

function writeEvent(w: Writer, event: SpanEvent): void {
  writeFixed64(w, 1, event.timeUnixNano);
  writeString(w, 2, event.name);
  writeKeyValues(w, 3, event.attributes);
  writeUint32(w, 4, event.droppedAttributesCount);
}

function writeLink(w: Writer, link: SpanLink): void {
  writeId(w, 1, link.traceId);
  writeId(w, 2, link.spanId);
  writeString(w, 3, link.traceState);
  writeKeyValues(w, 4, link.attributes);
  writeUint32(w, 5, link.droppedAttributesCount);
  if (link.flags !== 0) tag(w, 6, FIXED32).fixed32(link.flags);
}

function writeKeyValues(w: Writer, field: number, attributes: readonly KeyValue[]): void {
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i]!;
    tag(w, field, LENGTH_DELIMITED).fork();
    writeString(w, 1, kv.key);
    tag(w, 2, LENGTH_DELIMITED).fork();
    writeAnyValue(w, kv.value);
    w.ldelim();
    w.ldelim();
  }
}

/** The AnyValue's fields (without its own tag and length). A present oneof member is written even when zero. */
function writeAnyValue(w: Writer, v: AnyValue): void {
  switch (v.type) {
    case 'string':
      tag(w, 1, LENGTH_DELIMITED).string(v.value);
      return;
    case 'bool':
      tag(w, 2, VARINT).bool(v.value);
      return;
    case 'int':
      tag(w, 3, VARINT).int64(toLongBits(v.value));
      return;
    case 'double':
      tag(w, 4, FIXED64).double(v.value);
      return;
    case 'array':
      tag(w, 5, LENGTH_DELIMITED).fork();
      for (const item of v.value) {
        tag(w, 1, LENGTH_DELIMITED).fork();
        writeAnyValue(w, item);
        w.ldelim();
      }
      w.ldelim();
      return;
    case 'kvlist':
      tag(w, 6, LENGTH_DELIMITED).fork();
      writeKeyValues(w, 1, v.value);
      w.ldelim();
      return;
    case 'bytes':
      tag(w, 7, LENGTH_DELIMITED).bytes(v.value);
      return;
    case 'empty':
      return;
  }
}

/** protobufjs takes 64-bit integers as `{ low, high }` 32-bit halves (two's complement). */
function toLongBits(v: bigint): protobuf.Long {
  const u = BigInt.asUintN(64, v);
  return { low: Number(u & 0xffff_ffffn) | 0, high: Number(u >> 32n) | 0, unsigned: false } as protobuf.Long;
}

function writeFixed64(w: Writer, field: number, v: bigint): void {
  if (v === 0n) return;
  const u = BigInt.asUintN(64, v);
  tag(w, field, FIXED64).fixed32(Number(u & 0xffff_ffffn)).fixed32(Number(u >> 32n));
}

function writeString(w: Writer, field: number, s: string): void {
  if (s !== '') tag(w, field, LENGTH_DELIMITED).string(s);
}

function writeUint32(w: Writer, field: number, n: number): void {
  if (n !== 0) tag(w, field, VARINT).uint32(n);
}

function writeId(w: Writer, field: number, hex: string): void {
  if (hex !== '') tag(w, field, LENGTH_DELIMITED).bytes(Buffer.from(hex, 'hex'));
}
