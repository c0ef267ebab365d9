/**
 * The service dependency graph (`/dependencies?lookback=&endTs=&layout=&focus=&depth=`) from `GET /api/dependencies`:
 * call counts on edges, a time range, hierarchical or force-directed layout, focus on one service's neighbourhood,
 * and a click through to that service's traces.
 */
import { useMemo } from 'react';
import { getDependencies } from '../api/client.js';
import { useAsync } from '../api/use-async.js';
import { Link, navigate, useLocation } from '../app/router.js';
import { GraphSvg } from '../components/graph-svg.js';
import { Empty, ErrorNotice, Loading } from '../components/notices.js';
import { fromDateTimeInput, toDateTimeInput } from '../lib/format.js';
import { layoutForce, layoutHierarchical, neighbourhood, type GraphEdge } from '../lib/graph-layout.js';
import type { DependencyLink } from '../lib/jaeger-types.js';
import { lookbackToMs } from '../lib/search-state.js';
import { serviceColor } from '../lib/service-colors.js';

const RANGES = [['1h', 'Last hour'], ['6h', 'Last 6 hours'], ['24h', 'Last 24 hours'], ['2d', 'Last 2 days'], ['7d', 'Last 7 days']] as const;

export function DependenciesPage() {
  const { search, searchText } = useLocation();
  const lookback = search.get('lookback') ?? '24h';
  const endTs = Number(search.get('endTs') ?? '') || null;
  const layoutKind = search.get('layout') === 'force' ? 'force' : 'hierarchical';
  const focus = search.get('focus') ?? '';
  const depth = Math.max(1, Number(search.get('depth') ?? '2') || 2);
  const set = (patch: Record<string, string | null>) => {
    const p = new URLSearchParams(searchText);
    for (const [k, v] of Object.entries(patch)) if (v === null || v === '') p.delete(k); else p.set(k, v);
    navigate(`/dependencies?${p.toString()}`, { replace: true });
  };
  const lookbackMs = lookbackToMs(lookback) ?? 86_400_000;
  const key = `${lookback}|${endTs ?? 'now'}`;
  const deps = useAsync(key, (signal) => getDependencies(endTs ?? Date.now(), lookbackMs, signal));
  return (
    <div>
      <div className="graph-controls">
        <label>Time range{' '}
          <select value={lookback} onChange={(e) => set({ lookback: e.target.value })} aria-label="Time range">
            {RANGES.map(([v, l]) => <option key={v} value={v}>{l}</option>)}
          </select>
        </label>
        <label>ending{' '}
          <input type="datetime-local" step={1} value={endTs === null ? '' : toDateTimeInput(endTs * 1000, false)} aria-label="End time"
            onChange={(e) => { const us = fromDateTimeInput(e.target.value, false); set({ endTs: us === null ? null : String(Math.floor(us / 1000)) }); }} />
        </label>
        {endTs !== null && <button className="small" onClick={() => set({ endTs: null })}>Now</button>}
        <label>Layout{' '}
          <select value={layoutKind} onChange={(e) => set({ layout: e.target.value === 'force' ? 'force' : null })} aria-label="Layout" data-testid="layout-select">
            <option value="hierarchical">Hierarchical</option>
            <option value="force">Force-directed</option>
          </select>
        </label>
        {deps.status === 'done' && (
          <label>Focus{' '}
            <select value={focus} onChange={(e) => set({ focus: e.target.value })} aria-label="Focus service" data-testid="focus-select">
              <option value="">All services</option>
              {servicesOf(deps.data).map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
        )}
        {focus !== '' && (
          <label>Depth{' '}
            <input type="number" min={1} max={10} value={depth} onChange={(e) => set({ depth: e.target.value })} style={{ width: 60 }} aria-label="Depth" />
          </label>
        )}
        {focus !== '' && <Link to={`/search?service=${encodeURIComponent(focus)}&lookback=${lookback}`}>Traces of {focus} →</Link>}
      </div>
      <div className="page graph">
        {deps.status === 'loading' && <Loading what="dependencies" />}
        {deps.status === 'error' && <ErrorNotice error={deps.error} title="Could not load dependencies" />}
        {deps.status === 'done' && deps.data.length === 0 && (
          <Empty>No calls between services in this time range. Dependencies appear once traces with spans of more than one service arrive; try a longer range.</Empty>
        )}
        {deps.status === 'done' && deps.data.length > 0 && (
          <DependencyGraph links={deps.data} layoutKind={layoutKind} focus={focus} depth={depth} onFocus={(s) => set({ focus: s === focus ? null : s })} />
        )}
      </div>
    </div>
  );
}

function servicesOf(links: readonly DependencyLink[]): string[] {
  return [...new Set(links.flatMap((l) => [l.parent, l.child]))].sort();
}

function DependencyGraph({ links, layoutKind, focus, depth, onFocus }: { links: DependencyLink[]; layoutKind: string; focus: string; depth: number; onFocus: (s: string) => void }) {
  const edges: Array<GraphEdge & { label: string }> = useMemo(
    () => links.map((l) => ({ from: l.parent, to: l.child, weight: l.callCount, label: String(l.callCount) })),
    [links],
  );
  const visible = useMemo(() => {
    const all = servicesOf(links);
    return focus === '' || !all.includes(focus) ? all : [...neighbourhood(focus, edges, depth)].sort();
  }, [links, edges, focus, depth]);
  const shownEdges = edges.filter((e) => visible.includes(e.from) && visible.includes(e.to));
  const layout = useMemo(
    () => (layoutKind === 'force' ? layoutForce(visible, shownEdges) : layoutHierarchical(visible, shownEdges)),
    [layoutKind, visible.join('\n'), shownEdges.length],
  );
  return (
    <>
      <div className="legend">{visible.length} services, {shownEdges.length} edges; edge labels are call counts. Click a service to focus on its neighbourhood.</div>
      <GraphSvg
        layout={layout}
        testId="dependency-graph"
        nodes={visible.map((s) => ({ id: s, label: s, sublabel: callsOf(s, shownEdges), color: serviceColor(s), className: s === focus ? 'focus' : '' }))}
        edges={shownEdges}
        onNodeClick={onFocus}
      />
    </>
  );
}

function callsOf(service: string, edges: readonly GraphEdge[]): string {
  const out = edges.filter((e) => e.from === service).reduce((n, e) => n + e.weight, 0);
  const inn = edges.filter((e) => e.to === service).reduce((n, e) => n + e.weight, 0);
  return `in ${inn} · out ${out}`;
}
