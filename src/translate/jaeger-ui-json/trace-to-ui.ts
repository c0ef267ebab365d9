/**
 * A whole trace → Jaeger UI trace. Each resource becomes a process (`service.name` → `serviceName`, its other attributes
 * → tags; a resource without any attribute is `OTLPResourceNoServiceName`, as in the OpenTelemetry translation). Equal
 * processes are shared; ids `p1`, `p2`, … follow the order in which spans first use them, and the `processes` object
 * lists them in Go's map order (sorted as strings: p1, p10, p2) so output matches Jaeger's byte for byte.
 * Spans keep the order of the stored trace.
 */
import { toJaegerTraceId, type Resource, type Trace } from '../../model/index.js';
import { appendUiKeyValues } from './key-values.js';
import { spanToUi } from './span-to-ui.js';
import type { SpanWarningLookup, UiProcess, UiSpan, UiTrace } from './ui-model.js';

const NO_SERVICE_NAME = 'OTLPResourceNoServiceName';
const SERVICE_NAME_KEY = 'service.name';

export function resourceToUiProcess(resource: Resource): UiProcess {
  const attrs = resource.attributes;
  if (attrs.length === 0) return { serviceName: NO_SERVICE_NAME, tags: [] };
  let serviceName = '';
  for (const kv of attrs) {
    if (kv.key === SERVICE_NAME_KEY) {
      serviceName = kv.value.type === 'string' ? kv.value.value : '';
      break;
    }
  }
  return { serviceName, tags: appendUiKeyValues([], attrs, SERVICE_NAME_KEY) };
}

export function traceToUi(trace: Trace, warnings?: SpanWarningLookup): UiTrace {
  const spans: UiSpan[] = [];
  const idsByKey = new Map<string, string>();
  const processes: Array<[string, UiProcess]> = [];
  let traceID = '';
  for (const rs of trace.resourceSpans) {
    let processID: string | undefined;
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        // A resource without spans contributes no process, as in Jaeger.
        if (processID === undefined) processID = internProcess(resourceToUiProcess(rs.resource), idsByKey, processes);
        if (traceID === '') traceID = toJaegerTraceId(span.traceId);
        spans.push(spanToUi(span, ss.scope, processID, warnings?.get(span)));
      }
    }
  }
  processes.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    traceID: traceID === '' ? toJaegerTraceId(trace.traceId) : traceID,
    spans,
    processes: Object.fromEntries(processes),
    warnings: null,
  };
}

function internProcess(process: UiProcess, idsByKey: Map<string, string>, out: Array<[string, UiProcess]>): string {
  const key = JSON.stringify(process);
  let id = idsByKey.get(key);
  if (id === undefined) {
    id = `p${idsByKey.size + 1}`;
    idsByKey.set(key, id);
    out.push([id, process]);
  }
  return id;
}
