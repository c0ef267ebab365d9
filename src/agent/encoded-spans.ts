/**
 * What the agent queues and forwards: spans already encoded as OTLP/protobuf `ExportTraceServiceRequest` messages.
 *
 * Why bytes and not the span model: an agent only re-encodes what it receives, and Jaeger compact datagrams transcode
 * straight into request bytes (`transcodeJaegerCompactDatagram`) at a fraction of the CPU and heap that decoding into
 * the model and encoding it again costs; queued bytes also give the garbage collector nothing to trace or copy
 * (docs/benchmarks.md, "UDP agent"). An `ExportTraceServiceRequest` is one repeated field, so the concatenation of
 * several serialized requests is itself the request holding all their resource spans: merging and batching are copies.
 */
import { withResourceAttributes, type KeyValue, type TraceBatch } from '../model/index.js';
import { encodeOtlpProtobuf } from '../translate/otlp/index.js';

export interface EncodedSpans {
  /** Serialized `ExportTraceServiceRequest`s, in arrival order. Never empty ones. */
  requests: Uint8Array[];
  /** Spans in each request. */
  spanCounts: number[];
  /**
   * To call, each once, when the bytes are no longer needed (forwarded, or given up): the requests may be views into
   * a transcoding thread's ring (byte-ring.ts), whose space is reused afterwards. See `releaseEncodedSpans`.
   */
  release?: Array<() => void>;
}

export function encodedSpans(request: Uint8Array, spanCount: number): EncodedSpans {
  return { requests: [request], spanCounts: [spanCount] };
}

/** One batch holding the requests of `batches` in order (the arrays are new; the bytes are shared). */
export function mergeEncodedSpans(batches: readonly EncodedSpans[]): EncodedSpans {
  const requests: Uint8Array[] = [];
  const spanCounts: number[] = [];
  let release: Array<() => void> | undefined;
  for (const b of batches) {
    for (let i = 0; i < b.requests.length; i++) {
      requests.push(b.requests[i]!);
      spanCounts.push(b.spanCounts[i]!);
    }
    if (b.release !== undefined) (release ??= []).push(...b.release);
  }
  return release === undefined ? { requests, spanCounts } : { requests, spanCounts, release };
}

/** Calls the batch's `release` functions (once: they are cleared). */
export function releaseEncodedSpans(batch: EncodedSpans): void {
  const release = batch.release;
  if (release === undefined) return;
  batch.release = undefined;
  for (const r of release) r();
}

/** A model batch as one request, with `resourceAttributes` added to each resource (see `withResourceAttributes`). */
export function encodeSpans(batch: TraceBatch, spanCount: number, resourceAttributes: readonly KeyValue[]): EncodedSpans {
  return encodedSpans(encodeOtlpProtobuf(withResourceAttributes(batch, resourceAttributes)), spanCount);
}
