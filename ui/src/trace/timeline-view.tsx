/**
 * The timeline: minimap, a header with time ticks and tree controls, the virtualised waterfall with its resizable
 * name column (spans of services hidden by the filter in the URL are pruned), and the span detail panel. Keyboard: w/s scroll, f/b next/previous span, a/d or
 * ←/→ pan, ↑/↓ zoom (⇧ for bigger steps), ] collapse all, [ expand all, p collapse one level, o expand one level.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLocation } from '../app/router.js';
import { clampNameWidth, loadNameWidth, saveNameWidth } from '../lib/column-width.js';
import { criticalTimeBySpan } from '../lib/critical-path.js';
import { formatDuration } from '../lib/format.js';
import { hiddenServicesFromUrl, pruneHiddenServices } from '../lib/service-filter.js';
import { collapseAll, collapseOneLevel, expandOneLevel, revealSpan, visibleRows } from '../lib/visible-rows.js';
import { ColumnDivider } from './column-divider.js';
import { Minimap, type ViewRange } from './minimap.js';
import { SpanDetail } from './span-detail.js';
import type { LoadedTrace } from './use-trace.js';
import { Waterfall, type WaterfallHandle, ROW_HEIGHT } from './waterfall.js';

interface Props {
  loaded: LoadedTrace;
  matches: readonly number[];
  currentMatch: number;
  selected: number;
  onSelect: (index: number) => void;
}

export function TimelineView({ loaded, matches, currentMatch, selected, onSelect }: Props) {
  const { trace } = loaded;
  const [collapsed, setCollapsed] = useState<Set<number>>(() => new Set());
  const [view, setView] = useState<ViewRange>({ from: 0, to: 1 });
  const [showCritical, setShowCritical] = useState(true);
  const waterfall = useRef<WaterfallHandle>(null);
  const location = useLocation();
  const hidden = useMemo(() => hiddenServicesFromUrl(location.search, trace), [location.search, trace]);
  const { rows, runs } = useMemo(() => pruneHiddenServices(trace, visibleRows(trace, collapsed), hidden), [trace, collapsed, hidden]);
  const area = useRef<HTMLDivElement>(null);
  const [areaWidth, setAreaWidth] = useState(1200);
  const [nameWidth, setNameWidth] = useState(() => loadNameWidth(window.localStorage));
  useEffect(() => {
    const el = area.current;
    if (el === null) return;
    const observer = new ResizeObserver(() => setAreaWidth(el.clientWidth));
    observer.observe(el);
    setAreaWidth(el.clientWidth);
    return () => observer.disconnect();
  }, []);
  const shownNameWidth = clampNameWidth(nameWidth, areaWidth);
  const resize = (px: number) => {
    setNameWidth(px);
    saveNameWidth(window.localStorage, px);
  };
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const criticalTime = useMemo(() => criticalTimeBySpan(trace, loaded.critical), [trace, loaded.critical]);

  useEffect(() => {
    performance.mark('ariadne:timeline-ready', { detail: trace.spans.length });
  }, [trace]);

  const jumpTo = (index: number) => {
    if (index < 0) return;
    setCollapsed((c) => {
      const next = revealSpan(trace, c, index);
      return next.size === c.size ? c : next;
    });
    onSelect(index);
  };
  useEffect(() => {
    if (currentMatch >= 0) {
      setCollapsed((c) => {
        const next = revealSpan(trace, c, currentMatch);
        return next.size === c.size ? c : next;
      });
    }
  }, [currentMatch, trace]);
  useEffect(() => {
    const target = currentMatch >= 0 ? currentMatch : selected;
    if (target >= 0) waterfall.current?.scrollToSpan(target);
  }, [currentMatch, selected, rows]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t !== null && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const big = e.shiftKey;
      const width = view.to - view.from;
      const pan = (dir: number) => {
        const step = width * (big ? 0.5 : 0.1) * dir;
        const from = Math.min(1 - width, Math.max(0, view.from + step));
        setView({ from, to: from + width });
      };
      const zoom = (factor: number) => {
        const mid = (view.from + view.to) / 2;
        const w = Math.min(1, Math.max(0.001, width * factor));
        const from = Math.min(1 - w, Math.max(0, mid - w / 2));
        setView({ from, to: from + w });
      };
      const moveSelection = (dir: number) => {
        let pos = rows.indexOf(selected);
        pos = pos < 0 ? 0 : pos + dir;
        // Placeholder rows of pruned spans are skipped.
        while (pos >= 0 && pos < rows.length && rows[pos]! < 0) pos += dir;
        const next = rows[Math.min(rows.length - 1, Math.max(0, pos))];
        if (next !== undefined && next >= 0) onSelect(next);
      };
      const actions: Record<string, () => void> = {
        w: () => waterfall.current?.scrollBy(-ROW_HEIGHT * (big ? 20 : 4)),
        s: () => waterfall.current?.scrollBy(ROW_HEIGHT * (big ? 20 : 4)),
        f: () => moveSelection(1),
        b: () => moveSelection(-1),
        a: () => pan(-1),
        d: () => pan(1),
        ArrowLeft: () => pan(-1),
        ArrowRight: () => pan(1),
        ArrowUp: () => zoom(big ? 0.5 : 0.8),
        ArrowDown: () => zoom(big ? 2 : 1.25),
        ']': () => setCollapsed(collapseAll(trace)),
        '[': () => setCollapsed(new Set()),
        p: () => setCollapsed((c) => collapseOneLevel(trace, c)),
        o: () => setCollapsed((c) => expandOneLevel(trace, c)),
      };
      const action = actions[e.key.length === 1 ? e.key.toLowerCase() : e.key] ?? actions[e.key];
      if (action !== undefined) {
        e.preventDefault();
        action();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [view, rows, selected, trace, onSelect]);

  const toggle = (index: number) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => ({ f, us: (view.from + f * (view.to - view.from)) * trace.durationUs }));
  return (
    <div style={{ display: 'flex', flex: 1, minHeight: 0 }}>
      <div className="trace-view" style={{ overflow: 'hidden', position: 'relative' }} ref={area}>
        <Minimap trace={trace} view={view} onChange={setView} />
        <ColumnDivider width={shownNameWidth} total={areaWidth} onChange={resize} />
        <div className="timeline-header">
          <div className="name-col" style={{ width: shownNameWidth }}>
            <button className="small" onClick={() => setCollapsed((c) => expandOneLevel(trace, c))} title="Expand one level (o)">+1</button>
            <button className="small" onClick={() => setCollapsed((c) => collapseOneLevel(trace, c))} title="Collapse one level (p)">−1</button>
            <button className="small" onClick={() => setCollapsed(new Set())} title="Expand all ([)" data-testid="expand-all">Expand all</button>
            <button className="small" onClick={() => setCollapsed(collapseAll(trace))} title="Collapse all (])" data-testid="collapse-all">Collapse all</button>
            <label title="Highlight the critical path" style={{ display: 'flex', alignItems: 'center', gap: 2 }}>
              <input type="checkbox" checked={showCritical} onChange={(e) => setShowCritical(e.target.checked)} data-testid="critical-toggle" />
              Critical
            </label>
          </div>
          <div className="ticks">
            {ticks.map((t) => (
              <span key={t.f} className="tick" style={t.f === 1 ? { right: 0, borderLeft: 'none', paddingRight: 4 } : { left: `${t.f * 100}%` }}>
                {formatDuration(t.us)}
              </span>
            ))}
            {(view.from > 0 || view.to < 1) && (
              <button className="small" style={{ position: 'absolute', right: 70, top: 3 }} onClick={() => setView({ from: 0, to: 1 })}>Reset zoom</button>
            )}
          </div>
        </div>
        <Waterfall
          detailsVersion={loaded.detailsVersion}
          ref={waterfall}
          trace={trace}
          rows={rows}
          pruned={runs}
          view={view}
          nameWidth={shownNameWidth}
          collapsed={collapsed}
          selected={selected}
          matches={matchSet}
          currentMatch={currentMatch}
          criticalBySpan={showCritical ? loaded.criticalBySpan : null}
          onToggle={toggle}
          onSelect={(i) => onSelect(i === selected ? -1 : i)}
        />
      </div>
      {selected >= 0 && selected < trace.spans.length && (
        <SpanDetail
          trace={trace}
          index={selected}
          selfTimeUs={loaded.selfTimes[selected] ?? 0}
          detailsLoading={loaded.detailsVersion === 0}
          criticalUs={criticalTime[selected] ?? 0}
          onClose={() => onSelect(-1)}
          onJump={jumpTo}
        />
      )}
    </div>
  );
}
