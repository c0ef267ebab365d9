/** Search results as a list (duration bar, services, errors, times) or a table; each row can be selected to compare. */
import { Link } from '../app/router.js';
import { formatDuration, formatRelative, formatTimestamp } from '../lib/format.js';
import { serviceColor } from '../lib/service-colors.js';
import type { TraceSummary } from '../lib/trace-summary.js';

interface Props {
  traces: readonly TraceSummary[];
  selected: ReadonlySet<string>;
  onToggle: (id: string) => void;
}

export function TraceList({ traces, selected, onToggle }: Props) {
  const maxDuration = Math.max(1, ...traces.map((t) => t.durationUs));
  const now = Date.now();
  return (
    <div data-testid="trace-list">
      {traces.map((t) => (
        <div key={t.traceId} className={`trace-item ${selected.has(t.traceId) ? 'selected' : ''}`} data-testid="trace-item" data-trace-id={t.traceId}>
          <div className="trace-item-head">
            <div className="trace-item-bar" style={{ width: `${(t.durationUs / maxDuration) * 100}%` }} />
            <input type="checkbox" aria-label={`Select ${t.traceId} to compare`} checked={selected.has(t.traceId)} onChange={() => onToggle(t.traceId)} />
            <Link to={`/trace/${t.traceId}`} className="trace-item-title" title={t.name}>
              {t.rootService}: {t.rootOperation} <span className="muted mono">{t.traceId.slice(0, 7)}</span>
            </Link>
            <span>{formatDuration(t.durationUs)}</span>
          </div>
          <div className="trace-item-body">
            <span>{t.spanCount} span{t.spanCount === 1 ? '' : 's'}</span>
            {t.errorCount > 0 && <span className="tag error">{t.errorCount} error{t.errorCount === 1 ? '' : 's'}</span>}
            <div className="trace-item-services">
              {t.services.map((s) => (
                <span key={s.name} className={`tag ${s.errors > 0 ? 'error' : ''}`}>
                  <span className="swatch" style={{ background: serviceColor(s.name) }} />
                  {s.name} ({s.count})
                </span>
              ))}
            </div>
            <span className="muted" title={formatTimestamp(t.startUs, true)}>
              {formatRelative(t.startUs, now)} · {formatTimestamp(t.startUs, false)}
            </span>
          </div>
        </div>
      ))}
    </div>
  );
}

export function TraceTable({ traces, selected, onToggle }: Props) {
  return (
    <table className="data" data-testid="trace-table">
      <thead>
        <tr>
          <th />
          <th>Trace</th>
          <th>Trace ID</th>
          <th className="num">Duration</th>
          <th className="num">Spans</th>
          <th className="num">Errors</th>
          <th>Services</th>
          <th>Start</th>
        </tr>
      </thead>
      <tbody>
        {traces.map((t) => (
          <tr key={t.traceId}>
            <td><input type="checkbox" aria-label={`Select ${t.traceId}`} checked={selected.has(t.traceId)} onChange={() => onToggle(t.traceId)} /></td>
            <td><Link to={`/trace/${t.traceId}`}>{t.rootService}: {t.rootOperation}</Link></td>
            <td className="mono">{t.traceId.slice(0, 12)}</td>
            <td className="num">{formatDuration(t.durationUs)}</td>
            <td className="num">{t.spanCount}</td>
            <td className="num">{t.errorCount}</td>
            <td>{t.services.map((s) => `${s.name} (${s.count})`).join(', ')}</td>
            <td>{formatTimestamp(t.startUs, false)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
