/**
 * Compare two traces (`/trace/{a}...{b}`): the structural diff of their call trees (paths only in A, only in B, in both
 * with different counts) and the latency diff per matched path (mean duration in A and B, the difference, coloured by
 * how much slower or faster B is).
 */
import { useMemo, useState, type FormEvent } from 'react';
import { Link, navigate } from '../app/router.js';
import { ErrorNotice, Loading } from '../components/notices.js';
import { formatDuration } from '../lib/format.js';
import { serviceColor } from '../lib/service-colors.js';
import { diffRows, diffTraces, latencyClass, summarizeDiff, type DiffStatus } from '../lib/trace-diff.js';
import type { Trace } from '../lib/trace-model.js';
import { useTrace } from '../trace/use-trace.js';

const STATUS_LABEL: Record<DiffStatus, string> = { 'only-a': 'only in A', 'only-b': 'only in B', changed: 'count differs', same: 'in both' };

export function ComparePage({ a, b }: { a: string; b: string }) {
  const ta = useTrace(a);
  const tb = useTrace(b);
  return (
    <div className="page" data-testid="compare-page">
      <ComparePicker a={a} b={b} />
      {(ta.status === 'loading' || tb.status === 'loading') && <Loading what="both traces" />}
      {ta.status === 'error' && <ErrorNotice error={ta.error} title={`Could not load trace A (${a})`} />}
      {tb.status === 'error' && <ErrorNotice error={tb.error} title={`Could not load trace B (${b})`} />}
      {ta.status === 'done' && tb.status === 'done' && <DiffTable a={ta.data.trace} b={tb.data.trace} />}
    </div>
  );
}

function ComparePicker({ a, b }: { a: string; b: string }) {
  const [ia, setIa] = useState(a);
  const [ib, setIb] = useState(b);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ia.trim() !== '' && ib.trim() !== '') navigate(`/trace/${ia.trim()}...${ib.trim()}`);
  };
  return (
    <form onSubmit={submit} className="results-toolbar">
      <b>Compare</b>
      <label>A <input value={ia} onChange={(e) => setIa(e.target.value)} aria-label="Trace A" className="mono" size={34} /></label>
      <label>B <input value={ib} onChange={(e) => setIb(e.target.value)} aria-label="Trace B" className="mono" size={34} /></label>
      <button type="submit">Compare</button>
      <button type="button" onClick={() => navigate(`/trace/${b}...${a}`)}>Swap</button>
    </form>
  );
}

function DiffTable({ a, b }: { a: Trace; b: Trace }) {
  const rows = useMemo(() => diffRows(diffTraces(a, b)), [a, b]);
  const summary = summarizeDiff(rows);
  const [filter, setFilter] = useState<'all' | 'differences'>('all');
  const shown = filter === 'all' ? rows : rows.filter((r) => r.status !== 'same' || latencyClass(r.ratio) !== 'neutral');
  return (
    <>
      <div className="results-toolbar">
        <span><b>A</b> <Link to={`/trace/${a.traceId}`}>{a.name}</Link> · {formatDuration(a.durationUs)} · {a.spans.length} spans</span>
        <span><b>B</b> <Link to={`/trace/${b.traceId}`}>{b.name}</Link> · {formatDuration(b.durationUs)} · {b.spans.length} spans</span>
      </div>
      <div className="legend" data-testid="diff-summary">
        <span><span className="diff-status only-a">only in A</span> {summary.onlyA}</span>
        <span><span className="diff-status only-b">only in B</span> {summary.onlyB}</span>
        <span><span className="diff-status changed">count differs</span> {summary.changed}</span>
        <span><span className="diff-status same">in both</span> {summary.same}</span>
        <span style={{ marginLeft: 16 }}>Latency (B vs A):</span>
        {(['faster-3', 'faster-2', 'faster-1', 'slower-1', 'slower-2', 'slower-3'] as const).map((c) => (
          <span key={c} style={{ padding: '1px 6px', background: `var(--${c})` }}>{c.replace('-1', ' >10%').replace('-2', ' >50%').replace('-3', ' ≥2×')}</span>
        ))}
        <label style={{ marginLeft: 'auto' }}>
          <select value={filter} onChange={(e) => setFilter(e.target.value as 'all' | 'differences')} aria-label="Show">
            <option value="all">All call paths</option>
            <option value="differences">Only differences</option>
          </select>
        </label>
      </div>
      <table className="data" data-testid="diff-table">
        <thead>
          <tr>
            <th>Call path (service: operation)</th><th>Status</th>
            <th className="num">Count A</th><th className="num">Count B</th>
            <th className="num">Mean A</th><th className="num">Mean B</th><th className="num">Δ (B − A)</th><th className="num">B / A</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r, i) => (
            <tr key={i} className="diff-row" data-testid="diff-row" data-status={r.status} data-key={r.node.key}>
              <td style={{ paddingLeft: 8 + r.node.depth * 16 }}>
                <span className="swatch" style={{ background: serviceColor(r.node.service) }} /> <b>{r.node.service}</b>: {r.node.operation}
              </td>
              <td><span className={`diff-status ${r.status}`}>{STATUS_LABEL[r.status]}</span></td>
              <td className="num">{r.node.countA}</td>
              <td className="num">{r.node.countB}</td>
              <td className="num">{r.meanA === null ? '–' : formatDuration(r.meanA)}</td>
              <td className="num">{r.meanB === null ? '–' : formatDuration(r.meanB)}</td>
              <td className={`num lat-${latencyClass(r.ratio)}`} data-testid="diff-delta">{r.deltaUs === null ? '–' : `${r.deltaUs > 0 ? '+' : ''}${formatDuration(r.deltaUs)}`}</td>
              <td className={`num lat-${latencyClass(r.ratio)}`}>{r.ratio === null ? '–' : `${r.ratio.toFixed(2)}×`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
