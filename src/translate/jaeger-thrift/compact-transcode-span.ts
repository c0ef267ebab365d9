/**
 * One jaeger.thrift `Span` (compact protocol, at the cursor) → one length-delimited OTLP `Span` message, for
 * compact-transcoder.ts. The span is first read into a `SpanRecord` (ids and times as 32-bit halves, tags and log
 * fields as rows of byte ranges), then written in OTLP field order, copying ASCII strings as bytes.
 */
import { anyValueToString, type KeyValue, type Span } from '../../model/index.js';
import type { ProtobufWriter } from '../otlp/index.js';
import { writeLinks } from '../otlp/index.js';
import { BAIL, C_BINARY, C_I32, C_I64, C_LIST, type CompactCursor } from './compact-cursor.js';
import {
  BIN_END,
  BIN_START,
  BOOL,
  COLS,
  DOUBLE_AT,
  KEY_END,
  KEY_START,
  LONG_HI,
  LONG_LO,
  MARKS,
  REMOVED,
  RULE_KEY,
  STR_END,
  STR_START,
  V_TYPE,
  keyIs,
  readLogs,
  readReferences,
  readTagRows,
  type SpanRecord,
} from './compact-tag-rows.js';
import { resolveJaegerReferences, type JaegerReference } from './jaeger-references.js';
import { NO_SCOPE, applyJaegerSpanTags, type ScopeNameVersion } from './jaeger-span-tags.js';
import { tagValue } from './jaeger-thrift-tags.js';
import { decodeUtf8 } from './string-cache.js';
import { copyBytes, i64FromHalves, u32PairToHex } from './thrift-reader.js';

const TAG_STRING = 0;
const TAG_DOUBLE = 1;
const TAG_BOOL = 2;
const TAG_LONG = 3;
const TAG_BINARY = 4;

const NO_STATUS = Object.freeze({ code: 0, message: '' });
const NO_BYTES = new Uint8Array(0);
/** The current span's rule tags in order, reused (entries past the current count are stale). */
const ruleTags: KeyValue[] = [];
const EVENT = Buffer.from('event', 'latin1');

/**
 * Reads the span at the cursor and writes its message to `w` (its length-prefixed body, without a field key).
 * Returns its scope, or why it was rejected (nothing is written then), exactly as the model path decides.
 */
export function writeTranscodedSpan(c: CompactCursor, r: SpanRecord, w: ProtobufWriter): ScopeNameVersion | string {
  r.tagCount = 0;
  r.logCount = 0;
  r.references.length = 0; // references are rare: a fresh array costs nothing on the usual path
  let hasLow = false;
  let hasSpanId = false;
  let hasParent = false;
  let hasReferences = false;
  let spanTagsEnd = -1;
  let lowHi = 0, lowLo = 0, highHi = 0, highLo = 0, spanHi = 0, spanLo = 0, parentHi = 0, parentLo = 0;
  let nameStart = 0, nameEnd = 0, flags = 0;
  let startHi = 0, startLo = 0, durHi = 0, durLo = 0;
  let last = 0;
  for (let t = c.field(last); t !== 0; t = c.field(last)) {
    last = c.fieldId;
    if (t === C_I64 && last <= 9 && last !== 5 && last !== 6 && last !== 7) {
      c.i64();
      const hi = c.hi;
      const lo = c.lo;
      switch (last) {
        case 1:
          hasLow = true;
          lowHi = hi;
          lowLo = lo;
          break;
        case 2:
          highHi = hi;
          highLo = lo;
          break;
        case 3:
          hasSpanId = true;
          spanHi = hi;
          spanLo = lo;
          break;
        case 4:
          hasParent = true;
          parentHi = hi;
          parentLo = lo;
          break;
        case 8:
          startHi = hi;
          startLo = lo;
          break;
        default:
          durHi = hi;
          durLo = lo;
      }
    } else if (last === 5 && t === C_BINARY) {
      nameStart = c.bytesStart();
      nameEnd = c.pos;
    } else if (last === 6 && t === C_LIST && !hasReferences) {
      hasReferences = true;
      readReferences(c, r.references);
    } else if (last === 7 && t === C_I32) {
      flags = c.i32() & 0xff;
    } else if (last === 10 && t === C_LIST && spanTagsEnd < 0) {
      if (r.tagCount !== 0) throw BAIL; // logs came first: keep the rows of span tags contiguous from 0
      readTagRows(c, r);
      spanTagsEnd = r.tagCount;
    } else if (last === 11 && t === C_LIST && r.logCount === 0) {
      if (spanTagsEnd < 0) spanTagsEnd = 0; // no tags (yet): a later tags list would bail above
      readLogs(c, r);
    } else {
      throw BAIL;
    }
  }
  if (spanTagsEnd < 0) spanTagsEnd = r.tagCount;
  if (!hasLow) return 'missing traceIdLow';
  if (!hasSpanId) return 'missing spanId';
  if (lowHi === 0 && lowLo === 0 && highHi === 0 && highLo === 0) return 'trace id is zero';
  if (spanHi === 0 && spanLo === 0) return 'span id is zero';

  const s = r.stand;
  const scope = applyRules(c.buf, r, s, spanTagsEnd);
  const buf = c.buf;
  const m = w.beginMessage(2);
  w.byte(0x0a);
  w.byte(16);
  writeHalves(w, highHi, highLo);
  writeHalves(w, lowHi, lowLo);
  w.byte(0x12);
  w.byte(8);
  writeHalves(w, spanHi, spanLo);
  if (s.traceState !== '') {
    w.byte(0x1a);
    w.string(s.traceState);
  }
  if (hasReferences) {
    s.traceId = u32PairToHex(highHi, highLo) + u32PairToHex(lowHi, lowLo);
    s.links = [];
    resolveJaegerReferences(s, hasParent ? u32PairToHex(parentHi, parentLo) : '', referencesOf(r.references));
    if (s.parentSpanId !== '') {
      w.byte(0x22);
      w.hexBytes(s.parentSpanId);
    }
  } else if (hasParent && (parentHi !== 0 || parentLo !== 0)) {
    w.byte(0x22);
    w.byte(8);
    writeHalves(w, parentHi, parentLo);
  }
  if (nameEnd > nameStart) {
    w.byte(0x2a);
    stringFrom(w, buf, nameStart, nameEnd);
  }
  if (s.kind !== 0) {
    w.byte(0x30);
    w.varint32(s.kind);
  }
  const started = isPositive(startHi, startLo);
  const lasted = isPositive(durHi, durLo);
  if (started) {
    times1000(startHi, startLo);
    w.byte(0x39);
    w.fixed64Halves(productHi, productLo);
  }
  if (started || lasted) {
    let endHi = started ? productHi : 0;
    let endLo = started ? productLo : 0;
    if (lasted) {
      times1000(durHi, durLo);
      const lo = endLo + productLo;
      endHi = (endHi + productHi + (lo >= 4294967296 ? 1 : 0)) >>> 0;
      endLo = lo >>> 0;
    }
    w.byte(0x41);
    w.fixed64Halves(endHi, endLo);
  }
  for (let row = 0; row < spanTagsEnd; row++) if ((r.tags[row * COLS + MARKS]! & REMOVED) === 0) writeKeyValue(w, 0x4a, buf, r.tags, row);
  writeEvents(w, buf, r);
  if (hasReferences) writeLinks(w, s.links);
  const status = s.status;
  if (status.code !== 0 || status.message !== '') {
    w.byte(0x7a);
    const sm = w.beginMessage(1);
    if (status.message !== '') {
      w.byte(0x12);
      w.string(status.message);
    }
    if (status.code !== 0) {
      w.byte(0x18);
      w.varint32(status.code);
    }
    w.endMessage(sm);
  }
  if (flags !== 0) {
    w.byte(0x85);
    w.byte(0x01);
    w.fixed32(flags);
  }
  w.endMessage(m);
  return scope;
}

/**
 * Runs `applyJaegerSpanTags` on a stand-in span holding only the span's rule tags (as model attributes, in order),
 * marks the rows it removed, and leaves kind, status and trace state on the stand-in.
 */
function applyRules(buf: Buffer, r: SpanRecord, s: Span, spanTagsEnd: number): ScopeNameVersion {
  s.kind = 0;
  s.status = NO_STATUS;
  s.traceState = '';
  const tags = r.tags;
  let count = 0;
  for (let row = 0; row < spanTagsEnd; row++) if ((tags[row * COLS + MARKS]! & RULE_KEY) !== 0) ruleTags[count++] = keyValueOf(buf, tags, row);
  if (count === 0) return NO_SCOPE;
  const attributes: KeyValue[] = ruleTags.slice(0, count);
  s.attributes = attributes;
  const scope = applyJaegerSpanTags(s);
  let kept = 0;
  let k = 0;
  for (let row = 0; row < spanTagsEnd; row++) {
    if ((tags[row * COLS + MARKS]! & RULE_KEY) === 0) continue;
    if (attributes[kept] === ruleTags[k]) kept++;
    else tags[row * COLS + MARKS] = tags[row * COLS + MARKS]! | REMOVED;
    k++;
  }
  return scope;
}

function writeEvents(w: ProtobufWriter, buf: Buffer, r: SpanRecord): void {
  const logs = r.logs;
  const tags = r.tags;
  for (let i = 0; i < 4 * r.logCount; i += 4) {
    const hi = logs[i]!;
    const lo = logs[i + 1]!;
    const from = logs[i + 2]!;
    const to = logs[i + 3]!;
    let nameRow = -1;
    for (let row = from; row < to && nameRow < 0; row++) if (keyIs(buf, tags, row, EVENT)) nameRow = row;
    w.byte(0x5a);
    const m = w.beginMessage(1);
    if (isPositive(hi, lo)) {
      times1000(hi, lo);
      w.byte(0x09);
      w.fixed64Halves(productHi, productLo);
    }
    if (nameRow >= 0) writeEventName(w, buf, tags, nameRow);
    for (let row = from; row < to; row++) if (row !== nameRow) writeKeyValue(w, 0x1a, buf, tags, row);
    w.endMessage(m);
  }
}

/** Event field 2: the `event` field's value as text (`nameEventFromFields`), left out when empty. */
function writeEventName(w: ProtobufWriter, buf: Buffer, tags: Int32Array, row: number): void {
  const o = row * COLS;
  if (tags[o + V_TYPE] === TAG_STRING) {
    if (tags[o + STR_END]! > tags[o + STR_START]!) {
      w.byte(0x12);
      stringFrom(w, buf, tags[o + STR_START]!, tags[o + STR_END]!);
    }
    return;
  }
  const name = anyValueToString(keyValueOf(buf, tags, row).value);
  if (name !== '') {
    w.byte(0x12);
    w.string(name);
  }
}

/** A KeyValue under `fieldKey` from a tag row, as `encodeOtlpProtobuf` writes the model's attribute. */
function writeKeyValue(w: ProtobufWriter, fieldKey: number, buf: Buffer, tags: Int32Array, row: number): void {
  const o = row * COLS;
  const vType = tags[o + V_TYPE]!;
  const ks = tags[o + KEY_START]!;
  const ke = tags[o + KEY_END]!;
  if (vType === TAG_STRING && w.asciiKeyValueFrom(fieldKey, buf, ks, ke, tags[o + STR_START]!, tags[o + STR_END]!)) return;
  w.byte(fieldKey);
  const m = w.beginMessage(1);
  if (ke > ks) {
    w.byte(0x0a);
    stringFrom(w, buf, ks, ke);
  }
  w.byte(0x12);
  const v = w.beginMessage(1);
  switch (vType) {
    case TAG_STRING:
      w.byte(0x0a);
      stringFrom(w, buf, tags[o + STR_START]!, tags[o + STR_END]!);
      break;
    case TAG_DOUBLE:
      w.byte(0x21);
      w.double(tags[o + DOUBLE_AT]! >= 0 ? buf.readDoubleLE(tags[o + DOUBLE_AT]!) : 0);
      break;
    case TAG_BOOL:
      w.byte(0x10);
      w.byte(tags[o + BOOL]!);
      break;
    case TAG_LONG:
      w.byte(0x18);
      w.varint64(tags[o + LONG_HI]! >>> 0, tags[o + LONG_LO]! >>> 0);
      break;
    case TAG_BINARY:
      w.byte(0x3a);
      w.varint32(tags[o + BIN_END]! - tags[o + BIN_START]!);
      w.raw(buf, tags[o + BIN_START]!, tags[o + BIN_END]!);
      break;
    default:
      w.byte(0x0a);
      w.string(`<Unknown Jaeger TagType ${vType}>`);
  }
  w.endMessage(v);
  w.endMessage(m);
}

/** A string field's length and bytes: copied when ASCII, else decoded and encoded as the model path does. */
function stringFrom(w: ProtobufWriter, buf: Buffer, start: number, end: number): void {
  if (!w.asciiFrom(buf, start, end)) w.string(decodeUtf8(buf, start, end));
}

/** The model attribute of a tag row (what the model path would have built). */
function keyValueOf(buf: Buffer, tags: Int32Array, row: number): KeyValue {
  const o = row * COLS;
  const vType = tags[o + V_TYPE]!;
  const vStr = vType === TAG_STRING ? decodeUtf8(buf, tags[o + STR_START]!, tags[o + STR_END]!) : '';
  const vDouble = vType === TAG_DOUBLE && tags[o + DOUBLE_AT]! >= 0 ? buf.readDoubleLE(tags[o + DOUBLE_AT]!) : 0;
  const vLong = vType === TAG_LONG ? i64FromHalves(tags[o + LONG_HI]!, tags[o + LONG_LO]!) : 0n;
  const vBinary = vType === TAG_BINARY ? copyBytes(buf, tags[o + BIN_START]!, tags[o + BIN_END]!) : NO_BYTES;
  const key = decodeUtf8(buf, tags[o + KEY_START]!, tags[o + KEY_END]!);
  return { key, value: tagValue(vType, vStr, vDouble, tags[o + BOOL] === 1, vLong, vBinary) };
}

/** True when the signed 64-bit value with halves `hi` (signed) and `lo` is above zero. */
function isPositive(hi: number, lo: number): boolean {
  return hi > 0 || (hi === 0 && lo !== 0);
}

// The product of `times1000`, as unsigned 32-bit halves (module state: no allocation per call).
let productHi = 0;
let productLo = 0;

/** `(hi, lo) × 1000` modulo 2^64: microseconds to nanoseconds, as the fixed64 of the model's bigint writes it. */
function times1000(hi: number, lo: number): void {
  const low = (lo >>> 0) * 1000; // < 2^42: exact
  productLo = low >>> 0;
  productHi = ((hi >>> 0) * 1000 + Math.floor(low / 4294967296)) >>> 0;
}

/** 8 big-endian bytes of a 64-bit id (a Jaeger id's hex text, as bytes). */
function writeHalves(w: ProtobufWriter, hi: number, lo: number): void {
  w.ensure(8);
  const buf = w.buf;
  const at = w.pos;
  buf[at] = (hi >>> 24) & 255;
  buf[at + 1] = (hi >>> 16) & 255;
  buf[at + 2] = (hi >>> 8) & 255;
  buf[at + 3] = hi & 255;
  buf[at + 4] = (lo >>> 24) & 255;
  buf[at + 5] = (lo >>> 16) & 255;
  buf[at + 6] = (lo >>> 8) & 255;
  buf[at + 7] = lo & 255;
  w.pos = at + 8;
}

function referencesOf(refs: number[]): JaegerReference[] {
  const out: JaegerReference[] = [];
  for (let i = 0; i < refs.length; i += 7) {
    out.push({
      refType: refs[i]!,
      traceId: u32PairToHex(refs[i + 3]!, refs[i + 4]!) + u32PairToHex(refs[i + 1]!, refs[i + 2]!),
      spanId: u32PairToHex(refs[i + 5]!, refs[i + 6]!),
    });
  }
  return out;
}
