/**
 * The minimap: every span drawn on a canvas (one thin bar per span, rows squeezed to the canvas height), the current
 * view window highlighted. Dragging selects a new window; a double click resets to the whole trace.
 */
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { packRgba, rasterizeMinimap } from '../lib/minimap-raster.js';
import { serviceColorSlot, PALETTE_SIZE } from '../lib/service-colors.js';
import type { Trace } from '../lib/trace-model.js';

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
    const width = (el.width = Math.round(el.clientWidth * devicePixelRatio));
    const height = (el.height = Math.round(el.clientHeight * devicePixelRatio));
    const ctx = el.getContext('2d');
    if (ctx === null || width === 0 || height === 0) return;
    const styles = getComputedStyle(el);
    const probe = document.createElement('canvas').getContext('2d', { willReadFrequently: true });
    if (probe === null) return;
    const palette = Array.from({ length: PALETTE_SIZE }, (_, i) => cssColor(probe, styles.getPropertyValue(`--svc-${i}`).trim() || '#888'));
    const error = cssColor(probe, styles.getPropertyValue('--error').trim() || 'red');
    const spans = trace.spans;
    const image = ctx.createImageData(width, height);
    rasterizeMinimap(trace, width, height, (i) => (spans[i]!.hasError ? error : palette[serviceColorSlot(spans[i]!.service)]!), new Uint32Array(image.data.buffer));
    ctx.putImageData(image, 0, 0);
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

/** Any CSS colour → packed RGBA, by letting a canvas parse it and reading the pixel back. */
function cssColor(ctx: CanvasRenderingContext2D, color: string): number {
  ctx.clearRect(0, 0, 1, 1);
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, 1, 1);
  const [r = 0, g = 0, b = 0, a = 255] = ctx.getImageData(0, 0, 1, 1).data;
  return packRgba(r, g, b, a);
}
