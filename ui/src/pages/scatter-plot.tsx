/** Search results as points: x start time, y duration, radius by span count, red when the trace has errors. */
import { formatDuration, formatTimestamp } from '../lib/format.js';
import type { TraceSummary } from '../lib/trace-summary.js';

const W = 1000;
const H = 180;
const PAD = { left: 56, right: 16, top: 12, bottom: 24 };

export function ScatterPlot({ traces, onOpen }: { traces: readonly TraceSummary[]; onOpen: (id: string) => void }) {
  if (traces.length === 0) return null;
  const minX = Math.min(...traces.map((t) => t.startUs));
  const maxX = Math.max(...traces.map((t) => t.startUs));
  const maxY = Math.max(1, ...traces.map((t) => t.durationUs));
  const maxSpans = Math.max(1, ...traces.map((t) => t.spanCount));
  const x = (v: number) => PAD.left + (maxX === minX ? (W - PAD.left - PAD.right) / 2 : ((v - minX) / (maxX - minX)) * (W - PAD.left - PAD.right));
  const y = (v: number) => H - PAD.bottom - (v / maxY) * (H - PAD.top - PAD.bottom);
  const r = (n: number) => 3 + 9 * Math.sqrt(n / maxSpans);
  return (
    <svg className="scatter" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" data-testid="scatter-plot" role="img" aria-label="Trace durations over time">
      <line x1={PAD.left} x2={W - PAD.right} y1={H - PAD.bottom} y2={H - PAD.bottom} />
      <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={H - PAD.bottom} />
      <text x={4} y={PAD.top + 8}>{formatDuration(maxY)}</text>
      <text x={4} y={H - PAD.bottom}>0</text>
      <text x={PAD.left} y={H - 6}>{formatTimestamp(minX, false).slice(11, 19)}</text>
      <text x={W - PAD.right - 50} y={H - 6}>{formatTimestamp(maxX, false).slice(11, 19)}</text>
      {traces.map((t) => (
        <circle
          key={t.traceId}
          cx={x(t.startUs)}
          cy={y(t.durationUs)}
          r={r(t.spanCount)}
          fill={t.errorCount > 0 ? 'var(--error)' : 'var(--accent)'}
          stroke={t.errorCount > 0 ? 'var(--error)' : 'var(--accent)'}
          onClick={() => onOpen(t.traceId)}
        >
          <title>{`${t.name}\n${formatDuration(t.durationUs)}, ${t.spanCount} spans${t.errorCount > 0 ? `, ${t.errorCount} errors` : ''}`}</title>
        </circle>
      ))}
    </svg>
  );
}
