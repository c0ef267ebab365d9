/**
 * Puts every collection of a trace in a canonical order, as Jaeger's query service does: resource, scope, span, event
 * and link attributes by key; events by time. Shown tags then read the same whatever order a client sent, and exact
 * duplicates compare equal. Sorting is stable and skipped for collections already in order (the common case).
 */
import type { KeyValue, SpanEvent, Trace } from '../../model/index.js';

export function sortCollections(trace: Trace): void {
  for (const rs of trace.resourceSpans) {
    sortAttributes(rs.resource.attributes);
    for (const ss of rs.scopeSpans) {
      sortAttributes(ss.scope.attributes);
      for (const span of ss.spans) {
        sortAttributes(span.attributes);
        sortEvents(span.events);
        for (const link of span.links) sortAttributes(link.attributes);
      }
    }
  }
}

function byKey(a: KeyValue, b: KeyValue): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function byTime(a: SpanEvent, b: SpanEvent): number {
  return a.timeUnixNano < b.timeUnixNano ? -1 : a.timeUnixNano > b.timeUnixNano ? 1 : 0;
}

function sortAttributes(attributes: KeyValue[]): void {
  for (let i = 1; i < attributes.length; i++) {
    if (byKey(attributes[i - 1]!, attributes[i]!) > 0) {
      attributes.sort(byKey);
      return;
    }
  }
}

function sortEvents(events: SpanEvent[]): void {
  for (let i = 1; i < events.length; i++) {
    if (byTime(events[i - 1]!, events[i]!) > 0) {
      events.sort(byTime);
      break;
    }
  }
  for (const event of events) sortAttributes(event.attributes);
}
