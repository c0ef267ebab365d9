/**
 * Layouts for small directed graphs (service dependencies, a trace's service::operation graph), computed without the
 * DOM: a hierarchical one (layers by longest path from the sources after ignoring back edges, order in a layer by the
 * mean position of neighbours) and a force-directed one (Fruchterman–Reingold from a deterministic start, so the same
 * graph always gets the same picture).
 */

export interface GraphEdge {
  from: string;
  to: string;
  weight: number;
}

export interface Point {
  x: number;
  y: number;
}

export interface GraphLayout {
  positions: Map<string, Point>;
  width: number;
  height: number;
}

const COL = 220;
const ROW = 70;
const MARGIN = 60;

export function layoutHierarchical(nodes: readonly string[], edges: readonly GraphEdge[]): GraphLayout {
  const out = new Map<string, string[]>();
  const into = new Map<string, string[]>();
  for (const n of nodes) {
    out.set(n, []);
    into.set(n, []);
  }
  const forward = acyclicEdges(nodes, edges);
  for (const e of forward) {
    out.get(e.from)?.push(e.to);
    into.get(e.to)?.push(e.from);
  }
  // Longest path layering in topological order (Kahn).
  const layer = new Map<string, number>();
  const indeg = new Map(nodes.map((n) => [n, into.get(n)!.length]));
  const queue = nodes.filter((n) => indeg.get(n) === 0);
  for (const n of queue) layer.set(n, 0);
  for (let qi = 0; qi < queue.length; qi++) {
    const n = queue[qi]!;
    for (const m of out.get(n)!) {
      layer.set(m, Math.max(layer.get(m) ?? 0, layer.get(n)! + 1));
      indeg.set(m, indeg.get(m)! - 1);
      if (indeg.get(m) === 0) queue.push(m);
    }
  }
  const layers: string[][] = [];
  for (const n of nodes) {
    const l = layer.get(n) ?? 0;
    (layers[l] ??= []).push(n);
  }
  const order = new Map<string, number>();
  layers.forEach((ns) => ns.forEach((n, i) => order.set(n, i)));
  for (let sweep = 0; sweep < 4; sweep++) {
    for (let l = 1; l < layers.length; l++) reorder(layers[l]!, into, order);
    for (let l = layers.length - 2; l >= 0; l--) reorder(layers[l]!, out, order);
  }
  const tallest = Math.max(1, ...layers.map((ns) => ns.length));
  const positions = new Map<string, Point>();
  layers.forEach((ns, l) => {
    const offset = ((tallest - ns.length) * ROW) / 2;
    ns.forEach((n, i) => positions.set(n, { x: MARGIN + l * COL, y: MARGIN + offset + i * ROW }));
  });
  return { positions, width: MARGIN * 2 + Math.max(0, layers.length - 1) * COL + 120, height: MARGIN * 2 + (tallest - 1) * ROW };
}

function reorder(ns: string[], neighbours: Map<string, string[]>, order: Map<string, number>): void {
  const score = new Map<string, number>();
  for (const n of ns) {
    const adj = neighbours.get(n)!.filter((m) => order.has(m));
    score.set(n, adj.length === 0 ? order.get(n)! : adj.reduce((s, m) => s + order.get(m)!, 0) / adj.length);
  }
  ns.sort((a, b) => score.get(a)! - score.get(b)! || (a < b ? -1 : 1));
  ns.forEach((n, i) => order.set(n, i));
}

/** The edges minus DFS back edges and self loops, so the rest is acyclic. */
export function acyclicEdges(nodes: readonly string[], edges: readonly GraphEdge[]): GraphEdge[] {
  const adj = new Map<string, GraphEdge[]>();
  for (const e of edges) if (e.from !== e.to) (adj.get(e.from) ?? adj.set(e.from, []).get(e.from)!).push(e);
  const state = new Map<string, 1 | 2>();
  const keep: GraphEdge[] = [];
  for (const start of nodes) {
    if (state.has(start)) continue;
    const stack: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const list = adj.get(top.node) ?? [];
      if (top.next >= list.length) {
        state.set(top.node, 2);
        stack.pop();
        continue;
      }
      const e = list[top.next++]!;
      const s = state.get(e.to);
      if (s === 1) continue; // back edge
      keep.push(e);
      if (s === undefined) {
        state.set(e.to, 1);
        stack.push({ node: e.to, next: 0 });
      }
    }
  }
  return keep;
}

export function layoutForce(nodes: readonly string[], edges: readonly GraphEdge[], iterations = 300): GraphLayout {
  const n = nodes.length;
  const size = Math.max(400, Math.sqrt(n) * 160);
  const k = (size / Math.sqrt(Math.max(1, n))) * 0.8;
  const pos = nodes.map((_, i) => ({
    x: size / 2 + (size / 3) * Math.cos((2 * Math.PI * i) / Math.max(1, n)),
    y: size / 2 + (size / 3) * Math.sin((2 * Math.PI * i) / Math.max(1, n)),
  }));
  const index = new Map(nodes.map((id, i) => [id, i]));
  const links = edges.filter((e) => e.from !== e.to && index.has(e.from) && index.has(e.to)).map((e) => [index.get(e.from)!, index.get(e.to)!] as const);
  let temperature = size / 10;
  for (let it = 0; it < iterations; it++) {
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = pos[i]!.x - pos[j]!.x || 0.01;
        const dy = pos[i]!.y - pos[j]!.y || 0.01;
        const d = Math.max(0.01, Math.hypot(dx, dy));
        const f = (k * k) / d;
        disp[i]!.x += (dx / d) * f;
        disp[i]!.y += (dy / d) * f;
        disp[j]!.x -= (dx / d) * f;
        disp[j]!.y -= (dy / d) * f;
      }
    }
    for (const [a, b] of links) {
      const dx = pos[a]!.x - pos[b]!.x;
      const dy = pos[a]!.y - pos[b]!.y;
      const d = Math.max(0.01, Math.hypot(dx, dy));
      const f = (d * d) / k;
      disp[a]!.x -= (dx / d) * f;
      disp[a]!.y -= (dy / d) * f;
      disp[b]!.x += (dx / d) * f;
      disp[b]!.y += (dy / d) * f;
    }
    for (let i = 0; i < n; i++) {
      const d = Math.max(0.01, Math.hypot(disp[i]!.x, disp[i]!.y));
      pos[i]!.x += (disp[i]!.x / d) * Math.min(d, temperature);
      pos[i]!.y += (disp[i]!.y / d) * Math.min(d, temperature);
    }
    temperature = Math.max(1, temperature * 0.97);
  }
  const minX = Math.min(...pos.map((p) => p.x), 0);
  const minY = Math.min(...pos.map((p) => p.y), 0);
  const positions = new Map<string, Point>();
  let width = 0;
  let height = 0;
  nodes.forEach((id, i) => {
    const p = { x: pos[i]!.x - minX + MARGIN, y: pos[i]!.y - minY + MARGIN };
    positions.set(id, p);
    width = Math.max(width, p.x + MARGIN + 120);
    height = Math.max(height, p.y + MARGIN);
  });
  return { positions, width, height };
}

/** Nodes within `depth` hops of `focus`, following edges either way. */
export function neighbourhood(focus: string, edges: readonly GraphEdge[], depth: number): Set<string> {
  const seen = new Set([focus]);
  let frontier = [focus];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const e of edges) {
      for (const [a, b] of [[e.from, e.to], [e.to, e.from]] as const) {
        if (frontier.includes(a) && !seen.has(b)) {
          seen.add(b);
          next.push(b);
        }
      }
    }
    frontier = next;
  }
  return seen;
}
