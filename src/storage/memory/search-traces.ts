/**
 * Searches the stored traces newest first (by first sight) and stops after `searchDepth` matches. Service, operation,
 * start and duration are checked on each span's header, attribute filters on its encoded bytes: no span is decoded.
 */
import { StorageError, type TraceQuery } from '../api/index.js';
import { compileAttributeFilters, type CompiledAttributeFilter } from '../query-match/index.js';
import { EncodedAttributeMatcher } from './encoded-attribute-matcher.js';
import type { MemoryState } from './memory-state.js';
import { H_END_HI, H_END_LO, H_OP_ID, H_START_HI, H_START_LO, nextSpanOffset } from './span-codec.js';
import type { TraceRecord } from './trace-table.js';

const TWO_POW_32 = 4294967296;
const U32 = 0xffffffffn;
const U64_MAX = (1n << 64n) - 1n;

/** A u64 as its high and low 32-bit halves, so headers compare exactly without BigInt. */
interface U64Parts {
  hi: number;
  lo: number;
}

interface HeaderFilter {
  ops: Uint8Array | undefined;
  startMin: U64Parts | undefined;
  startMax: U64Parts | undefined;
  durationMin: U64Parts | undefined;
  durationMax: U64Parts | undefined;
  startMaxNs: bigint | undefined;
  attributes: CompiledAttributeFilter[];
}

/** The traces matching `query`, newest first, at most `searchDepth`; empty when service or operation is unknown. */
export function searchTraces(state: MemoryState, query: TraceQuery): TraceRecord[] {
  if (!Number.isInteger(query.searchDepth) || query.searchDepth < 1) {
    throw new StorageError('search_depth_invalid', `searchDepth must be a positive integer, got ${query.searchDepth}`, {
      retryable: false,
    });
  }
  const filter = compileHeaderFilter(state, query);
  const found: TraceRecord[] = [];
  if (filter.ops !== undefined && !filter.ops.includes(1)) return found;
  const matcher = filter.attributes.length === 0 ? undefined : new EncodedAttributeMatcher(state, filter.attributes);
  state.traces.forEachNewestFirst((record) => {
    if (record.spanCount > 0 && traceMatches(record, filter, matcher)) found.push(record);
    return found.length < query.searchDepth;
  });
  return found;
}

function compileHeaderFilter(state: MemoryState, query: TraceQuery): HeaderFilter {
  return {
    ops: state.catalog.matchingOps(query.serviceName, query.operationName),
    startMin: toParts(query.startTimeMin),
    startMax: toParts(query.startTimeMax),
    durationMin: toParts(query.durationMin),
    durationMax: toParts(query.durationMax),
    startMaxNs: query.startTimeMax,
    attributes: compileAttributeFilters(query.attributes),
  };
}

function toParts(v: bigint | undefined): U64Parts | undefined {
  if (v === undefined) return undefined;
  const c = v < 0n ? 0n : v > U64_MAX ? U64_MAX : v;
  return { hi: Number(c >> 32n), lo: Number(c & U32) };
}

/** -1, 0 or 1 as (hi, lo) compares with `b`. */
function compare(hi: number, lo: number, b: U64Parts): number {
  if (hi !== b.hi) return hi < b.hi ? -1 : 1;
  return lo === b.lo ? 0 : lo < b.lo ? -1 : 1;
}

function traceMatches(record: TraceRecord, f: HeaderFilter, matcher: EncodedAttributeMatcher | undefined): boolean {
  // No span can start inside the window when the trace's earliest start is after it.
  if (f.startMaxNs !== undefined && record.minStart > f.startMaxNs) return false;
  const buf = record.data;
  for (let off = 0; off < record.used; off = nextSpanOffset(buf, off)) {
    if (f.ops !== undefined) {
      const op = buf.readUInt32LE(off + H_OP_ID);
      if (op >= f.ops.length || f.ops[op] === 0) continue;
    }
    const sHi = buf.readUInt32LE(off + H_START_HI);
    const sLo = buf.readUInt32LE(off + H_START_LO);
    if (f.startMin !== undefined && compare(sHi, sLo, f.startMin) < 0) continue;
    if (f.startMax !== undefined && compare(sHi, sLo, f.startMax) > 0) continue;
    if ((f.durationMin !== undefined || f.durationMax !== undefined) && !durationWithin(buf, off, sHi, sLo, f)) continue;
    if (matcher === undefined || matcher.matches(buf, off)) return true;
  }
  return false;
}

function durationWithin(buf: Buffer, off: number, sHi: number, sLo: number, f: HeaderFilter): boolean {
  const eHi = buf.readUInt32LE(off + H_END_HI);
  const eLo = buf.readUInt32LE(off + H_END_LO);
  let dHi = 0;
  let dLo = 0;
  if (eHi > sHi || (eHi === sHi && eLo > sLo)) {
    dHi = eHi - sHi;
    dLo = eLo - sLo;
    if (dLo < 0) {
      dLo += TWO_POW_32;
      dHi -= 1;
    }
  }
  if (f.durationMin !== undefined && compare(dHi, dLo, f.durationMin) < 0) return false;
  return f.durationMax === undefined || compare(dHi, dLo, f.durationMax) <= 0;
}
