/**
 * The search form: service, operation (with span kind), tags in logfmt, lookback or a custom range (second precision,
 * local or UTC), min/max duration and limit. Submitting writes the state into the URL, which runs the search.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { getOperations, getServices } from '../api/client.js';
import { useAsync } from '../api/use-async.js';
import { ErrorNotice } from '../components/notices.js';
import { fromDateTimeInput, toDateTimeInput } from '../lib/format.js';
import { parseLogfmt } from '../lib/logfmt.js';
import { LOOKBACKS, type SearchState } from '../lib/search-state.js';

const SPAN_KINDS = ['', 'server', 'client', 'producer', 'consumer', 'internal'];

export function SearchForm({ initial, onSearch }: { initial: SearchState; onSearch: (s: SearchState) => void }) {
  const [s, setS] = useState<SearchState>(initial);
  const [utc, setUtc] = useState(false);
  useEffect(() => setS(initial), [initial]);
  const services = useAsync('services', (signal) => getServices(signal));
  const operations = useAsync(s.service === '' ? null : `ops:${s.service}`, (signal) => getOperations(s.service, signal));
  const serviceList = services.status === 'done' ? services.data : [];
  useEffect(() => {
    if (s.service === '' && serviceList.length > 0) {
      const remembered = localStorage.getItem('ariadne.lastService');
      const pick = remembered !== null && serviceList.includes(remembered) ? remembered : serviceList[0]!;
      setS((prev) => ({ ...prev, service: pick }));
    }
  }, [serviceList, s.service]);
  const ops = operations.status === 'done' ? operations.data : [];
  const opNames = [...new Set(ops.filter((o) => s.spanKind === '' || o.spanKind === s.spanKind).map((o) => o.name))].sort();
  const tagCheck = parseLogfmt(s.tags);
  const set = <K extends keyof SearchState>(key: K, value: SearchState[K]) => setS((prev) => ({ ...prev, [key]: value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!tagCheck.ok) return;
    localStorage.setItem('ariadne.lastService', s.service);
    let next = s;
    if (s.lookback === 'custom' && (s.startUs === null || s.endUs === null)) {
      const end = Date.now() * 1000;
      next = { ...s, startUs: s.startUs ?? end - 3_600_000_000, endUs: s.endUs ?? end };
    }
    onSearch(next);
  };
  return (
    <form onSubmit={submit} data-testid="search-form">
      {services.status === 'error' && <ErrorNotice error={services.error} title="Could not load services" />}
      <div className="field">
        <label htmlFor="f-service">Service {services.status === 'done' && <span className="muted">({serviceList.length})</span>}</label>
        <select id="f-service" value={s.service} onChange={(e) => setS({ ...s, service: e.target.value, operation: '' })}>
          {s.service === '' && <option value="">{services.status === 'loading' ? 'Loading…' : 'No services yet'}</option>}
          {s.service !== '' && !serviceList.includes(s.service) && <option value={s.service}>{s.service}</option>}
          {serviceList.map((name) => <option key={name} value={name}>{name}</option>)}
        </select>
        {services.status === 'done' && serviceList.length === 0 && (
          <span className="hint">No service has sent spans yet. Point an OpenTelemetry exporter at the OTLP receiver (4317/4318).</span>
        )}
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="f-kind">Span kind</label>
          <select id="f-kind" value={s.spanKind} onChange={(e) => set('spanKind', e.target.value)}>
            {SPAN_KINDS.map((k) => <option key={k} value={k}>{k === '' ? 'Any' : k}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-operation">Operation</label>
          <select id="f-operation" value={s.operation} onChange={(e) => set('operation', e.target.value)}>
            <option value="">All operations</option>
            {s.operation !== '' && !opNames.includes(s.operation) && <option value={s.operation}>{s.operation}</option>}
            {opNames.map((name) => <option key={name} value={name}>{name}</option>)}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor="f-tags">Tags</label>
        <input id="f-tags" value={s.tags} placeholder='error=true http.status_code=500' onChange={(e) => set('tags', e.target.value)} />
        {tagCheck.ok ? (
          <span className="hint">logfmt: key=value pairs, space-separated (AND); quote values with spaces: db.statement="select 1"</span>
        ) : (
          <span className="hint error-text" role="alert">{tagCheck.error}</span>
        )}
      </div>
      <div className="field">
        <label htmlFor="f-lookback">Lookback</label>
        <select id="f-lookback" value={s.lookback} onChange={(e) => set('lookback', e.target.value)}>
          {LOOKBACKS.map((l) => <option key={l.value} value={l.value}>{l.label}</option>)}
        </select>
      </div>
      {s.lookback === 'custom' && <CustomRange s={s} utc={utc} setUtc={setUtc} setS={setS} />}
      <div className="field-row">
        <div className="field">
          <label htmlFor="f-min">Min duration</label>
          <input id="f-min" value={s.minDuration} placeholder="e.g. 100ms" onChange={(e) => set('minDuration', e.target.value.trim())} />
        </div>
        <div className="field">
          <label htmlFor="f-max">Max duration</label>
          <input id="f-max" value={s.maxDuration} placeholder="e.g. 1.2s" onChange={(e) => set('maxDuration', e.target.value.trim())} />
        </div>
      </div>
      <div className="field">
        <label htmlFor="f-limit">Limit results</label>
        <input id="f-limit" type="number" min={1} max={1500} value={s.limit} onChange={(e) => set('limit', Math.max(1, Number(e.target.value) || 20))} />
      </div>
      <button type="submit" className="primary" disabled={s.service === '' || !tagCheck.ok} data-testid="find-traces">
        Find Traces
      </button>
    </form>
  );
}

function CustomRange({ s, utc, setUtc, setS }: { s: SearchState; utc: boolean; setUtc: (v: boolean) => void; setS: (f: (p: SearchState) => SearchState) => void }) {
  const now = Date.now() * 1000;
  const start = s.startUs ?? now - 3_600_000_000;
  const end = s.endUs ?? now;
  return (
    <div className="field">
      <label>
        Time range ({utc ? 'UTC' : 'local time'}){' '}
        <button type="button" className="small" onClick={() => setUtc(!utc)}>{utc ? 'Use local time' : 'Use UTC'}</button>
      </label>
      <input type="datetime-local" step={1} aria-label="Start" value={toDateTimeInput(start, utc)}
        onChange={(e) => { const v = fromDateTimeInput(e.target.value, utc); if (v !== null) setS((p) => ({ ...p, startUs: v })); }} />
      <input type="datetime-local" step={1} aria-label="End" value={toDateTimeInput(end, utc)}
        onChange={(e) => { const v = fromDateTimeInput(e.target.value, utc); if (v !== null) setS((p) => ({ ...p, endUs: v })); }} />
    </div>
  );
}
