/**
 * In-trace search: a span matches when every whitespace-separated term is found (case-insensitive) in its service,
 * name or span id, or in an attribute key, value or `key=value` pair of its tags, resource or events.
 */
import { valueToText } from './jaeger-types.js';
import type { Trace, TraceSpan } from './trace-model.js';

export function findSpans(trace: Trace, query: string): number[] {
  const terms = query.toLowerCase().split(/\s+/).filter((t) => t !== '');
  if (terms.length === 0) return [];
  const out: number[] = [];
  for (const span of trace.spans) if (terms.every((t) => spanMatches(span, t))) out.push(span.index);
  return out;
}

function spanMatches(span: TraceSpan, term: string): boolean {
  if (span.service.toLowerCase().includes(term)) return true;
  if (span.name.toLowerCase().includes(term)) return true;
  if (span.spanId.toLowerCase() === term || span.spanId.toLowerCase().replace(/^0+/, '') === term.replace(/^0+/, '')) return true;
  const lists = [span.tags, span.resource, ...span.events.map((e) => e.fields)];
  for (const list of lists) {
    for (const kv of list) {
      const key = kv.key.toLowerCase();
      const value = valueToText(kv.value).toLowerCase();
      if (key.includes(term) || value.includes(term) || `${key}=${value}` === term) return true;
    }
  }
  return false;
}
