/**
 * Jaeger's attribute predicates (see query-match/attribute-filter.ts, the reference) evaluated on stored bytes, so a
 * search decodes no span: keys compare as dictionary ids, string values as UTF-8 bytes; other value types are decoded
 * one at a time and compared by their string form. Resources and scopes are shared by many spans, so what they
 * satisfy is worked out once per search and cached by id. A property test checks agreement with the reference.
 */
import { anyValueToString, StatusCode } from '../../model/index.js';
import { decodeAnyValueContent } from '../../translate/otlp/index.js';
import { spanKindName } from '../api/index.js';
import { hasAttribute, SpecialKey, type CompiledAttributeFilter } from '../query-match/index.js';
import { readValue, skipValue, T_FALSE, T_SMALL_INT, T_STRING, T_STRING_REF, T_TRUE } from './attribute-codec.js';
import { ByteReader } from './byte-reader.js';
import type { MemoryState } from './memory-state.js';
import { readResource, readScope } from './resource-codec.js';
import { H_OP_ID, H_RESOURCE_ID, H_SCOPE_ID, H_STATUS, visitAttributeLists, type AttributeListVisitor } from './span-codec.js';

const STATUS_NAMES = ['UNSET', 'OK', 'ERROR'];
// First bytes of an OTLP `AnyValue` holding a string, bool or int (tag = field << 3 | wire type).
const AV_STRING = (1 << 3) | 2;
const AV_BOOL = (2 << 3) | 0;
const AV_INT = (3 << 3) | 0;
/** Integers exactly as `anyValueToString` writes them (no '+', no leading zeros, no '-0'). */
const CANONICAL_INT = /^(0|-?[1-9][0-9]{0,14})$/;

export class EncodedAttributeMatcher implements AttributeListVisitor {
  private readonly state: MemoryState;
  private readonly filters: readonly CompiledAttributeFilter[];
  private readonly keyIds: number[];
  private readonly keyBytes: Buffer[];
  private readonly valueBytes: Buffer[];
  /** The filter value's value-dictionary id (of its UTF-8 round trip, as inline values compare by bytes), or -1. */
  private readonly valueIds: number[];
  /** The filter value as a number when it is an integer a small stored int could equal, else NaN. */
  private readonly intValues: number[];
  /** Per filter, for the span being matched: 1 once satisfied. */
  private readonly done: Uint8Array;
  private remaining = 0;
  private readonly reader = new ByteReader(Buffer.alloc(0));
  private readonly byResource = new Map<number, Uint8Array>();
  private readonly byScope = new Map<number, Uint8Array>();

  constructor(state: MemoryState, filters: readonly CompiledAttributeFilter[]) {
    this.state = state;
    this.filters = filters;
    this.keyIds = filters.map((f) => state.keys.idOf(f.key));
    this.keyBytes = filters.map((f) => Buffer.from(f.key, 'utf8'));
    this.valueBytes = filters.map((f) => Buffer.from(f.value, 'utf8'));
    // A search runs synchronously, so the dictionary cannot gain the value while it runs.
    this.valueIds = this.valueBytes.map((b) => state.keys.values.idOf(b.toString('utf8')));
    this.intValues = filters.map((f) => (CANONICAL_INT.test(f.value) ? Number(f.value) : NaN));
    this.done = new Uint8Array(filters.length);
  }

  /** Whether every filter holds on the span at `offset` of `buf`. */
  matches(buf: Buffer, offset: number): boolean {
    const n = this.filters.length;
    const fromResource = this.resourceFlags(buf.readUInt32LE(offset + H_RESOURCE_ID));
    const fromScope = this.scopeFlags(buf.readUInt32LE(offset + H_SCOPE_ID));
    const status = buf[offset + H_STATUS]!;
    const kind = spanKindName(this.state.catalog.kinds[buf.readUInt32LE(offset + H_OP_ID)]!);
    let remaining = 0;
    for (let i = 0; i < n; i++) {
      const ok = fromResource[i] === 1 || fromScope[i] === 1 || this.holdsOnHeader(this.filters[i]!, status, kind);
      this.done[i] = ok ? 1 : 0;
      if (!ok) remaining++;
    }
    if (remaining === 0) return true;
    this.remaining = remaining;
    visitAttributeLists(this.reader, buf, offset, this);
    return this.remaining === 0;
  }

  /** Checks one attribute list against the filters still open; true (stop) once none is. */
  visitList(r: ByteReader): boolean {
    const n = r.varint();
    for (let a = 0; a < n; a++) {
      const k = r.varint();
      const keyId = k % 2 === 0 ? k / 2 : -1;
      const keyStart = r.pos;
      const keyLength = keyId >= 0 ? 0 : (k - 1) / 2;
      r.skip(keyLength);
      const valueStart = r.pos;
      for (let i = 0; i < this.filters.length; i++) {
        if (this.done[i] === 1 || this.filters[i]!.special === SpecialKey.RESOURCE) continue;
        const sameKey = keyId >= 0 ? keyId === this.keyIds[i] : bytesEqual(r.buf, keyStart, keyLength, this.keyBytes[i]!);
        if (!sameKey) continue;
        r.pos = valueStart;
        if (this.valueMatches(r, i)) {
          this.done[i] = 1;
          if (--this.remaining === 0) return true;
        }
      }
      r.pos = valueStart;
      skipValue(r);
    }
    return false;
  }

  /** Checks one attribute of a span in the received form (an OTLP `KeyValue`) against the filters still open. */
  visitKeyValue(buf: Uint8Array, keyStart: number, keyEnd: number, valueStart: number, valueEnd: number): boolean {
    for (let i = 0; i < this.filters.length; i++) {
      if (this.done[i] === 1 || this.filters[i]!.special === SpecialKey.RESOURCE) continue;
      if (!sameText(buf, keyStart, keyEnd, this.keyBytes[i]!, this.filters[i]!.key)) continue;
      if (this.wireValueMatches(buf, valueStart, valueEnd, i)) {
        this.done[i] = 1;
        if (--this.remaining === 0) return true;
      }
    }
    return false;
  }

  /** An `AnyValue` message's content against filter `i`: one string, bool or small int compared as bytes or numbers. */
  private wireValueMatches(buf: Uint8Array, start: number, end: number, i: number): boolean {
    const tag = buf[start];
    if (tag === AV_STRING) {
      let pos = start + 1;
      let length = 0;
      for (let shift = 0; ; shift += 7) {
        const b = buf[pos++]!;
        length += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) break;
      }
      if (pos + length === end) return sameText(buf, pos, end, this.valueBytes[i]!, this.filters[i]!.value);
    } else if (tag === AV_BOOL && end === start + 2) {
      return this.filters[i]!.value === (buf[start + 1] !== 0 ? 'true' : 'false');
    } else if (tag === AV_INT && end - start <= 8) {
      // One varint of at most 7 bytes filling the value: a non-negative integer below 2^49 (negative ones take 10).
      let n = 0;
      let pos = start + 1;
      for (let shift = 0; pos < end; pos++, shift += 7) {
        const b = buf[pos]!;
        n += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) break;
      }
      if (pos === end - 1) return n === this.intValues[i];
    }
    return anyValueToString(decodeAnyValueContent(buf, start, end)) === this.filters[i]!.value;
  }

  private valueMatches(r: ByteReader, i: number): boolean {
    switch (r.buf[r.pos]) {
      case T_STRING: {
        r.pos++;
        const length = r.varint();
        return bytesEqual(r.buf, r.pos, length, this.valueBytes[i]!);
      }
      case T_STRING_REF: {
        r.pos++;
        const id = r.varint();
        return id === this.valueIds[i];
      }
      case T_TRUE:
        return this.filters[i]!.value === 'true';
      case T_FALSE:
        return this.filters[i]!.value === 'false';
      case T_SMALL_INT: {
        r.pos++;
        const z = r.varint();
        return (z % 2 === 0 ? z / 2 : -(z + 1) / 2) === this.intValues[i];
      }
      default:
        return anyValueToString(readValue(r, this.state.keys)) === this.filters[i]!.value;
    }
  }

  private holdsOnHeader(f: CompiledAttributeFilter, status: number, kind: string): boolean {
    switch (f.special) {
      case SpecialKey.ERROR:
        return f.normalized === 'true' ? status === StatusCode.ERROR : f.normalized === 'false' && status !== StatusCode.ERROR;
      case SpecialKey.SPAN_KIND:
        return kind === f.normalized;
      case SpecialKey.SPAN_STATUS:
        return STATUS_NAMES[status] === f.normalized;
      default:
        return false;
    }
  }

  private resourceFlags(id: number): Uint8Array {
    let flags = this.byResource.get(id);
    if (flags !== undefined) return flags;
    const { attributes } = readResource(this.state.resources.get(id).bytes, this.state.keys).resource;
    flags = new Uint8Array(this.filters.length);
    for (let i = 0; i < this.filters.length; i++) {
      const f = this.filters[i]!;
      const key = f.special === SpecialKey.RESOURCE ? f.resourceKey : f.key;
      flags[i] = hasAttribute(attributes, key, f.value) ? 1 : 0;
    }
    this.byResource.set(id, flags);
    return flags;
  }

  private scopeFlags(id: number): Uint8Array {
    let flags = this.byScope.get(id);
    if (flags !== undefined) return flags;
    const { scope } = readScope(this.state.scopes.get(id).bytes, this.state.keys);
    flags = new Uint8Array(this.filters.length);
    for (let i = 0; i < this.filters.length; i++) {
      const f = this.filters[i]!;
      const own =
        (f.special === SpecialKey.SCOPE_NAME && scope.name === f.value) ||
        (f.special === SpecialKey.SCOPE_VERSION && scope.version === f.value);
      flags[i] = own || (f.special !== SpecialKey.RESOURCE && hasAttribute(scope.attributes, f.key, f.value)) ? 1 : 0;
    }
    this.byScope.set(id, flags);
    return flags;
  }
}

/**
 * Whether UTF-8 bytes `[start, end)` decode to `text` (whose UTF-8 form is `textBytes`). Equal bytes settle it; unequal
 * ASCII bytes too; other bytes may hold invalid UTF-8, which decodes with replacement characters, so they are decoded.
 */
function sameText(buf: Uint8Array, start: number, end: number, textBytes: Buffer, text: string): boolean {
  const length = end - start;
  if (length === textBytes.length) {
    let i = 0;
    while (i < length && buf[start + i] === textBytes[i]) i++;
    if (i === length) return true;
  }
  for (let i = start; i < end; i++) {
    if (buf[i]! >= 0x80) return Buffer.from(buf.buffer, buf.byteOffset + start, length).toString('utf8') === text;
  }
  return false;
}

function bytesEqual(buf: Buffer, start: number, length: number, target: Buffer): boolean {
  if (length !== target.length) return false;
  for (let i = 0; i < length; i++) if (buf[start + i] !== target[i]) return false;
  return true;
}
