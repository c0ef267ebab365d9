/** Every span as a table with service / operation / text filters, sorting and paging. */
import { useMemo, useState } from 'react';
import { formatDuration } from '../lib/format.js';
import type { Trace, TraceSpan } from '../lib/trace-model.js';

type SortKey = 'service' | 'name' | 'durationUs' | 'relStartUs';
const PAGE = 100;

export function SpansTableView({ trace, selfTimes, onOpen }: { trace: Trace; selfTimes: Float64Array; onOpen: (index: number) => void }) {
  const [service, setService] = useState('');
  const [operation, setOperation] = useState('');
  const [errorsOnly, setErrorsOnly] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'relStartUs', desc: false });
  const [page, setPage] = useState(0);
  const operations = useMemo(() => [...new Set(trace.spans.filter((s) => service === '' || s.service === service).map((s) => s.name))].sort(), [trace, service]);
  const filtered = useMemo(() => {
    const list = trace.spans.filter((s) => (service === '' || s.service === service) && (operation === '' || s.name === operation) && (!errorsOnly || s.hasError));
    const get = (s: TraceSpan) => s[sort.key];
    return list.sort((a, b) => {
      const x = get(a);
      const y = get(b);
      const c = typeof x === 'string' ? x.localeCompare(y as string) : (x as number) - (y as number);
      return sort.desc ? -c : c;
    });
  }, [trace, service, operation, errorsOnly, sort]);
  const pages = Math.max(1, Math.ceil(filtered.length / PAGE));
  const shown = filtered.slice(page * PAGE, page * PAGE + PAGE);
  const header = (key: SortKey, label: string, num = false) => (
    <th className={`sortable ${num ? 'num' : ''}`} onClick={() => setSort({ key, desc: sort.key === key ? !sort.desc : false })}>
      {label}{sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
    </th>
  );
  return (
    <div className="page">
      <div className="results-toolbar">
        <select value={service} onChange={(e) => { setService(e.target.value); setOperation(''); setPage(0); }} aria-label="Filter by service">
          <option value="">All services</option>
          {trace.services.map((s) => <option key={s.name} value={s.name}>{s.name}</option>)}
        </select>
        <select value={operation} onChange={(e) => { setOperation(e.target.value); setPage(0); }} aria-label="Filter by span name">
          <option value="">All span names</option>
          {operations.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
        <label><input type="checkbox" checked={errorsOnly} onChange={(e) => { setErrorsOnly(e.target.checked); setPage(0); }} /> Errors only</label>
        <button onClick={() => { setService(''); setOperation(''); setErrorsOnly(false); setPage(0); }}>Reset</button>
        <span className="muted">{filtered.length} of {trace.spans.length} spans</span>
      </div>
      <table className="data" data-testid="spans-table">
        <thead>
          <tr>{header('service', 'Service')}{header('name', 'Span name')}<th>Span ID</th>{header('durationUs', 'Duration', true)}<th className="num">Self time</th>{header('relStartUs', 'Start', true)}</tr>
        </thead>
        <tbody>
          {shown.map((s) => (
            <tr key={s.index}>
              <td>{s.service}</td>
              <td>{s.hasError && <span className="row-err">! </span>}{s.name}</td>
              <td className="mono"><a href="#" onClick={(e) => { e.preventDefault(); onOpen(s.index); }}>{s.spanId}</a></td>
              <td className="num">{formatDuration(s.durationUs)}</td>
              <td className="num">{formatDuration(selfTimes[s.index] ?? 0)}</td>
              <td className="num">+{formatDuration(s.relStartUs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {pages > 1 && (
        <div className="results-toolbar" style={{ marginTop: 8 }}>
          <button disabled={page === 0} onClick={() => setPage(page - 1)}>Previous</button>
          <span>Page {page + 1} of {pages}</span>
          <button disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>Next</button>
        </div>
      )}
    </div>
  );
}
