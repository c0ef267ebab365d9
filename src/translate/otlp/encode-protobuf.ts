/**
 * The span model as OTLP/protobuf `ExportTraceServiceRequest` bytes (identical layout to `TracesData`).
 * proto3 defaults (empty strings and lists, zeros, UNSET status) are left out, as protobuf encoders do; the output is
 * the minimal encoding, field by field in field-number order.
 *
 * This is the agent's per-span forwarding cost, hence the hand-written single-pass writer (see protobuf-write.ts for
 * why and the measurement). Length guesses per message: 1 byte for values, attributes, events, links and the scope
 * (usually under 128 bytes), 2 for a span (128 B – 16 KiB), 3 for the resource and scope groups (up to 2 MiB).
 */
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
import { ProtobufWriter } from './protobuf-write.js';

// Field keys: (field number << 3) | wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
const LEN = 2;
const key = (field: number, wireType: number): number => (field << 3) | wireType;

const writer = new ProtobufWriter();

export function encodeOtlpProtobuf(batch: TraceBatch): Uint8Array {
  const w = writer;
  w.reset();
  for (const rs of batch.resourceSpans) {
    w.byte(key(1, LEN));
    const m = w.beginMessage(3);
    writeResourceSpans(w, rs);
    w.endMessage(m);
  }
  return w.finish();
}

function writeResourceSpans(w: ProtobufWriter, rs: ResourceSpans): void {
  writeResource(w, rs.resource);
  for (const ss of rs.scopeSpans) {
    w.byte(key(2, LEN));
    const m = w.beginMessage(3);
    writeScopeSpans(w, ss);
    w.endMessage(m);
  }
  writeString(w, 3, rs.schemaUrl);
}

/** Field 1 of a ResourceSpans: the resource. */
export function writeResource(w: ProtobufWriter, resource: Resource): void {
  w.byte(key(1, LEN));
  const m = w.beginMessage(1);
  writeKeyValues(w, 1, resource.attributes);
  writeUint32(w, 2, resource.droppedAttributesCount);
  w.endMessage(m);
}

function writeScopeSpans(w: ProtobufWriter, ss: ScopeSpans): void {
  writeScope(w, ss.scope);
  const spans = ss.spans;
  for (let i = 0; i < spans.length; i++) {
    w.byte(key(2, LEN));
    const m = w.beginMessage(2);
    writeSpan(w, spans[i]!);
    w.endMessage(m);
  }
  writeString(w, 3, ss.schemaUrl);
}

/** Field 1 of a ScopeSpans: the scope. */
export function writeScope(w: ProtobufWriter, scope: InstrumentationScope): void {
  w.byte(key(1, LEN));
  const m = w.beginMessage(1);
  writeString(w, 1, scope.name);
  writeString(w, 2, scope.version);
  writeKeyValues(w, 3, scope.attributes);
  writeUint32(w, 4, scope.droppedAttributesCount);
  w.endMessage(m);
}

function writeSpan(w: ProtobufWriter, span: Span): void {
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
  const events = span.events;
  for (let i = 0; i < events.length; i++) {
    w.byte(key(11, LEN));
    const m = w.beginMessage(1);
    writeEvent(w, events[i]!);
    w.endMessage(m);
  }
  writeUint32(w, 12, span.droppedEventsCount);
  writeLinks(w, span.links);
  writeUint32(w, 14, span.droppedLinksCount);
  const status = span.status;
  if (status.code !== 0 || status.message !== '') {
    w.byte(key(15, LEN));
    const m = w.beginMessage(1);
    writeString(w, 2, status.message);
    writeUint32(w, 3, status.code);
    w.endMessage(m);
  }
  if (span.flags !== 0) {
    // Field 16 needs a two-byte key: 0x85 0x01.
    w.varint32(key(16, 5));
    w.fixed32(span.flags);
  }
}

/** Field 13 of a Span: its links. */
export function writeLinks(w: ProtobufWriter, links: readonly SpanLink[]): void {
  for (let i = 0; i < links.length; i++) {
    w.byte(key(13, LEN));
    const m = w.beginMessage(1);
    writeLink(w, links[i]!);
    w.endMessage(m);
  }
}

function writeEvent(w: ProtobufWriter, event: SpanEvent): void {
  writeFixed64(w, 1, event.timeUnixNano);
  writeString(w, 2, event.name);
  writeKeyValues(w, 3, event.attributes);
  writeUint32(w, 4, event.droppedAttributesCount);
}

function writeLink(w: ProtobufWriter, link: SpanLink): void {
  writeId(w, 1, link.traceId);
  writeId(w, 2, link.spanId);
  writeString(w, 3, link.traceState);
  writeKeyValues(w, 4, link.attributes);
  writeUint32(w, 5, link.droppedAttributesCount);
  if (link.flags !== 0) {
    w.byte(key(6, 5));
    w.fixed32(link.flags);
  }
}

function writeKeyValues(w: ProtobufWriter, field: number, attributes: readonly KeyValue[]): void {
  const k = key(field, LEN);
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i]!;
    const v = kv.value;
    if (v.type === 'string' && w.asciiStringKeyValue(k, kv.key, v.value)) continue;
    w.byte(k);
    const m = w.beginMessage(1);
    writeString(w, 1, kv.key);
    w.byte(key(2, LEN));
    const vm = w.beginMessage(1);
    writeAnyValue(w, v);
    w.endMessage(vm);
    w.endMessage(m);
  }
}

/** The AnyValue's fields (without its own key and length). A present oneof member is written even when zero. */
function writeAnyValue(w: ProtobufWriter, v: AnyValue): void {
  switch (v.type) {
    case 'string':
      w.byte(key(1, LEN));
      w.string(v.value);
      return;
    case 'bool':
      w.byte(key(2, 0));
      w.byte(v.value ? 1 : 0);
      return;
    case 'int':
      w.byte(key(3, 0));
      w.int64(v.value);
      return;
    case 'double':
      w.byte(key(4, 1));
      w.double(v.value);
      return;
    case 'array': {
      w.byte(key(5, LEN));
      const m = w.beginMessage(1);
      for (const item of v.value) {
        w.byte(key(1, LEN));
        const im = w.beginMessage(1);
        writeAnyValue(w, item);
        w.endMessage(im);
      }
      w.endMessage(m);
      return;
    }
    case 'kvlist': {
      w.byte(key(6, LEN));
      const m = w.beginMessage(1);
      writeKeyValues(w, 1, v.value);
      w.endMessage(m);
      return;
    }
    case 'bytes':
      w.byte(key(7, LEN));
      w.bytes(v.value);
      return;
    case 'empty':
      return;
  }
}

function writeFixed64(w: ProtobufWriter, field: number, v: bigint): void {
  if (v === 0n) return;
  w.byte(key(field, 1));
  w.fixed64(v);
}

function writeString(w: ProtobufWriter, field: number, s: string): void {
  if (s === '') return;
  w.byte(key(field, LEN));
  w.string(s);
}

function writeUint32(w: ProtobufWriter, field: number, n: number): void {
  if (n === 0) return;
  w.byte(key(field, 0));
  w.varint32(n);
}

function writeId(w: ProtobufWriter, field: number, hex: string): void {
  if (hex === '') return;
  w.byte(key(field, LEN));
  w.hexBytes(hex);
}
