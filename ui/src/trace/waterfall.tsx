/**
 * The virtualised waterfall: only the rows in (and just around) the viewport are rendered, each a fixed height, so a
 * 100,000-span trace costs the same per frame as a small one. Each row shows the tree indent, expand/collapse toggle,
 * service colour, error marker (also on collapsed parents whose subtree has an error), the span's pills (kind, remote
 * service, HTTP, systems, events, links), the span bar positioned in the current view window, event ticks and the
 * critical-path overlay. Rows pruned by the service filter show as one placeholder row per run.
 */
import { forwardRef, memo, useEffect, useImperativeHandle, useRef, useState, type CSSProperties } from 'react';
import type { CriticalIndex } from '../lib/critical-path.js';
import { formatDuration } from '../lib/format.js';
import { serviceColor } from '../lib/service-colors.js';
import type { PrunedRun } from '../lib/service-filter.js';
import { spanPills } from '../lib/span-pills.js';
import type { Trace, TraceSpan } from '../lib/trace-model.js';
import type { ViewRange } from './minimap.js';

export const ROW_HEIGHT = 24;
const OVERSCAN = 12;

export interface WaterfallProps {
  trace: Trace;
  /** Span indices; a negative value v is the placeholder of `pruned[-v - 1]`. */
  rows: Int32Array;
  pruned: readonly PrunedRun[];
  view: ViewRange;
  nameWidth: number;
  collapsed: ReadonlySet<number>;
  selected: number;
  matches: ReadonlySet<number>;
  currentMatch: number;
  criticalBySpan: CriticalIndex | null;
  onToggle: (index: number) => void;
  onSelect: (index: number) => void;
  /** Changes when the spans' details arrive, so that rows show their pills and event ticks. */
  detailsVersion: number;
}

export interface WaterfallHandle {
  scrollToSpan: (index: number) => void;
  scrollBy: (px: number) => void;
}

export const Waterfall = forwardRef<WaterfallHandle, WaterfallProps>(function Waterfall(props, ref) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(800);
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    setHeight(el.clientHeight);
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  useImperativeHandle(ref, () => ({
    scrollToSpan(index: number) {
      const el = box.current;
      if (el === null) return;
      const row = props.rows.indexOf(index);
      if (row < 0) return;
      const top = row * ROW_HEIGHT;
      if (top < el.scrollTop || top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, top - el.clientHeight / 3);
    },
    scrollBy(px: number) {
      box.current?.scrollBy({ top: px });
    },
  }), [props.rows]);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(props.rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  // Rows are keyed by slot (position modulo the most rows ever rendered at once), not by span: a row scrolled out
  // hands its DOM to the row scrolled in, which React updates in place instead of removing and creating elements.
  const slots = Math.ceil(height / ROW_HEIGHT) + 2 * OVERSCAN + 2;
  const items = [];
  for (let r = first; r < last; r++) {
    const index = props.rows[r]!;
    if (index < 0) items.push(<PrunedRow key={`p${r % slots}`} run={props.pruned[-index - 1]!} top={r * ROW_HEIGHT} nameWidth={props.nameWidth} />);
    else items.push(<Row key={r % slots} span={props.trace.spans[index]!} top={r * ROW_HEIGHT} {...props} />);
  }
  return (
    <div
      className="waterfall"
      ref={box}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid="waterfall"
      data-row-count={props.rows.length}
      role="tree"
      aria-label="Span timeline"
    >
      <div style={{ height: props.rows.length * ROW_HEIGHT, position: 'relative' }}>{items}</div>
    </div>
  );
});

// Rows re-render only when their own inputs change (scrolling keeps the props of rows still on screen).
const Row = memo(function Row({ span, top, trace, view, nameWidth, collapsed, selected, matches, currentMatch, criticalBySpan, onToggle, onSelect }: WaterfallProps & { span: TraceSpan; top: number }) {
  const duration = Math.max(1, trace.durationUs);
  const scale = 100 / (view.to - view.from);
  const pos = (us: number) => ((us - trace.startUs) / duration - view.from) * scale;
  const left = pos(span.startUs);
  const width = Math.max((span.durationUs / duration) * scale, 0.05);
  const isCollapsed = collapsed.has(span.index);
  const hasChildren = span.childCount > 0;
  const showError = span.hasError || (isCollapsed && span.subtreeHasError);
  const color = serviceColor(span.service);
  const critical = criticalBySpan?.get(span.index);
  const cls = ['row', selected === span.index ? 'selected' : '', matches.has(span.index) ? 'match' : '', currentMatch === span.index ? 'current-match' : ''].join(' ');
  // The duration label goes after the bar, before it when the bar reaches the right edge, inside when neither fits.
  const labelStyle: CSSProperties =
    left + width <= 80 ? { left: `${left + width + 0.5}%` } : left >= 12 ? { right: `${100 - left + 0.5}%` } : { left: `${Math.max(left, 0) + 0.5}%`, color: 'var(--text-inverse)' };
  return (
    <div
      className={cls}
      style={{ top }}
      onClick={() => onSelect(span.index)}
      data-testid="span-row"
      data-span-id={span.spanId}
      data-critical={critical !== undefined ? 'true' : 'false'}
      role="treeitem"
      aria-expanded={hasChildren ? !isCollapsed : undefined}
      aria-selected={selected === span.index}
    >
      <div className="row-name" style={{ width: nameWidth, paddingLeft: 4 + span.depth * 14 }}>
        <button
          className="row-toggle"
          aria-label={isCollapsed ? 'Expand' : 'Collapse'}
          style={{ visibility: hasChildren ? 'visible' : 'hidden' }}
          onClick={(e) => { e.stopPropagation(); onToggle(span.index); }}
        >
          {isCollapsed ? '▶' : '▼'}
        </button>
        <span className="swatch" style={{ background: color }} />
        {showError && <span className="row-err" title={span.hasError ? 'error' : 'a span below has an error'}>!</span>}
        <span className="row-service">{span.service}</span>
        <span className="row-op">{span.name}</span>
        {isCollapsed && <span className="muted">({span.subtreeEnd - span.index - 1})</span>}
        <Pills span={span} />
      </div>
      <div className="row-track" style={{ overflow: 'hidden' }}>
        <div className={`bar ${span.hasError ? 'error' : ''}`} style={{ left: `${left}%`, width: `${width}%`, background: color }} />
        {critical?.map((seg, i) => (
          <div key={i} className="bar-critical" data-testid="critical-segment" style={{ left: `${pos(seg.startUs)}%`, width: `${((seg.endUs - seg.startUs) / duration) * scale}%` }} />
        ))}
        {span.events.map((ev, i) => <div key={i} className="bar-event" style={{ left: `${pos(ev.timeUs)}%` }} title={ev.name} />)}
        <span className="bar-label" style={labelStyle}>{formatDuration(span.durationUs)}</span>
      </div>
    </div>
  );
});

function PrunedRow({ run, top, nameWidth }: { run: PrunedRun; top: number; nameWidth: number }) {
  return (
    <div className="row pruned" style={{ top }} data-testid="pruned-row" data-count={run.count} role="treeitem" aria-disabled="true">
      <div className="row-name" style={{ width: nameWidth, paddingLeft: 24 + run.depth * 14 }}>
        <span className="muted" title={`hidden services: ${run.services.join(', ')}`}>
          {run.count} span{run.count === 1 ? '' : 's'} pruned · {run.services.join(', ')}
        </span>
      </div>
      <div className="row-track" />
    </div>
  );
}

/** The span's pills in one inline box: one flex item per row keeps layout cheap while scrolling. */
function Pills({ span }: { span: TraceSpan }) {
  const pills = spanPills(span);
  if (pills.length === 0) return null;
  return (
    <span className="pills">
      {pills.map((p) => (
        <span key={p.key} className={`pill pill-${p.tone}`} title={p.title} data-pill={p.key}>{p.text}</span>
      ))}
    </span>
  );
}
