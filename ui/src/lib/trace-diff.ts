/**
 * Compares two traces as Jaeger's trace diff does, plus latency: both are folded into one tree of call paths
 * (service::operation from the root down), each node counting its spans in A and in B and summing their durations.
 * A node is 'only-a', 'only-b', 'changed' (both, different counts) or 'same'. The latency of a node is the mean
 * duration of its spans in each trace; `deltaUs` is B minus A and `ratio` B over A.
 */
import type { Trace } from './trace-model.js';

export type DiffStatus = 'only-a' | 'only-b' | 'changed' | 'same';

export interface DiffNode {
  key: string;
  service: string;
  operation: string;
  depth: number;
  countA: number;
  countB: number;
  totalA: number;
  totalB: number;
  errorsA: number;
  errorsB: number;
  children: DiffNode[];
}

export interface DiffRow {
  node: DiffNode;
  status: DiffStatus;
  meanA: number | null;
  meanB: number | null;
  deltaUs: number | null;
  ratio: number | null;
}

export function diffTraces(a: Trace, b: Trace): DiffNode[] {
  const roots = new Map<string, DiffNode>();
  addTrace(roots, a, 'a');
  addTrace(roots, b, 'b');
  return sortNodes([...roots.values()]);
}

function addTrace(roots: Map<string, DiffNode>, trace: Trace, side: 'a' | 'b'): void {
  const nodeOfSpan: DiffNode[] = new Array(trace.spans.length);
  const childMaps = new Map<DiffNode, Map<string, DiffNode>>();
  for (const span of trace.spans) {
    const key = `${span.service}::${span.name}`;
    const parentNode = span.parent >= 0 ? nodeOfSpan[span.parent] : undefined;
    let siblings: Map<string, DiffNode>;
    if (parentNode === undefined) siblings = roots;
    else {
      siblings = childMaps.get(parentNode) ?? new Map(parentNode.children.map((c) => [c.key, c]));
      childMaps.set(parentNode, siblings);
    }
    let node = siblings.get(key);
    if (node === undefined) {
      node = {
        key,
        service: span.service,
        operation: span.name,
        depth: parentNode === undefined ? 0 : parentNode.depth + 1,
        countA: 0, countB: 0, totalA: 0, totalB: 0, errorsA: 0, errorsB: 0,
        children: [],
      };
      siblings.set(key, node);
      if (parentNode !== undefined) parentNode.children.push(node);
    }
    if (side === 'a') {
      node.countA++;
      node.totalA += span.durationUs;
      if (span.hasError) node.errorsA++;
    } else {
      node.countB++;
      node.totalB += span.durationUs;
      if (span.hasError) node.errorsB++;
    }
    nodeOfSpan[span.index] = node;
  }
}

function sortNodes(nodes: DiffNode[]): DiffNode[] {
  nodes.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
  for (const n of nodes) sortNodes(n.children);
  return nodes;
}

export function diffStatus(node: DiffNode): DiffStatus {
  if (node.countB === 0) return 'only-a';
  if (node.countA === 0) return 'only-b';
  return node.countA === node.countB ? 'same' : 'changed';
}

/** The tree flattened depth-first into rows with their status and latency figures. */
export function diffRows(roots: readonly DiffNode[]): DiffRow[] {
  const rows: DiffRow[] = [];
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    const meanA = node.countA > 0 ? node.totalA / node.countA : null;
    const meanB = node.countB > 0 ? node.totalB / node.countB : null;
    rows.push({
      node,
      status: diffStatus(node),
      meanA,
      meanB,
      deltaUs: meanA !== null && meanB !== null ? meanB - meanA : null,
      ratio: meanA !== null && meanB !== null && meanA > 0 ? meanB / meanA : null,
    });
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i]!);
  }
  return rows;
}

export interface DiffSummary {
  onlyA: number;
  onlyB: number;
  changed: number;
  same: number;
}

export function summarizeDiff(rows: readonly DiffRow[]): DiffSummary {
  const s: DiffSummary = { onlyA: 0, onlyB: 0, changed: 0, same: 0 };
  for (const r of rows) {
    if (r.status === 'only-a') s.onlyA++;
    else if (r.status === 'only-b') s.onlyB++;
    else if (r.status === 'changed') s.changed++;
    else s.same++;
  }
  return s;
}

/**
 * A colour class for a latency change: 'slower-3' … 'faster-3' by how far the ratio is from 1 (±10 %, ±50 %, ×2),
 * 'neutral' within 10 %.
 */
export function latencyClass(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return 'neutral';
  const r = ratio >= 1 ? ratio : 1 / ratio;
  const dir = ratio >= 1 ? 'slower' : 'faster';
  if (r >= 2) return `${dir}-3`;
  if (r >= 1.5) return `${dir}-2`;
  if (r >= 1.1) return `${dir}-1`;
  return 'neutral';
}
