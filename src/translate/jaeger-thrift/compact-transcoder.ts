/**
 * Jaeger agent compact datagram → OTLP/protobuf `ExportTraceServiceRequest`, without building the span model: the
 * byte-level path for a forwarder (the agent role) whose only job is to re-encode what it receives.
 *
 * Why (measured, docs/benchmarks.md "UDP agent"): on bench:udp's datagrams this costs ~8 µs of CPU per span where
 * decoding into the model and encoding it costs ~10 (bench/encode-otlp.ts), and it allocates ~490 B of JS heap per
 * span instead of ~2.5 KB that then stays alive while queued: end to end, the agent built on it
 * (src/agent/datagram-encoders.ts) moved 49–58k spans per CPU-second where the model-based agent moved 32–37k in
 * paired runs. Tags are read into a reusable table of byte ranges and ASCII strings are copied as bytes: no string,
 * attribute or span object is created for ordinary spans.
 *
 * Contract: for every datagram, `transcodeJaegerCompactDatagram(d, extra)` gives exactly the bytes of
 * `encodeOtlpProtobuf(withResourceAttributes(decodeJaegerAgentCompactDatagram(d).batch, extra))` with the same counts
 * (the tests check this on random input). The Jaeger → OTLP rules are not re-implemented: the few tags they read (span.kind, error, status and
 * scope tags; see jaeger-span-tags.ts) are turned into model attributes of a stand-in span, and the shared rule
 * functions decide; references go through `resolveJaegerReferences` the same way. Input this path does not handle
 * goes through the model path instead.
 */
import { withExtraAttributes, withResourceAttributes, type KeyValue, type TraceBatch } from '../../model/index.js';
import { ProtobufWriter, encodeOtlpProtobuf, writeResource, writeScope } from '../otlp/index.js';
import { BAIL, CompactCursor } from './compact-cursor.js';
import { createSpanRecord, type SpanRecord } from './compact-tag-rows.js';
import { writeTranscodedSpan } from './compact-transcode-span.js';
import { createSpanRejections, recordRejection, rejectionMessage } from './decode-result.js';
import { decodeJaegerAgentCompactDatagram } from './decode-jaeger-thrift.js';
import { jaegerProcessToResource } from './jaeger-process.js';
import { NO_SCOPE, type ScopeNameVersion } from './jaeger-span-tags.js';
import { createEmptySpan } from './span-batch-builder.js';
import { asBuffer } from './thrift-reader.js';

export type OtlpTranscodeResult =
  | {
      ok: true;
      /** An `ExportTraceServiceRequest`; empty when no span was kept. */
      bytes: Uint8Array;
      spanCount: number;
      rejectedSpans: number;
      /** As in `TraceDecodeResult`. */
      rejectionMessage: string;
    }
  | { ok: false; error: string };

/**
 * Transcodes an agent datagram in the Thrift compact protocol (port 6831) into an OTLP/protobuf export request.
 * `resourceAttributes` are added to the resource where the process has no tag of that key (an agent's own tags).
 */
export function transcodeJaegerCompactDatagram(datagram: Uint8Array, resourceAttributes: readonly KeyValue[] = []): OtlpTranscodeResult {
  const out = transcoder.request;
  out.reset();
  const r = appendJaegerCompactDatagram(datagram, resourceAttributes, out);
  return r.ok ? { ...r, bytes: out.finish() } : r;
}

type Appended = Omit<Extract<OtlpTranscodeResult, { ok: true }>, 'bytes'>;
export type OtlpAppendResult = Appended | Extract<OtlpTranscodeResult, { ok: false }>;

/**
 * `transcodeJaegerCompactDatagram` into a writer: appends the request's bytes at `out.pos` (nothing when no span was
 * kept) instead of returning a copy, so that a caller collecting many requests (the agent's transcoding threads: the
 * concatenation of requests is one request) makes no buffer per datagram.
 */
export function appendJaegerCompactDatagram(datagram: Uint8Array, resourceAttributes: readonly KeyValue[], out: ProtobufWriter): OtlpAppendResult {
  const buf = asBuffer(datagram);
  const at = out.pos;
  const fast = appendWithoutModel(buf, resourceAttributes, out);
  if (fast !== undefined) return fast;
  out.pos = at; // whatever the fast path wrote before it gave up
  // Not the usual shape (or malformed): the model path handles it or words the error.
  const decoded = decodeJaegerAgentCompactDatagram(buf);
  if (!decoded.ok) return decoded;
  const bytes = encodeOtlpProtobuf(withResourceAttributes(decoded.batch, resourceAttributes));
  out.raw(bytes, 0, bytes.length);
  return { ...countsOf(decoded), ok: true };
}

/** The byte-level path alone: undefined for input it does not handle (exported for tests). */
export function transcodeWithoutModel(buf: Buffer, resourceAttributes: readonly KeyValue[] = []): OtlpTranscodeResult | undefined {
  const out = transcoder.request;
  out.reset();
  const r = appendWithoutModel(buf, resourceAttributes, out);
  return r === undefined ? undefined : { ...r, bytes: out.finish() };
}

function appendWithoutModel(buf: Buffer, resourceAttributes: readonly KeyValue[], out: ProtobufWriter): Appended | undefined {
  const t = transcoder;
  t.reset(buf);
  try {
    return t.emitBatch(resourceAttributes, out);
  } catch (err) {
    if (err === BAIL) return undefined;
    throw err;
  } finally {
    t.release();
  }
}

function countsOf(r: { spanCount: number; rejectedSpans: number; rejectionMessage: string }): Omit<Extract<OtlpTranscodeResult, { ok: true }>, 'ok' | 'bytes'> {
  return { spanCount: r.spanCount, rejectedSpans: r.rejectedSpans, rejectionMessage: r.rejectionMessage };
}

interface ScopeGroup {
  scope: ScopeNameVersion;
  /** Start and end, in the span writer, of each of its span messages (length prefix included). */
  ranges: number[];
}

class CompactTranscoder extends CompactCursor {
  /** Span messages are written here first, then grouped by scope into the request. */
  private readonly spans = new ProtobufWriter();
  /** Where `transcodeJaegerCompactDatagram` assembles its request before copying it out. */
  readonly request = new ProtobufWriter();
  private readonly record: SpanRecord = createSpanRecord(createEmptySpan()) // the stand-in the shared Jaeger rules run on;

  /** Appends the datagram's request to `out` (nothing when no span is kept). */
  emitBatch(resourceAttributes: readonly KeyValue[], out: ProtobufWriter): Appended {
    this.emitBatchHeader();
    this.spans.reset();
    const groups: ScopeGroup[] = [];
    const rejections = createSpanRejections();
    let spanCount = 0;
    const { serviceName, processTags } = this.batchFields((i) => {
      const start = this.spans.pos;
      const outcome = writeTranscodedSpan(this, this.record, this.spans);
      if (typeof outcome === 'string') {
        recordRejection(rejections, `span ${i}: ${outcome}`);
      } else {
        groupOf(groups, outcome).ranges.push(start, this.spans.pos);
        spanCount++;
      }
    });
    this.endEmitBatch();
    if (spanCount > 0) {
      const resource = jaegerProcessToResource(serviceName, processTags);
      resource.attributes = withExtraAttributes(resource.attributes, resourceAttributes);
      this.assemble(out, resource, groups);
    }
    return { ok: true, spanCount, rejectedSpans: rejections.count, rejectionMessage: rejectionMessage(rejections) };
  }

  /** One ResourceSpans with one ScopeSpans per scope, in first-seen order, as `encodeOtlpProtobuf` lays them out. */
  private assemble(w: ProtobufWriter, resource: TraceBatch['resourceSpans'][number]['resource'], groups: ScopeGroup[]): void {
    const spanBytes = this.spans.written();
    w.byte(0x0a); // ExportTraceServiceRequest.resource_spans
    const rs = w.beginMessage(3);
    writeResource(w, resource);
    for (const g of groups) {
      w.byte(0x12); // ResourceSpans.scope_spans
      const ss = w.beginMessage(3);
      writeScope(w, { name: g.scope.name, version: g.scope.version, attributes: [], droppedAttributesCount: 0 });
      for (let k = 0; k < g.ranges.length; k += 2) {
        w.byte(0x12); // ScopeSpans.spans
        w.raw(spanBytes, g.ranges[k]!, g.ranges[k + 1]!);
      }
      w.endMessage(ss);
    }
    w.endMessage(rs);
  }
}

function groupOf(groups: ScopeGroup[], scope: ScopeNameVersion): ScopeGroup {
  for (const g of groups) if (g.scope === scope || (g.scope.name === scope.name && g.scope.version === scope.version)) return g;
  const g: ScopeGroup = { scope: scope === NO_SCOPE ? NO_SCOPE : scope, ranges: [] };
  groups.push(g);
  return g;
}

const transcoder = new CompactTranscoder();
