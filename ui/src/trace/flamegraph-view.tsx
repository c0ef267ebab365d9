/**
 * A flame chart of the trace: x is time, y is depth, one box per span coloured by service. Spans narrower than a
 * pixel's worth of time are left out (their parents still cover them), so even huge traces draw quickly. Clicking a
 * box zooms into it; the reset button returns to the whole trace.
 */
import { useMemo, useState } from 'react';
import { formatDuration } from '../lib/format.js';
import { serviceColor } from '../lib/service-colors.js';
import type { Trace } from '../lib/trace-model.js';

const ROW = 21;
const MIN_FRACTION = 0.001;

export function FlamegraphView({ trace, onOpen }: { trace: Trace; onOpen: (index: number) => void }) {
  const [focus, setFocus] = useState(-1);
  const zoomed = focus >= 0 ? trace.spans[focus]! : null;
  const from = zoomed?.startUs ?? trace.startUs;
  const span = Math.max(1, zoomed?.durationUs ?? trace.durationUs);
  const baseDepth = zoomed?.depth ?? 0;
  const boxes = useMemo(() => {
    const out: Array<{ index: number; left: number; width: number; depth: number }> = [];
    const lo = focus >= 0 ? focus : 0;
    const hi = focus >= 0 ? trace.spans[focus]!.subtreeEnd : trace.spans.length;
    for (let i = lo; i < hi && out.length < 20_000; i++) {
      const s = trace.spans[i]!;
      const left = (s.startUs - from) / span;
      const width = s.durationUs / span;
      if (width < MIN_FRACTION || left > 1 || left + width < 0) continue;
      out.push({ index: i, left: Math.max(0, left), width: Math.min(1, left + width) - Math.max(0, left), depth: s.depth - baseDepth });
    }
    return out;
  }, [trace, focus, from, span, baseDepth]);
  const depth = Math.max(1, ...boxes.map((b) => b.depth + 1));
  return (
    <div className="page">
      <div className="results-toolbar">
        <button disabled={focus < 0} onClick={() => setFocus(-1)}>Reset view</button>
        <span className="muted">Click a box to zoom into it; double-click to open the span in the timeline.</span>
      </div>
      <div className="flame" style={{ height: depth * ROW }} data-testid="flamegraph">
        {boxes.map((b) => {
          const s = trace.spans[b.index]!;
          return (
            <div
              key={b.index}
              className="flame-node"
              style={{ left: `${b.left * 100}%`, width: `${b.width * 100}%`, top: b.depth * ROW, background: s.hasError ? 'var(--error)' : serviceColor(s.service) }}
              title={`${s.service}: ${s.name}\n${formatDuration(s.durationUs)}`}
              onClick={() => setFocus(b.index)}
              onDoubleClick={() => onOpen(b.index)}
            >
              {s.service}: {s.name}
            </div>
          );
        })}
      </div>
    </div>
  );
}
