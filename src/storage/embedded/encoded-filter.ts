/**
 * Attribute filters evaluated on encoded spans, without decoding them: a plain filter (`key=value`, see
 * query-match) holds when the span, one of its events or links, its resource or its scope has an attribute `key` whose
 * string form is `value`. In a page, strings are table indexes, so a string attribute matches when its key index and
 * value index are the filter's (found once per page); other value types are decoded one at a time and compared by
 * string form. Filters with special keys are left to the decoded path (`isEncodable` is false).
 */
import { anyValueToString } from '../../model/index.js';
import { SpecialKey, type CompiledAttributeFilter } from '../query-match/index.js';
import { ByteReader } from './byte-reader.js';
import type { PageBody } from './page-reader.js';
import { SPAN_HEADER_BYTES } from './span-codec.js';
import { readValueAt, skipValue } from './value-codec.js';

export function isEncodable(filters: readonly CompiledAttributeFilter[]): boolean {
  return filters.every((f) => f.special === SpecialKey.NONE);
}

/** The filters resolved against one page's string table. */
export interface PageFilters {
  keys: Int32Array;
  values: Int32Array;
  filters: readonly CompiledAttributeFilter[];
  /** Per filter, per resource / scope index of the page: whether it holds there (1), not (0), unknown (-1). */
  resourceHits: Int8Array[];
  scopeHits: Int8Array[];
}

export function resolvePageFilters(page: PageBody, filters: readonly CompiledAttributeFilter[]): PageFilters | undefined {
  const keys = new Int32Array(filters.length).fill(-1);
  const values = new Int32Array(filters.length).fill(-1);
  const strings = page.strings;
  for (let f = 0; f < filters.length; f++) {
    keys[f] = strings.indexOf(filters[f]!.key);
    values[f] = strings.indexOf(filters[f]!.value);
    // No attribute anywhere in the page has this key: nothing here can match.
    if (keys[f]! < 0) return undefined;
  }
  return {
    keys,
    values,
    filters,
    resourceHits: filters.map(() => new Int8Array(page.resourceOffsets.length).fill(-1)),
    scopeHits: filters.map(() => new Int8Array(page.scopeOffsets.length).fill(-1)),
  };
}

/** Whether every filter holds on the encoded span at `offset` (resource `ri`, scope `si` of the page). */
export function encodedSpanMatches(page: PageBody, pf: PageFilters, offset: number, ri: number, si: number): boolean {
  for (let f = 0; f < pf.filters.length; f++) {
    if (!filterHolds(page, pf, f, offset, ri, si)) return false;
  }
  return true;
}

function filterHolds(page: PageBody, pf: PageFilters, f: number, offset: number, ri: number, si: number): boolean {
  const key = pf.keys[f]!;
  const value = pf.values[f]!;
  const want = pf.filters[f]!.value;
  if (spanBodyHas(page, offset, key, value, want)) return true;
  let hit = pf.resourceHits[f]![ri]!;
  if (hit < 0) {
    const r = new ByteReader(page.buf, page.resourceOffsets[ri]!);
    hit = pf.resourceHits[f]![ri] = listHas(page, r, key, value, want) ? 1 : 0;
  }
  if (hit === 1) return true;
  hit = pf.scopeHits[f]![si]!;
  if (hit < 0) {
    const r = new ByteReader(page.buf, page.scopeOffsets[si]!);
    r.varint();
    r.varint();
    hit = pf.scopeHits[f]![si] = listHas(page, r, key, value, want) ? 1 : 0;
  }
  return hit === 1;
}

/** Walks the span body (layout in span-codec.ts) looking in its, its events' and its links' attributes. */
function spanBodyHas(page: PageBody, offset: number, key: number, value: number, want: string): boolean {
  const buf = page.buf;
  const r = new ByteReader(buf, offset + SPAN_HEADER_BYTES, offset + 4 + buf.readUInt32LE(offset));
  const bits = buf[offset + SPAN_HEADER_BYTES - 1]!;
  if ((bits & 2) === 0) r.pos += (bits & 1) === 0 ? 8 : 16;
  else {
    r.varint();
    if ((bits & 1) !== 0) r.varint();
  }
  r.varint();
  r.varint();
  if (listHas(page, r, key, value, want)) return true;
  r.varint();
  const events = r.varint();
  for (let i = 0; i < events; i++) {
    if (r.varint() === 1) r.pos += 8;
    r.varint();
    if (listHas(page, r, key, value, want)) return true;
    r.varint();
  }
  r.varint();
  const links = r.varint();
  for (let i = 0; i < links; i++) {
    if (r.u8() === 0) r.pos += 24;
    else {
      r.varint();
      r.varint();
    }
    r.varint();
    if (listHas(page, r, key, value, want)) return true;
    r.varint();
    r.varint();
  }
  return false;
}

/** Reads an attribute list at `r`, leaving `r` after it only when it returns false. */
function listHas(page: PageBody, r: ByteReader, key: number, value: number, want: string): boolean {
  const n = r.varint();
  for (let i = 0; i < n; i++) {
    const k = r.varint();
    if (k !== key) {
      skipValue(r);
      continue;
    }
    const tag = r.buf[r.pos]!;
    if (tag === 1) {
      r.pos++;
      if (r.varint() === value && value >= 0) return true;
      continue;
    }
    if (anyValueToString(readValueAt(r, page.strings)) === want) return true;
  }
  return false;
}
