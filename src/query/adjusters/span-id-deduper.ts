/**
 * Zipkin-style clients give the client and the server side of one RPC the same span id; the Jaeger UI needs unique ids.
 * A server span whose id is also used by a client span gets a fresh id (the lowest unused one counting up from 1), the
 * shared id becomes its parent, and its children are re-pointed to the new id. The span is told so in a warning.
 */
import { forEachSpan, SpanKind, type Trace } from '../../model/index.js';
import { addWarning, type SpanWarnings } from './span-warnings.js';

const MAX_SPAN_ID = 0xffff_ffff_ffff_ffffn;

export function dedupeClientServerSpanIds(trace: Trace, warnings: SpanWarnings): void {
  // Every id in use, and whether a client span uses it.
  const clientById = new Map<string, boolean>();
  let shared = false;
  forEachSpan(trace, (span) => {
    const isClient = span.kind === SpanKind.CLIENT;
    const known = clientById.get(span.spanId);
    if (known !== undefined) shared = true;
    clientById.set(span.spanId, known === true || isClient);
  });
  if (!shared) return;

  const renamed = new Map<string, string>();
  let lastIssued = 0n;
  forEachSpan(trace, (span) => {
    if (span.kind !== SpanKind.SERVER || clientById.get(span.spanId) !== true) return;
    let candidate = lastIssued + 1n;
    while (candidate <= MAX_SPAN_ID && clientById.has(toSpanId(candidate))) candidate++;
    if (candidate > MAX_SPAN_ID) {
      addWarning(warnings, span, 'cannot assign unique span ID, too many spans in the trace');
      return;
    }
    lastIssued = candidate;
    const newId = toSpanId(candidate);
    clientById.set(newId, false);
    renamed.set(span.spanId, newId);
    addWarning(warnings, span, `span ID ${span.spanId} is shared with a client span; this server span was given ID ${newId}`);
    span.parentSpanId = span.spanId;
    span.spanId = newId;
  });
  forEachSpan(trace, (span) => {
    const newParent = renamed.get(span.parentSpanId);
    // The renamed server span itself keeps the shared id as its parent.
    if (newParent !== undefined && newParent !== span.spanId) span.parentSpanId = newParent;
  });
}

function toSpanId(n: bigint): string {
  return n.toString(16).padStart(16, '0');
}
