/** The trace page's other views: service::operation graph, events table and raw JSON. */
import { useMemo } from 'react';
import { getTrace } from '../api/client.js';
import { useAsync } from '../api/use-async.js';
import { appPath } from '../app/config.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { GraphSvg } from '../components/graph-svg.js';
import { KeyValueTable } from '../components/key-value-table.js';
import { formatDuration, formatTimestamp } from '../lib/format.js';
import { layoutHierarchical, type GraphEdge } from '../lib/graph-layout.js';
import { serviceColor } from '../lib/service-colors.js';
import type { Trace } from '../lib/trace-model.js';

const MAX_GRAPH_NODES = 300;

export function TraceGraphView({ trace, selfTimes, onOpen }: { trace: Trace; selfTimes: Float64Array; onOpen: (index: number) => void }) {
  const graph = useMemo(() => {
    const nodes = new Map<string, { id: string; service: string; name: string; count: number; self: number; first: number; errors: number }>();
    const edges = new Map<string, GraphEdge & { label: string }>();
    for (const span of trace.spans) {
      const id = `${span.service}::${span.name}`;
      const node = nodes.get(id) ?? { id, service: span.service, name: span.name, count: 0, self: 0, first: span.index, errors: 0 };
      node.count++;
      node.self += selfTimes[span.index] ?? 0;
      if (span.hasError) node.errors++;
      nodes.set(id, node);
      if (span.parent >= 0) {
        const p = trace.spans[span.parent]!;
        const from = `${p.service}::${p.name}`;
        const key = `${from}->${id}`;
        const e = edges.get(key) ?? { from, to: id, weight: 0, label: '' };
        e.weight++;
        e.label = `${e.weight}×`;
        edges.set(key, e);
      }
    }
    return { nodes: [...nodes.values()], edges: [...edges.values()] };
  }, [trace, selfTimes]);
  if (graph.nodes.length > MAX_GRAPH_NODES) {
    return <div className="notice empty">This trace has {graph.nodes.length} distinct service::operation nodes; the graph shows at most {MAX_GRAPH_NODES}. Use the statistics view instead.</div>;
  }
  const layout = layoutHierarchical(graph.nodes.map((n) => n.id), graph.edges);
  return (
    <div className="graph page">
      <div className="legend">Nodes are service::operation, with span count, self time and errors; edges count parent→child calls. Click a node to open its first span.</div>
      <GraphSvg
        layout={layout}
        testId="trace-graph"
        nodes={graph.nodes.map((n) => ({
          id: n.id,
          label: `${n.service}: ${n.name}`,
          sublabel: `${n.count}× · self ${formatDuration(n.self)}${n.errors > 0 ? ` · ${n.errors} err` : ''}`,
          color: n.errors > 0 ? 'var(--error)' : serviceColor(n.service),
        }))}
        edges={graph.edges}
        onNodeClick={(id) => onOpen(graph.nodes.find((n) => n.id === id)!.first)}
      />
    </div>
  );
}

export function EventsView({ trace, onOpen, utc }: { trace: Trace; onOpen: (index: number) => void; utc: boolean }) {
  const events = useMemo(() => {
    const out: Array<{ span: number; timeUs: number; name: string; fields: Trace['spans'][number]['events'][number]['fields'] }> = [];
    for (const span of trace.spans) for (const ev of span.events) out.push({ span: span.index, timeUs: ev.timeUs, name: ev.name, fields: ev.fields });
    return out.sort((a, b) => a.timeUs - b.timeUs);
  }, [trace]);
  if (events.length === 0) return <div className="page"><div className="notice empty">No span in this trace recorded events (logs).</div></div>;
  const shown = events.slice(0, 2000);
  return (
    <div className="page">
      {events.length > shown.length && <div className="notice warning">Showing the first {shown.length} of {events.length} events.</div>}
      <table className="data" data-testid="events-table">
        <thead><tr><th>Time</th><th>Offset</th><th>Service</th><th>Span</th><th>Event</th><th>Attributes</th></tr></thead>
        <tbody>
          {shown.map((ev, i) => {
            const span = trace.spans[ev.span]!;
            return (
              <tr key={i}>
                <td className="mono">{formatTimestamp(ev.timeUs, utc)}</td>
                <td className="num">+{formatDuration(ev.timeUs - trace.startUs)}</td>
                <td>{span.service}</td>
                <td><a href="#" onClick={(e) => { e.preventDefault(); onOpen(ev.span); }}>{span.name}</a></td>
                <td>{ev.name}</td>
                <td><KeyValueTable items={ev.fields.filter((f) => f.key !== 'event')} /></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const MAX_JSON_CHARS = 2_000_000;

export function JsonView({ trace, fromFile }: { trace: Trace; fromFile: boolean }) {
  // A stored trace is loaded in the UI's compact format: its Jaeger JSON is fetched when this view opens.
  const fetched = useAsync(trace.source === undefined ? trace.traceId : null, (signal) => getTrace(trace.traceId, signal));
  const source = trace.source ?? (fetched.status === 'done' ? fetched.data : undefined);
  const text = useMemo(() => (source === undefined ? '' : JSON.stringify(source, null, 2)), [source]);
  return (
    <div>
      <div className="page" style={{ paddingBottom: 0 }}>
        {!fromFile && (
          <>
            <a href={appPath(`/api/traces/${trace.traceId}?prettyPrint=true`)} target="_blank" rel="noreferrer">Open API response</a>{' · '}
            <a href={appPath(`/api/traces/${trace.traceId}?raw=true&prettyPrint=true`)} target="_blank" rel="noreferrer">Unadjusted</a>
          </>
        )}
        {text.length > MAX_JSON_CHARS && <span className="muted"> · showing the first {MAX_JSON_CHARS.toLocaleString()} characters</span>}
      </div>
      {fetched.status === 'loading' && <Loading what="the trace JSON" />}
      {fetched.status === 'error' && <ErrorNotice error={fetched.error} title="Could not load the trace JSON" />}
      {text !== '' && <pre className="json" data-testid="trace-json">{text.slice(0, MAX_JSON_CHARS)}</pre>}
    </div>
  );
}
