/**
 * `findTraceIds`: the `searchDepth` traces whose matching spans started most recently.
 *
 * Segments and pages are visited newest first. Each is skipped without reading when its summary rules it out: its
 * time range misses the query's window, it has none of the wanted operations, its duration range misses, its term
 * bloom filter lacks an attribute filter's terms, or (once `searchDepth` traces are found) all its spans started
 * before the current `searchDepth`-th best. Pages left over are read, inflated and scanned (page-scan.ts). The event
 * loop gets a turn every few milliseconds.
 */
import { StorageError, type FoundTraceId, type TraceQuery } from '../api/index.js';
import { compileAttributeFilters } from '../query-match/index.js';
import { bloomHas } from './bloom-filter.js';
import type { OperationCatalog } from './operation-catalog.js';
import { openPageRecord } from './page-record.js';
import { scanPage, type SpanFilter } from './page-scan.js';
import type { PageTableCache } from './page-table-cache.js';
import type { Segment } from './segment.js';
import { SLACK, type PageTable } from './page-table.js';
import { isEncodable } from './encoded-filter.js';
import { filterTerms } from './search-terms.js';
import { toParts } from './u64-parts.js';

const YIELD_EVERY_MS = 8;

interface Candidate {
  traceId: string;
  /** Latest start of a matching span: what "most recent" ranks by. */
  rank: bigint;
  /** Earliest start and latest end of the matching spans: the time hint returned. */
  start: bigint;
  end: bigint;
}

/** A query's bounds as doubles, widened outwards (see page-table.ts), for comparing with page summaries. */
interface LooseBounds {
  startMin: number;
  startMax: number;
  durationMin: number;
  durationMax: number;
}

interface SearchPlan {
  query: TraceQuery;
  loose: LooseBounds;
  filter: SpanFilter;
  terms: number[][];
  found: Map<string, Candidate>;
  /** Start of the `searchDepth`-th best candidate once there are that many. */
  bound: bigint | undefined;
  /** `bound` as a double, rounded down by SLACK. */
  boundLoose: number | undefined;
}

export async function searchTraceIds(
  segments: readonly Segment[],
  catalog: OperationCatalog,
  pageTables: PageTableCache,
  query: TraceQuery,
): Promise<FoundTraceId[]> {
  if (!Number.isInteger(query.searchDepth) || query.searchDepth < 1) {
    throw new StorageError('search_depth_invalid', `searchDepth must be a positive integer, got ${query.searchDepth}`, { retryable: false });
  }
  const ops = catalog.matching(query.serviceName, query.operationName);
  if (ops !== undefined && !ops.includes(1)) return [];
  const attributes = compileAttributeFilters(query.attributes);
  const plan: SearchPlan = {
    query,
    loose: {
      startMin: query.startTimeMin === undefined ? -Infinity : Number(query.startTimeMin) - SLACK,
      startMax: query.startTimeMax === undefined ? Infinity : Number(query.startTimeMax) + SLACK,
      durationMin: query.durationMin === undefined ? -Infinity : Number(query.durationMin) - SLACK,
      durationMax: query.durationMax === undefined ? Infinity : Number(query.durationMax) + SLACK,
    },
    filter: {
      ops,
      startMin: toParts(query.startTimeMin),
      startMax: toParts(query.startTimeMax),
      durationMin: toParts(query.durationMin),
      durationMax: toParts(query.durationMax),
      attributes,
      encodable: isEncodable(attributes),
    },
    terms: attributes.map(filterTerms).filter((t) => t.length > 0),
    found: new Map(),
    bound: undefined,
    boundLoose: undefined,
  };
  const ordered = [...segments].sort((a, b) => (a.maxStart > b.maxStart ? -1 : a.maxStart < b.maxStart ? 1 : b.seq - a.seq));
  let lastYield = Date.now();
  for (const segment of ordered) {
    if (!segmentMayMatch(segment, plan)) continue;
    segment.acquire();
    try {
      const pages = await pageTables.get(segment);
      for (let p = pages.count - 1; p >= 0; p--) {
        if (!pageMayMatch(pages, p, plan)) continue;
        const opened = openPageRecord(await segment.readRecord({ offset: pages.offsets[p]!, length: pages.lengths[p]! }));
        scanPage(opened, plan.filter, catalog, (traceId, start, end) => addMatch(plan, traceId, start, end));
        if (Date.now() - lastYield >= YIELD_EVERY_MS) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = Date.now();
        }
      }
    } finally {
      segment.release();
    }
  }
  return [...plan.found.values()]
    .sort(byRank)
    .slice(0, query.searchDepth)
    .map((c) => ({ traceId: c.traceId, startTimeUnixNano: c.start, endTimeUnixNano: c.end }));
}

function segmentMayMatch(segment: Segment, plan: SearchPlan): boolean {
  if (segment.spanCount === 0) return false;
  const { query } = plan;
  if (plan.bound !== undefined && segment.maxStart < plan.bound) return false;
  if (query.startTimeMax !== undefined && segment.minStart > query.startTimeMax) return false;
  if (query.startTimeMin !== undefined && segment.maxStart < query.startTimeMin) return false;
  const ops = plan.filter.ops;
  if (ops === undefined) return true;
  for (const id of segment.ops()) if (ops[id] === 1) return true;
  return false;
}

function pageMayMatch(pages: PageTable, p: number, plan: SearchPlan): boolean {
  const { loose } = plan;
  if (plan.boundLoose !== undefined && pages.maxStart[p]! < plan.boundLoose) return false;
  if (pages.minStart[p]! > loose.startMax || pages.maxStart[p]! < loose.startMin) return false;
  if (pages.maxDuration[p]! < loose.durationMin || pages.minDuration[p]! > loose.durationMax) return false;
  const ops = plan.filter.ops;
  if (ops !== undefined && !pages.usesAnyOf(p, ops)) return false;
  if (plan.terms.length > 0) {
    const bloom = pages.bloomOf(p);
    for (const alternatives of plan.terms) {
      let any = false;
      for (let i = 0; i < alternatives.length && !any; i++) any = bloomHas(bloom, alternatives[i]!);
      if (!any) return false;
    }
  }
  return true;
}

function addMatch(plan: SearchPlan, traceId: string, start: bigint, end: bigint): void {
  const known = plan.found.get(traceId);
  if (known !== undefined) {
    if (start > known.rank) known.rank = start;
    if (start < known.start) known.start = start;
    if (end > known.end) known.end = end;
    return;
  }
  if (plan.bound !== undefined && start < plan.bound) return;
  plan.found.set(traceId, { traceId, rank: start, start, end });
  const depth = plan.query.searchDepth;
  if (plan.found.size >= depth * 2 || (plan.bound === undefined && plan.found.size >= depth)) tighten(plan);
}

/** Keeps the best `searchDepth` candidates and raises the bound to the worst of them. */
function tighten(plan: SearchPlan): void {
  const depth = plan.query.searchDepth;
  const kept = [...plan.found.values()].sort(byRank).slice(0, depth);
  plan.found = new Map(kept.map((c) => [c.traceId, c]));
  plan.bound = kept[kept.length - 1]!.rank;
  plan.boundLoose = Number(plan.bound) - SLACK;
}

function byRank(a: Candidate, b: Candidate): number {
  return a.rank > b.rank ? -1 : a.rank < b.rank ? 1 : 0;
}
