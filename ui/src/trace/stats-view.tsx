/** Trace statistics grouped by service, operation or any attribute, sortable by every column. */
import { useMemo, useState } from 'react';
import { formatDuration } from '../lib/format.js';
import { attributeKeys, computeStats, type StatsGroupBy, type StatsRow } from '../lib/trace-stats.js';
import type { Trace } from '../lib/trace-model.js';

const COLUMNS: Array<{ key: keyof StatsRow; label: string; duration?: boolean }> = [
  { key: 'group', label: 'Group' },
  { key: 'count', label: 'Count' },
  { key: 'total', label: 'Total', duration: true },
  { key: 'avg', label: 'Avg', duration: true },
  { key: 'min', label: 'Min', duration: true },
  { key: 'max', label: 'Max', duration: true },
  { key: 'selfTotal', label: 'Self total', duration: true },
  { key: 'selfAvg', label: 'Self avg', duration: true },
  { key: 'selfMin', label: 'Self min', duration: true },
  { key: 'selfMax', label: 'Self max', duration: true },
  { key: 'selfPercent', label: 'Self % of total' },
];

export function StatsView({ trace, selfTimes }: { trace: Trace; selfTimes: Float64Array }) {
  const [groupText, setGroupText] = useState('service');
  const [sort, setSort] = useState<{ key: keyof StatsRow; desc: boolean }>({ key: 'total', desc: true });
  const keys = useMemo(() => attributeKeys(trace), [trace]);
  const groupBy: StatsGroupBy = groupText === 'service' || groupText === 'operation' ? { kind: groupText } : { kind: 'attribute', key: groupText.slice(5) };
  const rows = useMemo(() => computeStats(trace, selfTimes, groupBy), [trace, selfTimes, groupText]);
  const sorted = [...rows].sort((a, b) => {
    const x = a[sort.key];
    const y = b[sort.key];
    const c = typeof x === 'string' ? x.localeCompare(y as string) : (x as number) - (y as number);
    return sort.desc ? -c : c;
  });
  return (
    <div className="page">
      <label>
        Group by{' '}
        <select value={groupText} onChange={(e) => setGroupText(e.target.value)} aria-label="Group by">
          <option value="service">Service</option>
          <option value="operation">Service + span name</option>
          {keys.map((k) => <option key={k} value={`attr:${k}`}>Attribute: {k}</option>)}
        </select>
      </label>
      <table className="data" data-testid="stats-table" style={{ marginTop: 12 }}>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} className={`sortable ${c.key === 'group' ? '' : 'num'}`} onClick={() => setSort({ key: c.key, desc: sort.key === c.key ? !sort.desc : true })}>
                {c.label}{sort.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.group}>
              {COLUMNS.map((c) => (
                <td key={c.key} className={c.key === 'group' ? '' : 'num'}>
                  {c.key === 'group' ? r.group : c.duration ? formatDuration(r[c.key] as number) : c.key === 'selfPercent' ? `${r.selfPercent.toFixed(1)}%` : String(r[c.key])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
