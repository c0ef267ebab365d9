/**
 * The received encoding of a batch's spans. A decoder that reads OTLP/protobuf knows where each span's `Span` message
 * sits in the request body; it attaches those places to the batch so that a store can copy the bytes instead of
 * encoding the span a second time (measured: re-encoding was a quarter of the all-in-one server's ingest CPU).
 *
 * The attachment is a non-enumerable symbol property, so batches still compare and serialize as plain OTLP-shaped
 * data. It refers to the received buffers: whoever attaches it must not modify them afterwards, and code that changes
 * a span of an attached batch must detach the wire first (the bytes would no longer match the span).
 */
import type { TraceBatch } from './span.js';
import { countSpans } from './spans.js';

export interface SpanWire {
  /** Received buffers the spans' messages sit in. */
  bufs: Uint8Array[];
  /**
   * Three numbers per span, in batch order (resource by resource, scope by scope, span by span): the index into
   * `bufs` (-1 when this span has no received bytes), then the start and end of its length-delimited `Span` message
   * (the varint length prefix included).
   */
  refs: number[];
}

const WIRE = Symbol('ariadne.span-wire');

/** Attaches `wire` to `batch` (replacing any earlier one). */
export function attachSpanWire(batch: TraceBatch, wire: SpanWire): void {
  Object.defineProperty(batch, WIRE, { value: wire, configurable: true, enumerable: false, writable: false });
}

/** The wire attached to `batch`, if any. */
export function spanWireOf(batch: TraceBatch): SpanWire | undefined {
  return (batch as { [WIRE]?: SpanWire })[WIRE];
}

/** The wire attached to `batch` if it describes exactly `spanCount` spans (a guard against a stale attachment). */
export function spanWireFor(batch: TraceBatch, spanCount: number): SpanWire | undefined {
  const wire = spanWireOf(batch);
  return wire !== undefined && wire.refs.length === 3 * spanCount ? wire : undefined;
}

/** Forgets the received encoding (call before changing any span of the batch). */
export function detachSpanWire(batch: TraceBatch): void {
  delete (batch as { [WIRE]?: SpanWire })[WIRE];
}

/**
 * The wire of batches concatenated in this order (as their resource groups are when merged into one write), or
 * undefined when none of them has one.
 */
export function concatSpanWires(batches: readonly TraceBatch[]): SpanWire | undefined {
  let any = false;
  for (const b of batches) if (spanWireOf(b) !== undefined) any = true;
  if (!any) return undefined;
  const bufs: Uint8Array[] = [];
  const refs: number[] = [];
  for (let i = 0; i < batches.length; i++) {
    const wire = spanWireOf(batches[i]!);
    if (wire === undefined) {
      for (let s = countSpans(batches[i]!); s > 0; s--) refs.push(-1, 0, 0);
      continue;
    }
    const base = bufs.length;
    for (const b of wire.bufs) bufs.push(b);
    const r = wire.refs;
    for (let k = 0; k < r.length; k += 3) refs.push(r[k]! < 0 ? -1 : r[k]! + base, r[k + 1]!, r[k + 2]!);
  }
  return { bufs, refs };
}
