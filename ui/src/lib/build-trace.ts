/**
 * Builds the UI trace model from a Jaeger JSON trace (search results, uploaded files): resolves each span's parent
 * (the first in-trace CHILD_OF reference, else the first in-trace FOLLOWS_FROM one), keeps the first of spans sharing
 * an id, and hands the columns to `assembleTrace`. Attributes, events and links are taken from the JSON objects when
 * a view first reads them.
 */
import { assembleTrace, SPAN_ERROR, SPAN_WARNINGS, type ProcessInfo, type RawLink, type SpanColumns } from './assemble-trace.js';
import { normalizeId, valueToText, type JaegerKeyValue, type JaegerSpan, type JaegerTrace } from './jaeger-types.js';
import type { Trace } from './trace-model.js';

export function buildTrace(source: JaegerTrace): Trace {
  const traceKey = normalizeId(source.traceID);
  const kept: JaegerSpan[] = [];
  const keys: string[] = [];
  const byKey = new Map<string, number>();
  const duplicates: string[] = [];
  for (const raw of source.spans) {
    const key = normalizeId(raw.spanID);
    if (byKey.has(key)) {
      duplicates.push(raw.spanID);
      continue;
    }
    byKey.set(key, kept.length);
    kept.push(raw);
    keys.push(key);
  }
  const n = kept.length;
  const processIndex = new Map<string, number>();
  const processes: ProcessInfo[] = [];
  const cols: SpanColumns = {
    traceId: source.traceID,
    count: n,
    ids: kept.map((s) => s.spanID),
    parents: new Int32Array(n),
    starts: new Float64Array(n),
    durations: new Float64Array(n),
    names: kept.map((s) => s.operationName),
    kinds: kept.map((s) => tagText(s.tags ?? [], 'span.kind')),
    processOf: new Int32Array(n),
    processes,
    flags: new Uint8Array(n),
    warnings: source.warnings ?? [],
    orphans: [],
    duplicates,
    source,
  };
  const parentRef = new Int32Array(n);
  const orphans: Array<[number, string]> = [];
  for (let i = 0; i < n; i++) {
    const raw = kept[i]!;
    const ref = pickParent(raw, keys[i]!, traceKey, byKey);
    parentRef[i] = ref;
    let parent = -1;
    if (ref >= 0) {
      const parentKey = normalizeId(raw.references![ref]!.spanID);
      parent = byKey.get(parentKey) ?? -1;
      if (parent < 0) orphans.push([i, parentKey]);
    }
    cols.parents[i] = parent;
    cols.starts[i] = raw.startTime;
    cols.durations[i] = raw.duration;
    let p = processIndex.get(raw.processID);
    if (p === undefined) {
      const process = source.processes[raw.processID];
      p = processes.length;
      processes.push({ service: process?.serviceName ?? raw.processID, tags: process?.tags ?? [] });
      processIndex.set(raw.processID, p);
    }
    cols.processOf[i] = p;
    cols.flags[i] = (isErrorSpan(raw.tags ?? []) ? SPAN_ERROR : 0) | ((raw.warnings?.length ?? 0) > 0 ? SPAN_WARNINGS : 0);
  }
  cols.orphans = orphans;
  return assembleTrace(cols, {
    read(load) {
      const raw = kept[load]!;
      const refs = raw.references ?? [];
      const links: RawLink[] = [];
      for (let r = 0; r < refs.length; r++) {
        if (r === parentRef[load]) continue;
        const ref = refs[r]!;
        const inTrace = ref.traceID === traceKey || normalizeId(ref.traceID) === traceKey;
        links.push({ refType: ref.refType, traceId: ref.traceID, spanId: ref.spanID, target: inTrace ? (byKey.get(normalizeId(ref.spanID)) ?? -1) : -1 });
      }
      return { tags: raw.tags ?? [], logs: raw.logs ?? [], links, warnings: raw.warnings ?? [] };
    },
  });
}

/** Index of the reference that is the parent edge, -1 for none. */
function pickParent(raw: JaegerSpan, key: string, traceKey: string, byKey: Map<string, number>): number {
  const refs = raw.references ?? [];
  let follows = -1;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    if (ref.traceID !== traceKey && normalizeId(ref.traceID) !== traceKey) continue;
    const target = normalizeId(ref.spanID);
    if (target === key) continue;
    if (ref.refType === 'CHILD_OF') return i;
    if (follows < 0 && byKey.has(target)) follows = i;
  }
  return follows;
}

/** Jaeger's rule: `error` tag true (bool or "true"), or the OTLP status ERROR. */
export function isErrorSpan(tags: readonly { key: string; value: unknown }[]): boolean {
  for (const t of tags) {
    if (t.key === 'error' && (t.value === true || t.value === 'true')) return true;
    if (t.key === 'otel.status_code' && t.value === 'ERROR') return true;
  }
  return false;
}

function tagText(tags: readonly JaegerKeyValue[], key: string): string {
  const tag = tags.find((t) => t.key === key);
  return tag === undefined ? '' : valueToText(tag.value);
}
