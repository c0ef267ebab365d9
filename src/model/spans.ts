/** Small read-only helpers over the span model. */
import { findAttribute } from './attributes.js';
import type { Resource, Span, TraceBatch } from './span.js';

/** The `service.name` resource attribute as a string, or '' when absent. */
export function serviceNameOf(resource: Resource): string {
  const v = findAttribute(resource.attributes, 'service.name');
  return v !== undefined && v.type === 'string' ? v.value : '';
}

/** Number of spans in a batch. */
export function countSpans(batch: TraceBatch): number {
  let n = 0;
  for (const rs of batch.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

/** Span duration in nanoseconds; 0 when the end precedes the start. */
export function spanDurationNano(span: Span): bigint {
  const d = span.endTimeUnixNano - span.startTimeUnixNano;
  return d > 0n ? d : 0n;
}

/** Calls `visit` for every span in the batch with its resource and scope position. */
export function forEachSpan(
  batch: TraceBatch,
  visit: (span: Span, resourceIndex: number, scopeIndex: number) => void,
): void {
  const rss = batch.resourceSpans;
  for (let r = 0; r < rss.length; r++) {
    const sss = rss[r]!.scopeSpans;
    for (let s = 0; s < sss.length; s++) {
      const spans = sss[s]!.spans;
      for (let i = 0; i < spans.length; i++) visit(spans[i]!, r, s);
    }
  }
}
