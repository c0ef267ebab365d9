/**
 * Builds the UI trace model from a Jaeger JSON trace: resolves each span's parent (the first in-trace CHILD_OF
 * reference, else the first in-trace FOLLOWS_FROM one), orders the tree depth-first with children by start time, and
 * computes depths, subtree ranges and error flags. Never throws on odd input: unknown parents make roots (with a
 * warning), reference cycles are broken, duplicate span ids keep the first span.
 */
import { normalizeId, valueToText, type JaegerSpan, type JaegerTrace } from './jaeger-types.js';
import type { ServiceCount, SpanEvent, SpanLink, Trace, TraceSpan } from './trace-model.js';

interface Draft {
  raw: JaegerSpan;
  key: string;
  parentKey: string;
  parentRef: number;
  children: Draft[];
  index: number;
}

export function buildTrace(source: JaegerTrace): Trace {
  const warnings: string[] = [...(source.warnings ?? [])];
  const traceKey = normalizeId(source.traceID);
  const byKey = new Map<string, Draft>();
  const drafts: Draft[] = [];
  for (const raw of source.spans) {
    const key = normalizeId(raw.spanID);
    if (byKey.has(key)) {
      warnings.push(`duplicate span id ${raw.spanID}: only the first span is shown`);
      continue;
    }
    const draft: Draft = { raw, key, parentKey: '', parentRef: -1, children: [], index: -1 };
    byKey.set(key, draft);
    drafts.push(draft);
  }
  const roots: Draft[] = [];
  for (const draft of drafts) {
    pickParent(draft, traceKey, byKey);
    const parent = draft.parentKey === '' ? undefined : byKey.get(draft.parentKey);
    if (parent === undefined) {
      if (draft.parentKey !== '') warnings.push(`span ${draft.raw.spanID} references parent ${draft.parentKey} which is not in the trace`);
      roots.push(draft);
    } else parent.children.push(draft);
  }
  const byStart = (a: Draft, b: Draft) => a.raw.startTime - b.raw.startTime;
  roots.sort(byStart);
  const ordered: Draft[] = [];
  orderDepthFirst(roots, byStart, ordered);
  if (ordered.length < drafts.length) warnings.push('some spans form a reference cycle; the cycle is cut and shown from its first span');
  while (ordered.length < drafts.length) {
    // Spans left out are on reference cycles: cut each cycle at its first span, which becomes a root.
    const d = drafts.find((x) => x.index < 0)!;
    const parent = byKey.get(d.parentKey);
    if (parent !== undefined) parent.children = parent.children.filter((c) => c !== d);
    d.parentKey = '';
    roots.push(d);
    orderDepthFirst([d], byStart, ordered);
  }
  return assemble(source, ordered, roots, warnings, byKey);
}

function pickParent(draft: Draft, traceKey: string, byKey: Map<string, Draft>): void {
  const refs = draft.raw.references ?? [];
  let follows = -1;
  for (let i = 0; i < refs.length; i++) {
    const ref = refs[i]!;
    if (ref.traceID !== traceKey && normalizeId(ref.traceID) !== traceKey) continue;
    const key = normalizeId(ref.spanID);
    if (key === draft.key) continue;
    if (ref.refType === 'CHILD_OF') {
      draft.parentKey = key;
      draft.parentRef = i;
      return;
    }
    if (follows < 0 && byKey.has(key)) follows = i;
  }
  if (follows >= 0) {
    draft.parentKey = normalizeId(refs[follows]!.spanID);
    draft.parentRef = follows;
  }
}

/** Iterative pre-order walk (deep traces would overflow a recursive one); a draft reached twice is skipped. */
function orderDepthFirst(roots: Draft[], byStart: (a: Draft, b: Draft) => number, out: Draft[]): void {
  const stack: Draft[] = [];
  for (let r = roots.length - 1; r >= 0; r--) stack.push(roots[r]!);
  while (stack.length > 0) {
    const d = stack.pop()!;
    if (d.index >= 0) continue;
    d.index = out.length;
    out.push(d);
    d.children.sort(byStart);
    for (let c = d.children.length - 1; c >= 0; c--) stack.push(d.children[c]!);
  }
}

function assemble(source: JaegerTrace, ordered: Draft[], rootDrafts: Draft[], warnings: string[], byKey: Map<string, Draft>): Trace {
  let startUs = Infinity;
  let endUs = -Infinity;
  for (const d of ordered) {
    startUs = Math.min(startUs, d.raw.startTime);
    endUs = Math.max(endUs, d.raw.startTime + d.raw.duration);
  }
  if (ordered.length === 0) startUs = endUs = 0;
  const spans: TraceSpan[] = new Array(ordered.length);
  const serviceCounts = new Map<string, ServiceCount>();
  let errorCount = 0;
  let maxDepth = 0;
  for (const d of ordered) {
    const span = toSpan(d, source, startUs, byKey);
    const parentIndex = d.parentKey === '' ? -1 : (byKey.get(d.parentKey)?.index ?? -1);
    span.parent = parentIndex >= 0 && parentIndex < d.index ? parentIndex : -1;
    span.depth = span.parent < 0 ? 0 : spans[span.parent]!.depth + 1;
    if (span.parent >= 0) spans[span.parent]!.children.push(d.index);
    maxDepth = Math.max(maxDepth, span.depth);
    if (span.hasError) errorCount++;
    const sc = serviceCounts.get(span.service) ?? { name: span.service, count: 0, errors: 0 };
    sc.count++;
    if (span.hasError) sc.errors++;
    serviceCounts.set(span.service, sc);
    spans[d.index] = span;
  }
  for (let i = spans.length - 1; i >= 0; i--) {
    const span = spans[i]!;
    let end = i + 1;
    for (const c of span.children) {
      const child = spans[c]!;
      end = Math.max(end, child.subtreeEnd);
      if (child.subtreeHasError) span.subtreeHasError = true;
    }
    span.subtreeEnd = end;
  }
  const roots = rootDrafts.map((d) => d.index).sort((a, b) => a - b);
  const first = spans[roots[0] ?? 0];
  return {
    traceId: source.traceID,
    spans,
    roots,
    startUs,
    endUs,
    durationUs: endUs - startUs,
    name: first === undefined ? '' : `${first.service}: ${first.name}`,
    rootService: first?.service ?? '',
    rootOperation: first?.name ?? '',
    services: [...serviceCounts.values()].sort((a, b) => b.count - a.count || cmp(a.name, b.name)),
    maxDepth,
    errorCount,
    warnings,
    source,
  };
}

// Shared empty lists: most spans have no events or links. Never mutated.
const NO_EVENTS: SpanEvent[] = [];
const NO_LINKS: SpanLink[] = [];
const NO_WARNINGS: string[] = [];

function toSpan(d: Draft, source: JaegerTrace, traceStart: number, byKey: Map<string, Draft>): TraceSpan {
  const raw = d.raw;
  const tags = raw.tags ?? [];
  const process = source.processes[raw.processID];
  const refs = raw.references ?? [];
  const links: SpanLink[] = refs.length <= (d.parentRef >= 0 ? 1 : 0) ? NO_LINKS : [];
  const traceKey = normalizeId(source.traceID);
  for (let i = 0; i < refs.length; i++) {
    if (i === d.parentRef) continue;
    const ref = refs[i]!;
    const inTrace = ref.traceID === traceKey || normalizeId(ref.traceID) === traceKey;
    links.push({
      refType: ref.refType,
      traceId: ref.traceID,
      spanId: ref.spanID,
      targetIndex: inTrace ? (byKey.get(normalizeId(ref.spanID))?.index ?? -1) : -1,
    });
  }
  const logs = raw.logs;
  const events: SpanEvent[] = logs === undefined || logs === null || logs.length === 0 ? NO_EVENTS : logs.map((log) => {
    const nameField = log.fields.find((f) => f.key === 'event');
    return { timeUs: log.timestamp, name: nameField === undefined ? '' : valueToText(nameField.value), fields: log.fields };
  });
  return {
    index: d.index,
    spanId: raw.spanID,
    traceId: raw.traceID,
    name: raw.operationName,
    service: process?.serviceName ?? raw.processID,
    kind: tagText(tags, 'span.kind'),
    startUs: raw.startTime,
    durationUs: raw.duration,
    relStartUs: raw.startTime - traceStart,
    tags,
    resource: process?.tags ?? [],
    events,
    links,
    warnings: raw.warnings ?? NO_WARNINGS,
    hasError: isErrorSpan(tags),
    parent: -1,
    children: [],
    depth: 0,
    subtreeEnd: d.index + 1,
    subtreeHasError: isErrorSpan(tags),
  };
}

/** Jaeger's rule: `error` tag true (bool or "true"), or the OTLP status ERROR. */
export function isErrorSpan(tags: readonly { key: string; value: unknown }[]): boolean {
  for (const t of tags) {
    if (t.key === 'error' && (t.value === true || t.value === 'true')) return true;
    if (t.key === 'otel.status_code' && t.value === 'ERROR') return true;
  }
  return false;
}

function tagText(tags: readonly { key: string; value: unknown }[], key: string): string {
  const tag = tags.find((t) => t.key === key);
  return tag === undefined ? '' : valueToText(tag.value);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
