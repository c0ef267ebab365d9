/** Small read-only helpers over the span model. */
import { findAttribute, withExtraAttributes, type KeyValue } from './attributes.js';
import type { Resource, ResourceSpans, Span, TraceBatch } from './span.js';

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

/**
 * `batch` with `extra` added to each resource's attributes where the resource lacks the key (`withExtraAttributes`).
 * Copies only the resource level (one object per resource group, not per span); spans are shared, not copied, and
 * `batch` itself is never mutated. Returns `batch` when `extra` is empty.
 */
export function withResourceAttributes(batch: TraceBatch, extra: readonly KeyValue[]): TraceBatch {
  if (extra.length === 0) return batch;
  const resourceSpans: ResourceSpans[] = [];
  for (const rs of batch.resourceSpans) {
    resourceSpans.push({
      resource: { attributes: withExtraAttributes(rs.resource.attributes, extra), droppedAttributesCount: rs.resource.droppedAttributesCount },
      scopeSpans: rs.scopeSpans,
      schemaUrl: rs.schemaUrl,
    });
  }
  return { resourceSpans };
}
