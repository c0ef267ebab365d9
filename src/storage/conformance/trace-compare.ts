/**
 * Order-insensitive comparison of stored and expected spans: each span becomes one canonical text row that includes
 * its resource and scope (with schema URLs), and the sorted rows are compared. Every field counts, so a backend that
 * loses an attribute type, an int64 digit or a nanosecond fails.
 */
import assert from 'node:assert/strict';
import type { AnyValue, KeyValue, Span, Trace, TraceBatch } from '../../model/index.js';

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** One sorted canonical row per span of the given traces or batches. */
export function spanRows(traces: Iterable<Trace | TraceBatch>): string[] {
  const rows: string[] = [];
  for (const t of traces) {
    for (const rs of t.resourceSpans) {
      const resource = { attributes: canonAttributes(rs.resource.attributes), dropped: rs.resource.droppedAttributesCount, schemaUrl: rs.schemaUrl };
      for (const ss of rs.scopeSpans) {
        const scope = {
          name: ss.scope.name,
          version: ss.scope.version,
          attributes: canonAttributes(ss.scope.attributes),
          dropped: ss.scope.droppedAttributesCount,
          schemaUrl: ss.schemaUrl,
        };
        for (const span of ss.spans) rows.push(JSON.stringify({ span: canonSpan(span), resource, scope }));
      }
    }
  }
  return rows.sort();
}

export function assertSameSpans(actual: Iterable<Trace | TraceBatch>, expected: Iterable<Trace | TraceBatch>, message?: string): void {
  assert.deepEqual(spanRows(actual), spanRows(expected), message);
}

/** Sorted ids of the traces, each checked to contain only spans of its own id. */
export function traceIdsOf(traces: readonly Trace[]): string[] {
  for (const t of traces) {
    for (const rs of t.resourceSpans) {
      for (const ss of rs.scopeSpans) {
        for (const s of ss.spans) assert.equal(s.traceId, t.traceId, `trace ${t.traceId} holds a span of trace ${s.traceId}`);
      }
    }
  }
  return traces.map((t) => t.traceId).sort();
}

export function spanCountOf(trace: Trace | TraceBatch): number {
  let n = 0;
  for (const rs of trace.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

function canonSpan(s: Span): unknown {
  return {
    traceId: s.traceId,
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    traceState: s.traceState,
    flags: s.flags,
    name: s.name,
    kind: s.kind,
    start: s.startTimeUnixNano.toString(),
    end: s.endTimeUnixNano.toString(),
    attributes: canonAttributes(s.attributes),
    droppedAttributes: s.droppedAttributesCount,
    events: s.events.map((e) => ({
      time: e.timeUnixNano.toString(),
      name: e.name,
      attributes: canonAttributes(e.attributes),
      dropped: e.droppedAttributesCount,
    })),
    droppedEvents: s.droppedEventsCount,
    links: s.links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      traceState: l.traceState,
      attributes: canonAttributes(l.attributes),
      dropped: l.droppedAttributesCount,
      flags: l.flags,
    })),
    droppedLinks: s.droppedLinksCount,
    status: [s.status.code, s.status.message],
  };
}

function canonAttributes(attributes: readonly KeyValue[]): unknown[] {
  return attributes.map((kv) => [kv.key, canonValue(kv.value)]);
}

function canonValue(v: AnyValue): unknown {
  switch (v.type) {
    case 'int':
      return { int: v.value.toString() };
    case 'double':
      return { double: Object.is(v.value, -0) ? '-0' : String(v.value) };
    case 'bytes':
      return { bytes: Buffer.from(v.value.buffer, v.value.byteOffset, v.value.byteLength).toString('base64') };
    case 'array':
      return { array: v.value.map(canonValue) };
    case 'kvlist':
      return { kvlist: canonAttributes(v.value) };
    default:
      return { [v.type]: v.value };
  }
}
