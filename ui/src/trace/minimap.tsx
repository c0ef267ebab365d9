/**
 * The minimap: every span drawn on a canvas (one thin bar per span, rows squeezed to the canvas height), the current
 * view window highlighted. Dragging selects a new window; a double click resets to the whole trace.
 */
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import type { Trace } from '../lib/trace-model.js';
import { serviceColor } from '../lib/service-colors.js';

export interface ViewRange {
  from: number;
  to: number;
}

export function Minimap({ trace, view, onChange }: { trace: Trace; view: ViewRange; onChange: (v: ViewRange) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  useEffect(() => {
    const el = canvas.current;
    if (el === null) return;
    const width = (el.width = el.clientWidth * devicePixelRatio);
    const height = (el.height = el.clientHeight * devicePixelRatio);
    const ctx = el.getContext('2d');
    if (ctx === null) return;
    ctx.clearRect(0, 0, width, height);
    const n = trace.spans.length;
    const duration = Math.max(1, trace.durationUs);
    const rowH = Math.max(1, height / Math.max(1, n));
    const styles = getComputedStyle(el);
    const colors = new Map<string, string>();
    for (const span of trace.spans) {
      let color = colors.get(span.service);
      if (color === undefined) {
        const varName = serviceColor(span.service).slice(4, -1);
        color = styles.getPropertyValue(varName).trim() || '#888';
        colors.set(span.service, color);
      }
      ctx.fillStyle = span.hasError ? styles.getPropertyValue('--error').trim() || 'red' : color;
      const x = (span.relStartUs / duration) * width;
      const w = Math.max(1, (span.durationUs / duration) * width);
      ctx.fillRect(x, (span.index / n) * height, w, rowH);
    }
  }, [trace]);
  const fraction = (e: MouseEvent) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return Math.min(1, Math.max(0, (e.clientX - rect.left) / rect.width));
  };
  const shown = drag === null ? view : { from: Math.min(drag.start, drag.end), to: Math.max(drag.start, drag.end) };
  return (
    <div
      className="minimap"
      data-testid="minimap"
      title="Drag to zoom into a time window; double-click to reset"
      onMouseDown={(e) => { const f = fraction(e); setDrag({ start: f, end: f }); }}
      onMouseMove={(e) => { if (drag !== null) setDrag({ ...drag, end: fraction(e) }); }}
      onMouseUp={() => {
        if (drag !== null && Math.abs(drag.end - drag.start) > 0.002) onChange({ from: Math.min(drag.start, drag.end), to: Math.max(drag.start, drag.end) });
        setDrag(null);
      }}
      onMouseLeave={() => setDrag(null)}
      onDoubleClick={() => onChange({ from: 0, to: 1 })}
    >
      <canvas ref={canvas} />
      <div className="minimap-shade" style={{ left: 0, width: `${shown.from * 100}%` }} />
      <div className="minimap-shade" style={{ left: `${shown.to * 100}%`, right: 0 }} />
      <div className="minimap-window" style={{ left: `${shown.from * 100}%`, width: `${(shown.to - shown.from) * 100}%` }} />
    </div>
  );
}
