/**
 * Search inside one page: which of its spans match a query. Operation, start and duration are read from each span's
 * fixed header. Spans that pass them are then checked against the attribute filters: plain `key=value` filters on the
 * encoded span (encoded-filter.ts), others by decoding the span and asking the shared query-match predicates.
 */
import type { InstrumentationScope, Resource } from '../../model/index.js';
import { attributeFiltersMatch, type CompiledAttributeFilter } from '../query-match/index.js';
import { encodedSpanMatches, resolvePageFilters, type PageFilters } from './encoded-filter.js';
import type { OpenedPage } from './page-record.js';
import { openPageBody, readResource, readScope, type PageBody } from './page-reader.js';
import { H_END_HI, H_END_LO, H_OP, H_RESOURCE, H_SCOPE, H_START_HI, H_START_LO, nextSpanOffset, readSpan, type OperationNames } from './span-codec.js';
import { compareParts, differenceParts, type U64Parts } from './u64-parts.js';

export interface SpanFilter {
  /** Operation ids that match (1) or not (0); undefined = any. */
  ops: Uint8Array | undefined;
  startMin: U64Parts | undefined;
  startMax: U64Parts | undefined;
  durationMin: U64Parts | undefined;
  durationMax: U64Parts | undefined;
  attributes: CompiledAttributeFilter[];
  /** Whether the attribute filters can be checked on encoded spans (encoded-filter.ts). */
  encodable: boolean;
}

/** Called for each matching span with its trace id and start and end (ns). */
export type MatchVisitor = (traceId: string, start: bigint, end: bigint) => void;

const scratch: U64Parts = { hi: 0, lo: 0 };

export function scanPage(page: OpenedPage, filter: SpanFilter, names: OperationNames, visit: MatchVisitor): void {
  const { meta, body } = page;
  const buf = body;
  let opened: PageBody | undefined;
  let resources: Map<number, Resource> | undefined;
  let scopes: Map<number, InstrumentationScope> | undefined;
  /** Filters resolved against this page's strings; null: they cannot match here; undefined: not resolved (yet). */
  let encoded: PageFilters | null | undefined;
  const chunks = meta.chunkSpanCounts.length;
  for (let c = 0; c < chunks; c++) {
    let off = meta.chunkOffsets[c]!;
    const count = meta.chunkSpanCounts[c]!;
    let traceId: string | undefined;
    for (let i = 0; i < count; i++, off = nextSpanOffset(buf, off)) {
      if (filter.ops !== undefined) {
        const op = buf.readUInt32LE(off + H_OP);
        if (op >= filter.ops.length || filter.ops[op] === 0) continue;
      }
      const sHi = buf.readUInt32LE(off + H_START_HI);
      const sLo = buf.readUInt32LE(off + H_START_LO);
      if (filter.startMin !== undefined && compareParts(sHi, sLo, filter.startMin) < 0) continue;
      if (filter.startMax !== undefined && compareParts(sHi, sLo, filter.startMax) > 0) continue;
      if (filter.durationMin !== undefined || filter.durationMax !== undefined) {
        differenceParts(buf.readUInt32LE(off + H_END_HI), buf.readUInt32LE(off + H_END_LO), sHi, sLo, scratch);
        if (filter.durationMin !== undefined && compareParts(scratch.hi, scratch.lo, filter.durationMin) < 0) continue;
        if (filter.durationMax !== undefined && compareParts(scratch.hi, scratch.lo, filter.durationMax) > 0) continue;
      }
      if (filter.attributes.length > 0) {
        opened ??= openPageBody(body);
        if (encoded === undefined && filter.encodable) {
          encoded = resolvePageFilters(opened, filter.attributes) ?? null;
          // A key no string of the page spells: no span of the page matches.
          if (encoded === null) return;
        }
        if (encoded) {
          if (!encodedSpanMatches(opened, encoded, off, buf.readUInt16LE(off + H_RESOURCE), buf.readUInt16LE(off + H_SCOPE))) continue;
          traceId ??= meta.chunkTraceIds.toString('hex', c * 16, c * 16 + 16);
          visit(traceId, buf.readBigUInt64LE(off + H_START_LO), buf.readBigUInt64LE(off + H_END_LO));
          continue;
        }
        traceId ??= meta.chunkTraceIds.toString('hex', c * 16, c * 16 + 16);
        resources ??= new Map();
        scopes ??= new Map();
        const ri = buf.readUInt16LE(off + H_RESOURCE);
        let resource = resources.get(ri);
        if (resource === undefined) resources.set(ri, (resource = readResource(opened, ri).resource));
        const si = buf.readUInt16LE(off + H_SCOPE);
        let scope = scopes.get(si);
        if (scope === undefined) scopes.set(si, (scope = readScope(opened, si).scope));
        const span = readSpan(buf, off, traceId, opened.strings, names);
        if (!attributeFiltersMatch(filter.attributes, span, resource, scope)) continue;
      }
      traceId ??= meta.chunkTraceIds.toString('hex', c * 16, c * 16 + 16);
      visit(traceId, buf.readBigUInt64LE(off + H_START_LO), buf.readBigUInt64LE(off + H_END_LO));
    }
  }
}
