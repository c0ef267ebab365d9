/**
 * The trace statistics table: spans grouped by service, by operation (service + span name) or by the value of any
 * attribute, with count, total/avg/min/max duration and the same for self time, and self time as a share of the
 * group's total.
 */
import { valueToText } from './jaeger-types.js';
import type { Trace, TraceSpan } from './trace-model.js';

export type StatsGroupBy = { kind: 'service' } | { kind: 'operation' } | { kind: 'attribute'; key: string };

export interface StatsRow {
  group: string;
  count: number;
  total: number;
  avg: number;
  min: number;
  max: number;
  selfTotal: number;
  selfAvg: number;
  selfMin: number;
  selfMax: number;
  /** selfTotal / total, 0..100. */
  selfPercent: number;
}

/** Spans without the attribute are grouped under `(no value)`. Rows are sorted by total, largest first. */
export function computeStats(trace: Trace, selfTimes: Float64Array, groupBy: StatsGroupBy): StatsRow[] {
  const groups = new Map<string, StatsRow>();
  for (const span of trace.spans) {
    const group = groupKey(span, groupBy);
    const self = selfTimes[span.index] ?? 0;
    let row = groups.get(group);
    if (row === undefined) {
      row = { group, count: 0, total: 0, avg: 0, min: Infinity, max: -Infinity, selfTotal: 0, selfAvg: 0, selfMin: Infinity, selfMax: -Infinity, selfPercent: 0 };
      groups.set(group, row);
    }
    row.count++;
    row.total += span.durationUs;
    row.min = Math.min(row.min, span.durationUs);
    row.max = Math.max(row.max, span.durationUs);
    row.selfTotal += self;
    row.selfMin = Math.min(row.selfMin, self);
    row.selfMax = Math.max(row.selfMax, self);
  }
  const rows = [...groups.values()];
  for (const r of rows) {
    r.avg = r.total / r.count;
    r.selfAvg = r.selfTotal / r.count;
    r.selfPercent = r.total > 0 ? (r.selfTotal / r.total) * 100 : 0;
  }
  return rows.sort((a, b) => b.total - a.total || (a.group < b.group ? -1 : 1));
}

function groupKey(span: TraceSpan, groupBy: StatsGroupBy): string {
  if (groupBy.kind === 'service') return span.service;
  if (groupBy.kind === 'operation') return `${span.service}: ${span.name}`;
  const tag = span.tags.find((t) => t.key === groupBy.key) ?? span.resource.find((t) => t.key === groupBy.key);
  return tag === undefined ? '(no value)' : valueToText(tag.value);
}

/** Every attribute key used in the trace (span and resource), sorted, for the group-by picker. */
export function attributeKeys(trace: Trace): string[] {
  const keys = new Set<string>();
  for (const span of trace.spans) {
    for (const t of span.tags) keys.add(t.key);
    for (const t of span.resource) keys.add(t.key);
  }
  return [...keys].sort();
}
