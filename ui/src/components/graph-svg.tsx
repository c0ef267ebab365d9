/** Draws a laid-out directed graph as SVG: boxes with a label and a sub-label, arrows with a label. */
import type { GraphEdge, GraphLayout } from '../lib/graph-layout.js';

export interface GraphNodeView {
  id: string;
  label: string;
  sublabel?: string;
  color?: string;
  className?: string;
}

interface Props {
  layout: GraphLayout;
  nodes: readonly GraphNodeView[];
  edges: readonly (GraphEdge & { label: string })[];
  dimmed?: ReadonlySet<string>;
  onNodeClick?: (id: string) => void;
  testId?: string;
}

const NODE_W = 170;
const NODE_H = 40;

export function GraphSvg({ layout, nodes, edges, dimmed, onNodeClick, testId }: Props) {
  const pos = layout.positions;
  return (
    <svg width={layout.width + NODE_W} height={layout.height + NODE_H + 20} data-testid={testId}>
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" fill="var(--border-strong)" />
        </marker>
      </defs>
      {edges.map((e) => {
        const a = pos.get(e.from);
        const b = pos.get(e.to);
        if (a === undefined || b === undefined) return null;
        const dim = dimmed !== undefined && (dimmed.has(e.from) || dimmed.has(e.to)) ? 'dim' : '';
        const forward = b.x > a.x + NODE_W / 2;
        const x1 = forward ? a.x + NODE_W : a.x + NODE_W / 2;
        const y1 = forward ? a.y + NODE_H / 2 : a.y + NODE_H;
        const x2 = forward ? b.x : b.x + NODE_W / 2;
        const y2 = forward ? b.y + NODE_H / 2 : b.y;
        const mx = (x1 + x2) / 2;
        const d = forward ? `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}` : `M${x1},${y1} L${x2},${y2}`;
        return (
          <g key={`${e.from}->${e.to}`}>
            <path className={`graph-edge ${dim}`} d={d} markerEnd="url(#arrow)" />
            <text className={`graph-edge-label ${dim}`} x={mx} y={(y1 + y2) / 2 - 4} textAnchor="middle" data-testid="edge-label">{e.label}</text>
          </g>
        );
      })}
      {nodes.map((n) => {
        const p = pos.get(n.id);
        if (p === undefined) return null;
        return (
          <g
            key={n.id}
            className={`graph-node ${n.className ?? ''} ${dimmed?.has(n.id) ? 'dim' : ''}`}
            transform={`translate(${p.x},${p.y})`}
            onClick={() => onNodeClick?.(n.id)}
            data-testid="graph-node"
            data-node-id={n.id}
          >
            <rect width={NODE_W} height={NODE_H} rx={6} style={n.color ? { stroke: n.color } : undefined} />
            {n.color && <rect width={6} height={NODE_H} rx={2} style={{ fill: n.color, stroke: 'none' }} />}
            <text x={12} y={16}>{truncate(n.label, 24)}</text>
            {n.sublabel !== undefined && <text x={12} y={32} style={{ fill: 'var(--text-muted)', fontSize: 11 }}>{truncate(n.sublabel, 26)}</text>}
            <title>{n.sublabel === undefined ? n.label : `${n.label}\n${n.sublabel}`}</title>
          </g>
        );
      })}
    </svg>
  );
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
