/**
 * Reading jaeger.thrift `Tag`, `Log` and `SpanRef` lists (compact protocol) into the reusable `SpanRecord` of the
 * transcoder: byte ranges and 32-bit halves, no strings or objects. Field handling mirrors `readTag`, `readLog` and
 * `readSpanRef` (jaeger-thrift-tags.ts); anything else throws `BAIL`.
 */
import type { Span } from '../../model/index.js';
import { BAIL, C_BINARY, C_DOUBLE, C_FALSE, C_I32, C_I64, C_LIST, C_TRUE, type CompactCursor } from './compact-cursor.js';

/** Scratch space for one span, reused for every span. */
export interface SpanRecord {
  /** `COLS` numbers per tag row (span tags, then log fields). */
  tags: Int32Array;
  tagCount: number;
  /** Per log: timestamp hi, lo, first field row, end row (`logCount` logs; the array is reused, never shrunk). */
  logs: number[];
  logCount: number;
  /** Per reference: refType, trace low hi, lo, trace high hi, lo, span id hi, lo. */
  references: number[];
  /** Carries the rule-relevant tags through `applyJaegerSpanTags` and references through `resolveJaegerReferences`. */
  stand: Span;
}

// Tag row columns.
export const KEY_START = 0;
export const KEY_END = 1;
export const V_TYPE = 2;
export const STR_START = 3;
export const STR_END = 4;
export const DOUBLE_AT = 5;
export const BOOL = 6;
export const LONG_HI = 7;
export const LONG_LO = 8;
export const BIN_START = 9;
export const BIN_END = 10;
export const MARKS = 11;
export const COLS = 12;
// MARKS bits.
export const RULE_KEY = 1;
export const REMOVED = 2;

/** Keys the Jaeger rules read (jaeger-span-tags.ts), by length. */
const RULE_KEYS = [
  'error', 'span.kind', 'w3c.tracestate', 'otel.scope.name', 'otel.status_code', 'http.status_code', 'otel.library.name',
  'otel.scope.version', 'http.status_message', 'otel.library.version', 'otel.status_description',
].map((k) => Buffer.from(k, 'latin1'));
const RULE_KEYS_BY_LENGTH: Array<Buffer[] | undefined> = [];
for (const key of RULE_KEYS) (RULE_KEYS_BY_LENGTH[key.length] ??= []).push(key);

export function createSpanRecord(stand: Span): SpanRecord {
  return { tags: new Int32Array(64 * COLS), tagCount: 0, logs: [], logCount: 0, references: [], stand };
}

/** Appends the rows of a `list<Tag>` (header not yet read) to the record; mirrors `readTag`. */
export function readTagRows(c: CompactCursor, r: SpanRecord): void {
  const n = c.listOfStructs();
  for (let i = 0; i < n; i++) {
    if ((r.tagCount + 1) * COLS > r.tags.length) {
      const grown = new Int32Array(r.tags.length * 2);
      grown.set(r.tags);
      r.tags = grown;
    }
    const tags = r.tags;
    const o = r.tagCount++ * COLS;
    for (let k = 0; k < COLS; k++) tags[o + k] = 0; // a loop: fill(0, from, to) is a builtin call per row
    tags[o + DOUBLE_AT] = -1;
    let last = 0;
    for (let t = c.field(last); t !== 0; t = c.field(last)) {
      last = c.fieldId;
      if (last === 1 && t === C_BINARY) {
        tags[o + KEY_START] = c.bytesStart();
        tags[o + KEY_END] = c.pos;
      } else if (last === 2 && t === C_I32) {
        tags[o + V_TYPE] = c.i32();
      } else if ((last === 3 || last === 7) && t === C_BINARY) {
        tags[o + (last === 3 ? STR_START : BIN_START)] = c.bytesStart();
        tags[o + (last === 3 ? STR_END : BIN_END)] = c.pos;
      } else if (last === 4 && t === C_DOUBLE) {
        tags[o + DOUBLE_AT] = c.pos;
        c.skip(8);
      } else if (last === 5 && (t === C_TRUE || t === C_FALSE)) {
        tags[o + BOOL] = t === C_TRUE ? 1 : 0;
      } else if (last === 6 && t === C_I64) {
        c.i64();
        tags[o + LONG_HI] = c.hi;
        tags[o + LONG_LO] = c.lo;
      } else {
        throw BAIL;
      }
    }
    if (isRuleKey(c.buf, tags[o + KEY_START]!, tags[o + KEY_END]!)) tags[o + MARKS] = RULE_KEY;
  }
}

/** A `list<Log>`: each log's fields become rows; mirrors `readLog`. */
export function readLogs(c: CompactCursor, r: SpanRecord): void {
  const n = c.listOfStructs();
  for (let i = 0; i < n; i++) {
    let hi = 0;
    let lo = 0;
    let from = -1;
    let to = -1;
    let last = 0;
    for (let t = c.field(last); t !== 0; t = c.field(last)) {
      last = c.fieldId;
      if (last === 1 && t === C_I64) {
        c.i64();
        hi = c.hi;
        lo = c.lo;
      } else if (last === 2 && t === C_LIST && from < 0) {
        from = r.tagCount;
        readTagRows(c, r);
        to = r.tagCount;
      } else {
        throw BAIL;
      }
    }
    const at = 4 * r.logCount++;
    const logs = r.logs;
    logs[at] = hi;
    logs[at + 1] = lo;
    logs[at + 2] = from < 0 ? 0 : from;
    logs[at + 3] = to < 0 ? 0 : to;
  }
}

/** A `list<SpanRef>`; mirrors `readSpanRef` (absent ids are zero). */
export function readReferences(c: CompactCursor, out: number[]): void {
  const n = c.listOfStructs();
  for (let i = 0; i < n; i++) {
    const at = out.length;
    out.push(0, 0, 0, 0, 0, 0, 0);
    let last = 0;
    for (let t = c.field(last); t !== 0; t = c.field(last)) {
      last = c.fieldId;
      if (last === 1 && t === C_I32) {
        out[at] = c.i32();
      } else if (t === C_I64 && last >= 2 && last <= 4) {
        c.i64();
        out[at + 2 * last - 3] = c.hi;
        out[at + 2 * last - 2] = c.lo;
      } else {
        throw BAIL;
      }
    }
  }
}


function isRuleKey(buf: Buffer, start: number, end: number): boolean {
  const n = end - start;
  // Rule keys have 5, 9 or 14–23 bytes: most keys are rejected by their length alone.
  if (n !== 5 && n !== 9 && (n < 14 || n > 23)) return false;
  const candidates = RULE_KEYS_BY_LENGTH[n];
  if (candidates === undefined) return false;
  for (const key of candidates) if (bytesEqual(buf, start, key)) return true;
  return false;
}

export function keyIs(buf: Buffer, tags: Int32Array, row: number, key: Buffer): boolean {
  const o = row * COLS;
  return tags[o + KEY_END]! - tags[o + KEY_START]! === key.length && bytesEqual(buf, tags[o + KEY_START]!, key);
}

function bytesEqual(buf: Buffer, start: number, key: Buffer): boolean {
  for (let i = 0; i < key.length; i++) if (buf[start + i] !== key[i]) return false;
  return true;
}

