/**
 * The trace page (`/trace/{id}`, optional `?uiFind=<spanID or text>` and `hideService=<name>`…): header (name, start,
 * duration, services, depth, span count, errors, warnings), the views (timeline, graph, statistics, spans, flamegraph,
 * events, JSON), in-trace search with match count and next/previous, the timeline's service filter, and the keyboard
 * help.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { navigate, useLocation } from '../app/router.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { formatDuration, formatTimestamp } from '../lib/format.js';
import { normalizeId } from '../lib/jaeger-types.js';
import { serviceColor } from '../lib/service-colors.js';
import { hiddenServicesFromUrl, withHiddenServices } from '../lib/service-filter.js';
import { findSpans } from '../lib/span-search.js';
import { FlamegraphView } from '../trace/flamegraph-view.js';
import { EventsView, JsonView, TraceGraphView } from '../trace/other-views.js';
import { ServiceFilterMenu } from '../trace/service-filter-menu.js';
import { ShortcutsHelp } from '../trace/shortcuts-help.js';
import { SpansTableView } from '../trace/spans-table-view.js';
import { StatsView } from '../trace/stats-view.js';
import { TimelineView } from '../trace/timeline-view.js';
import { useTrace, type LoadedTrace } from '../trace/use-trace.js';

type View = 'timeline' | 'graph' | 'stats' | 'spans' | 'flamegraph' | 'events' | 'json';
const VIEWS: Array<[View, string]> = [
  ['timeline', 'Timeline'], ['graph', 'Graph'], ['stats', 'Statistics'], ['spans', 'Spans'],
  ['flamegraph', 'Flamegraph'], ['events', 'Events'], ['json', 'JSON'],
];

export function TracePage({ traceId }: { traceId: string }) {
  const state = useTrace(traceId);
  if (state.status === 'loading' || state.status === 'idle') return <Loading what={`trace ${traceId}`} />;
  if (state.status === 'error') {
    return (
      <div className="page">
        <ErrorNotice error={state.error} title={`Could not load trace ${traceId}`} />
        <p className="muted">Check the id, or search for the trace; traces older than the storage retention are gone.</p>
      </div>
    );
  }
  return <LoadedTracePage loaded={state.data} />;
}

function LoadedTracePage({ loaded }: { loaded: LoadedTrace }) {
  const { trace } = loaded;
  const location = useLocation();
  const uiFind = location.search.get('uiFind') ?? '';
  const initialSpan = useMemo(() => {
    const wanted = normalizeId(uiFind);
    return uiFind === '' ? -1 : trace.spans.findIndex((s) => normalizeId(s.spanId) === wanted);
  }, [trace, uiFind]);
  const [view, setView] = useState<View>('timeline');
  const [query, setQuery] = useState(initialSpan >= 0 ? '' : uiFind);
  const [matchPos, setMatchPos] = useState(0);
  const [selected, setSelected] = useState(initialSpan);
  const [help, setHelp] = useState(false);
  const [utc, setUtc] = useState(false);
  const findInput = useRef<HTMLInputElement>(null);
  // Attribute matches appear once the spans' details are in (detailsVersion).
  const matches = useMemo(() => findSpans(trace, query), [trace, query, loaded.detailsVersion]);
  const currentMatch = matches.length > 0 ? matches[Math.min(matchPos, matches.length - 1)]! : -1;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const inField = (e.target as HTMLElement | null)?.tagName === 'INPUT';
      if ((e.ctrlKey && e.key === 'b') || (!inField && e.key === '/')) {
        e.preventDefault();
        findInput.current?.focus();
      } else if (e.key === 'Escape') {
        if (help) setHelp(false);
        else if (query !== '') setQuery('');
        else setSelected(-1);
      } else if (!inField && e.key === '?') setHelp(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [help, query]);

  const open = (index: number) => {
    setView('timeline');
    setSelected(index);
  };
  const step = (dir: number) => {
    if (matches.length === 0) return;
    const next = (Math.min(matchPos, matches.length - 1) + dir + matches.length) % matches.length;
    setMatchPos(next);
    setSelected(matches[next]!);
  };
  const warnings = useMemo(() => trace.warnings.length + trace.spans.reduce((n, s) => (s.hasWarnings ? n + Math.max(1, s.warnings.length) : n), 0), [trace, loaded.detailsVersion]);
  return (
    <div className="trace-page" data-testid="trace-page" data-details={loaded.detailsVersion > 0 ? 'loaded' : 'loading'}>
      <header className="trace-header">
        <h1 className="trace-title">
          <span data-testid="trace-name">{trace.name}</span>
          <span className="muted mono" style={{ fontSize: 'var(--text-md)' }}>{trace.traceId}</span>
          {loaded.fromFile && <span className="tag">from file</span>}
        </h1>
        <div className="trace-meta">
          <span>Start <b>{formatTimestamp(trace.startUs, utc)}</b> <button className="small" onClick={() => setUtc(!utc)}>{utc ? 'UTC' : 'local'}</button></span>
          <span>Duration <b data-testid="trace-duration">{formatDuration(trace.durationUs)}</b></span>
          <span>Services <b>{trace.services.length}</b></span>
          <span>Depth <b>{trace.maxDepth + 1}</b></span>
          <span>Spans <b data-testid="trace-span-count">{trace.spans.length}</b></span>
          {trace.errorCount > 0 && <span className="error-text">Errors <b className="error-text">{trace.errorCount}</b></span>}
          {warnings > 0 && <span title={trace.warnings.join('\n')}>Warnings <b style={{ color: 'var(--warning)' }}>{warnings}</b></span>}
          <span style={{ display: 'flex', gap: 4, flexWrap: 'wrap' }}>
            {trace.services.map((s) => (
              <span key={s.name} className="tag"><span className="swatch" style={{ background: serviceColor(s.name) }} />{s.name} ({s.count})</span>
            ))}
          </span>
        </div>
        {trace.warnings.length > 0 && (
          <details className="notice warning" style={{ margin: '8px 0 0' }}>
            <summary>{trace.warnings.length} trace warning{trace.warnings.length === 1 ? '' : 's'}</summary>
            <ul>{trace.warnings.slice(0, 50).map((w, i) => <li key={i}>{w}</li>)}</ul>
          </details>
        )}
      </header>
      <div className="trace-toolbar">
        <div className="tabs" role="tablist">
          {VIEWS.map(([v, label]) => (
            <button key={v} className={view === v ? 'active' : ''} onClick={() => setView(v)} role="tab" data-testid={`view-${v}`}>{label}</button>
          ))}
        </div>
        <div className="find-box">
          {view === 'timeline' && (
            <ServiceFilterMenu
              services={trace.services}
              hidden={hiddenServicesFromUrl(location.search, trace)}
              onChange={(next) => navigate(`${location.path}?${withHiddenServices(location.search, next)}`, { replace: true })}
            />
          )}
          <input
            ref={findInput}
            value={query}
            placeholder="Find: service, name, key=value, span id"
            aria-label="Find in trace"
            data-testid="find-input"
            onChange={(e) => { setQuery(e.target.value); setMatchPos(0); }}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); step(e.shiftKey ? -1 : 1); } }}
          />
          <span className="muted" data-testid="find-count">{query === '' ? '' : matches.length === 0 ? 'no match' : `${Math.min(matchPos, matches.length - 1) + 1} of ${matches.length}`}</span>
          <button className="small" disabled={matches.length === 0} onClick={() => step(-1)} aria-label="Previous match">▲</button>
          <button className="small" disabled={matches.length === 0} onClick={() => step(1)} aria-label="Next match">▼</button>
          <button className="small" onClick={() => setHelp(true)} title="Keyboard shortcuts (?)">?</button>
        </div>
      </div>
      <div className="trace-body">
        {view === 'timeline' && (
          <TimelineView loaded={loaded} matches={matches} currentMatch={query === '' ? -1 : currentMatch} selected={selected} onSelect={setSelected} />
        )}
        {view !== 'timeline' && (
          // Remounted when the spans' details arrive, so views built from attributes use them.
          <div className="trace-view" key={loaded.detailsVersion}>
            {view === 'graph' && <TraceGraphView trace={trace} selfTimes={loaded.selfTimes} onOpen={open} />}
            {view === 'stats' && <StatsView trace={trace} selfTimes={loaded.selfTimes} />}
            {view === 'spans' && <SpansTableView trace={trace} selfTimes={loaded.selfTimes} onOpen={open} />}
            {view === 'flamegraph' && <FlamegraphView trace={trace} onOpen={open} />}
            {view === 'events' && <EventsView trace={trace} onOpen={open} utc={utc} />}
            {view === 'json' && <JsonView trace={trace} fromFile={loaded.fromFile} />}
          </div>
        )}
      </div>
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
