/**
 * The draggable divider between the waterfall's name column and its timeline. Drag with the mouse (or a pen or
 * finger), or focus it and use ←/→ (⇧ for bigger steps); a double click restores the default width. The width is
 * remembered (localStorage).
 */
import { useRef, type KeyboardEvent, type PointerEvent } from 'react';
import { clampNameWidth, NAME_WIDTH_DEFAULT, NAME_WIDTH_MIN } from '../lib/column-width.js';

interface Props {
  width: number;
  /** Width of the area the two columns share, px. */
  total: number;
  onChange: (px: number) => void;
}

export function ColumnDivider({ width, total, onChange }: Props) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, width };
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (drag.current !== null) onChange(clampNameWidth(drag.current.width + e.clientX - drag.current.x, total));
  };
  const onPointerUp = (e: PointerEvent<HTMLDivElement>) => {
    drag.current = null;
    if (e.currentTarget.hasPointerCapture(e.pointerId)) e.currentTarget.releasePointerCapture(e.pointerId);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const step = e.shiftKey ? 80 : 20;
    const dir = e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowRight' ? 1 : 0;
    if (dir === 0) return;
    // Keep the arrows from also panning the timeline.
    e.preventDefault();
    e.stopPropagation();
    onChange(clampNameWidth(width + dir * step, total));
  };
  return (
    <div
      className="column-divider"
      style={{ left: width - 3 }}
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the span name column"
      aria-valuenow={width}
      aria-valuemin={NAME_WIDTH_MIN}
      aria-valuemax={Math.max(NAME_WIDTH_MIN, total)}
      tabIndex={0}
      title="Drag to resize; double-click to reset"
      data-testid="column-divider"
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={onPointerUp}
      onPointerCancel={onPointerUp}
      onDoubleClick={() => onChange(clampNameWidth(NAME_WIDTH_DEFAULT, total))}
      onKeyDown={onKeyDown}
    />
  );
}
