/** Small Jaeger JSON traces written by hand for the UI's pure-logic tests. */
import type { JaegerKeyValue, JaegerSpan, JaegerTrace } from '../../ui/src/lib/jaeger-types.js';

export interface SpanSpec {
  id: string;
  parent?: string;
  service?: string;
  name?: string;
  start: number;
  duration: number;
  error?: boolean;
  tags?: JaegerKeyValue[];
}

/** A trace `t1` whose spans start at 1_000_000 µs + `start`; services become processes p-<service>. */
export function makeTrace(specs: SpanSpec[], traceID = 't1'): JaegerTrace {
  const processes: JaegerTrace['processes'] = {};
  const spans: JaegerSpan[] = specs.map((s) => {
    const service = s.service ?? 'svc';
    processes[`p-${service}`] = { serviceName: service, tags: [{ key: 'host.name', type: 'string', value: 'h1' }] };
    const tags: JaegerKeyValue[] = [...(s.tags ?? [])];
    if (s.error) tags.push({ key: 'error', type: 'bool', value: true });
    return {
      traceID,
      spanID: s.id,
      operationName: s.name ?? s.id,
      references: s.parent === undefined ? [] : [{ refType: 'CHILD_OF', traceID, spanID: s.parent }],
      startTime: 1_000_000 + s.start,
      duration: s.duration,
      tags,
      logs: [],
      processID: `p-${service}`,
      warnings: null,
    };
  });
  return { traceID, spans, processes, warnings: null };
}
