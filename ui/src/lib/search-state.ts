/**
 * The search page's state and its two encodings: the page URL (Jaeger UI's scheme, so links from Grafana, runbooks
 * and bookmarks keep working: `service`, `operation`, `tags` as a JSON object, `lookback`, `start`/`end` in µs,
 * `minDuration`, `maxDuration`, `limit`; plus Ariadne's `spanKind`, `sort` and `view`), and the query of
 * `GET /api/traces`.
 */
import { formatLogfmt, parseLogfmt } from './logfmt.js';

export type SortKey = 'recent' | 'longest' | 'shortest' | 'most-spans' | 'least-spans' | 'most-errors';
export const SORT_KEYS: readonly SortKey[] = ['recent', 'longest', 'shortest', 'most-spans', 'least-spans', 'most-errors'];

export interface SearchState {
  service: string;
  operation: string;
  spanKind: string;
  /** Tag filter in logfmt, as typed. */
  tags: string;
  /** '5m', '1h', '2d', … or 'custom' (then start/end apply). */
  lookback: string;
  startUs: number | null;
  endUs: number | null;
  minDuration: string;
  maxDuration: string;
  limit: number;
  sort: SortKey;
  view: 'list' | 'table';
}

export const DEFAULT_LIMIT = 20;

export const LOOKBACKS: ReadonlyArray<{ value: string; label: string }> = [
  { value: '5m', label: 'Last 5 minutes' },
  { value: '15m', label: 'Last 15 minutes' },
  { value: '30m', label: 'Last 30 minutes' },
  { value: '1h', label: 'Last hour' },
  { value: '2h', label: 'Last 2 hours' },
  { value: '6h', label: 'Last 6 hours' },
  { value: '12h', label: 'Last 12 hours' },
  { value: '24h', label: 'Last 24 hours' },
  { value: '2d', label: 'Last 2 days' },
  { value: '7d', label: 'Last 7 days' },
  { value: 'custom', label: 'Custom time range' },
];

export function defaultSearchState(): SearchState {
  return {
    service: '', operation: '', spanKind: '', tags: '', lookback: '1h', startUs: null, endUs: null,
    minDuration: '', maxDuration: '', limit: DEFAULT_LIMIT, sort: 'recent', view: 'list',
  };
}

/** Lookback like '90s', '15m', '1h', '2d', '1w' → ms; undefined when it is not one. */
export function lookbackToMs(lookback: string): number | undefined {
  const m = /^(\d+)(s|m|h|d|w)$/.exec(lookback);
  if (m === null) return undefined;
  const unit = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[m[2] as 's' | 'm' | 'h' | 'd' | 'w'];
  return Number(m[1]) * unit;
}

export function parseSearchUrl(params: URLSearchParams): SearchState {
  const s = defaultSearchState();
  s.service = params.get('service') ?? '';
  s.operation = params.get('operation') ?? '';
  s.spanKind = params.get('spanKind') ?? '';
  s.tags = tagsFromUrl(params.getAll('tags'), params.getAll('tag'));
  const start = numberParam(params.get('start'));
  const end = numberParam(params.get('end'));
  const lookback = params.get('lookback') ?? '';
  s.startUs = start;
  s.endUs = end;
  if (lookback === 'custom' || (lookback === '' && start !== null)) s.lookback = 'custom';
  else if (lookback !== '' && lookbackToMs(lookback) !== undefined) s.lookback = lookback;
  s.minDuration = params.get('minDuration') ?? '';
  s.maxDuration = params.get('maxDuration') ?? '';
  const limit = numberParam(params.get('limit'));
  if (limit !== null && limit > 0) s.limit = Math.floor(limit);
  const sort = params.get('sort') as SortKey | null;
  if (sort !== null && SORT_KEYS.includes(sort)) s.sort = sort;
  if (params.get('view') === 'table') s.view = 'table';
  return s;
}

/** `tags={"k":"v"}` (Jaeger UI), a logfmt `tags=` (hand-written links) and `tag=k:v` (old UI) all become logfmt. */
function tagsFromUrl(tagsParams: string[], tagParams: string[]): string {
  const map: Record<string, string> = {};
  for (const t of tagsParams) {
    const trimmed = t.trim();
    if (trimmed.startsWith('{')) {
      try {
        const obj = JSON.parse(trimmed) as Record<string, unknown>;
        for (const [k, v] of Object.entries(obj)) map[k] = typeof v === 'string' ? v : JSON.stringify(v);
        continue;
      } catch {
        // not JSON: fall through to logfmt
      }
    }
    const parsed = parseLogfmt(trimmed);
    if (parsed.ok) Object.assign(map, parsed.tags);
  }
  for (const t of tagParams) {
    const i = t.indexOf(':');
    if (i > 0) map[t.slice(0, i)] = t.slice(i + 1);
  }
  return formatLogfmt(map);
}

function numberParam(v: string | null): number | null {
  if (v === null || v === '' || !/^-?\d+(\.\d+)?$/.test(v)) return null;
  return Number(v);
}

/** The page URL's query for a search (only non-default fields). Tags go out as a JSON object, as the Jaeger UI. */
export function searchStateToUrl(s: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.service !== '') p.set('service', s.service);
  if (s.operation !== '') p.set('operation', s.operation);
  if (s.spanKind !== '') p.set('spanKind', s.spanKind);
  const tags = parseLogfmt(s.tags);
  if (tags.ok && Object.keys(tags.tags).length > 0) p.set('tags', JSON.stringify(tags.tags));
  p.set('lookback', s.lookback);
  if (s.lookback === 'custom') {
    if (s.startUs !== null) p.set('start', String(s.startUs));
    if (s.endUs !== null) p.set('end', String(s.endUs));
  }
  if (s.minDuration !== '') p.set('minDuration', s.minDuration);
  if (s.maxDuration !== '') p.set('maxDuration', s.maxDuration);
  p.set('limit', String(s.limit));
  if (s.sort !== 'recent') p.set('sort', s.sort);
  if (s.view !== 'list') p.set('view', s.view);
  return p;
}

export type ApiQueryResult = { ok: true; params: URLSearchParams } | { ok: false; error: string };

/** The `GET /api/traces` query for a search at `nowMs`; refuses a bad tag filter or time range with a message. */
export function searchStateToApi(s: SearchState, nowMs: number): ApiQueryResult {
  if (s.service === '') return { ok: false, error: 'Choose a service to search its traces.' };
  const p = new URLSearchParams();
  p.set('service', s.service);
  if (s.operation !== '') p.set('operation', s.operation);
  const tags = parseLogfmt(s.tags);
  if (!tags.ok) return { ok: false, error: `Tags: ${tags.error}` };
  if (Object.keys(tags.tags).length > 0) p.set('tags', JSON.stringify(tags.tags));
  let endUs: number;
  let startUs: number;
  if (s.lookback === 'custom') {
    if (s.startUs === null || s.endUs === null) return { ok: false, error: 'Set both the start and the end of the custom time range.' };
    if (s.startUs >= s.endUs) return { ok: false, error: 'The start of the time range must be before its end.' };
    startUs = s.startUs;
    endUs = s.endUs;
  } else {
    endUs = nowMs * 1000;
    startUs = endUs - (lookbackToMs(s.lookback) ?? 3_600_000) * 1000;
    p.set('lookback', s.lookback);
  }
  p.set('start', String(Math.floor(startUs)));
  p.set('end', String(Math.floor(endUs)));
  if (s.minDuration !== '') p.set('minDuration', s.minDuration);
  if (s.maxDuration !== '') p.set('maxDuration', s.maxDuration);
  p.set('limit', String(s.limit));
  return { ok: true, params: p };
}
