/**
 * The search page (`/search?…`, Jaeger UI's URL scheme): the form or the upload panel on the side; results as a
 * scatter plot plus a sortable list or table, with compare and download. The URL holds the whole search state.
 */
import { useMemo, useState } from 'react';
import { searchTraces } from '../api/client.js';
import { useAsync } from '../api/use-async.js';
import { navigate, useLocation } from '../app/router.js';
import { Empty, ErrorNotice, Loading } from '../components/notices.js';
import { buildTrace } from '../lib/build-trace.js';
import type { JaegerTrace } from '../lib/jaeger-types.js';
import { parseSearchUrl, searchStateToApi, searchStateToUrl, SORT_KEYS, type SearchState, type SortKey } from '../lib/search-state.js';
import { sortSummaries, summarize } from '../lib/trace-summary.js';
import { ScatterPlot } from './scatter-plot.js';
import { SearchForm } from './search-form.js';
import { TraceList, TraceTable } from './trace-results.js';
import { UploadPanel } from './upload-panel.js';

const SORT_LABELS: Record<SortKey, string> = {
  recent: 'Most recent',
  longest: 'Longest first',
  shortest: 'Shortest first',
  'most-spans': 'Most spans',
  'least-spans': 'Fewest spans',
  'most-errors': 'Most errors',
};

export function SearchPage() {
  const location = useLocation();
  const state = useMemo(() => parseSearchUrl(location.search), [location.searchText]);
  const [tab, setTab] = useState<'search' | 'upload'>('search');
  const [uploaded, setUploaded] = useState<JaegerTrace[] | null>(null);
  const [nonce, setNonce] = useState(0);
  const apiQuery = useMemo(() => (state.service === '' ? null : searchStateToApi(state, Date.now())), [location.searchText, nonce]);
  const key = apiQuery?.ok ? `${apiQuery.params.toString()}#${nonce}` : null;
  const result = useAsync(key, (signal) => searchTraces(apiQuery!.ok ? apiQuery!.params : new URLSearchParams(), signal));

  const goSearch = (next: SearchState) => {
    setUploaded(null);
    const url = `/search?${searchStateToUrl(next).toString()}`;
    if (url === `/search${location.searchText}`) setNonce((n) => n + 1);
    else navigate(url);
  };
  const update = (patch: Partial<SearchState>) => navigate(`/search?${searchStateToUrl({ ...state, ...patch }).toString()}`, { replace: true });

  const raw: JaegerTrace[] | null = uploaded ?? (result.status === 'done' ? result.data : null);
  return (
    <div className="search-layout">
      <aside className="search-side">
        <div className="tabs" role="tablist">
          <button className={tab === 'search' ? 'active' : ''} onClick={() => setTab('search')} role="tab">Search</button>
          <button className={tab === 'upload' ? 'active' : ''} onClick={() => setTab('upload')} role="tab" data-testid="upload-tab">Upload</button>
        </div>
        {tab === 'search' ? <SearchForm initial={state} onSearch={goSearch} /> : <UploadPanel onLoaded={setUploaded} />}
      </aside>
      <section className="search-results">
        {uploaded === null && apiQuery !== null && !apiQuery.ok && <div className="notice error" role="alert">{apiQuery.error}</div>}
        {uploaded === null && result.status === 'loading' && <Loading what="traces" />}
        {uploaded === null && result.status === 'error' && <ErrorNotice error={result.error} title="Search failed" />}
        {uploaded === null && result.status === 'idle' && (
          <Empty>Choose a service and press <b>Find Traces</b>, paste a trace ID in the box at the top, or open a file in the <b>Upload</b> tab.</Empty>
        )}
        {raw !== null && <Results traces={raw} state={state} uploaded={uploaded !== null} update={update} />}
      </section>
    </div>
  );
}

function Results({ traces, state, uploaded, update }: { traces: JaegerTrace[]; state: SearchState; uploaded: boolean; update: (p: Partial<SearchState>) => void }) {
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const summaries = useMemo(() => traces.map((t) => summarize(buildTrace(t))), [traces]);
  const sorted = useMemo(() => sortSummaries(summaries, state.sort), [summaries, state.sort]);
  if (traces.length === 0) {
    return (
      <Empty>
        No traces match. Widen the lookback, remove tag or duration filters, or check that <b>{state.service}</b> sends spans
        in this time range.
      </Empty>
    );
  }
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const chosen = [...selected];
  const download = () => {
    const blob = new Blob([JSON.stringify({ data: traces }, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `traces-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };
  return (
    <>
      <ScatterPlot traces={summaries} onOpen={(id) => navigate(`/trace/${id}`)} />
      <div className="results-toolbar">
        <b data-testid="result-count">{traces.length} trace{traces.length === 1 ? '' : 's'}{uploaded ? ' from files' : ''}</b>
        <label>
          Sort{' '}
          <select value={state.sort} onChange={(e) => update({ sort: e.target.value as SortKey })} aria-label="Sort">
            {SORT_KEYS.map((k) => <option key={k} value={k}>{SORT_LABELS[k]}</option>)}
          </select>
        </label>
        <div className="tabs" style={{ margin: 0, border: 'none' }}>
          <button className={state.view === 'list' ? 'active' : ''} onClick={() => update({ view: 'list' })}>List</button>
          <button className={state.view === 'table' ? 'active' : ''} onClick={() => update({ view: 'table' })}>Table</button>
        </div>
        <span style={{ flex: 1 }} />
        <button disabled={chosen.length !== 2} onClick={() => navigate(`/trace/${chosen[0]}...${chosen[1]}`)} data-testid="compare-button" title="Select two traces to compare">
          Compare {chosen.length > 0 ? `(${chosen.length}/2)` : ''}
        </button>
        <button onClick={download}>Download JSON</button>
      </div>
      {state.view === 'table' ? (
        <TraceTable traces={sorted} selected={selected} onToggle={toggle} />
      ) : (
        <TraceList traces={sorted} selected={selected} onToggle={toggle} />
      )}
    </>
  );
}
