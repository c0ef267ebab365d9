/**
 * Attribute lists and typed values inside a page. Strings are page string-table references; ints within ±2^52 are
 * zig-zag varints, larger ones 8 raw bytes, so every int64 round-trips exactly.
 *
 * Value tags: 0 empty · 1 string · 2 false · 3 true · 4 small int · 5 big int · 6 double · 7 bytes · 8 array · 9 kvlist.
 *
 * While writing, each attribute adds its search term (key hash with the hash of the value's string form) to `terms`.
 */
import { anyValueToString, type AnyValue, type KeyValue } from '../../model/index.js';
import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import type { PageStrings, PageStringTable } from './page-strings.js';
import { hashInteger, hashString, termHash } from './term-hash.js';
import type { TermSet } from './term-set.js';

const SMALL_INT_NUMBER = 2 ** 52;
const U64 = (1n << 64n) - 1n;
const HASH_TRUE = hashString('true');
const HASH_FALSE = hashString('false');

export function writeAttributes(w: ByteWriter, attributes: readonly KeyValue[], strings: PageStringTable, terms: TermSet): void {
  w.varint(attributes.length);
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i]!;
    const key = strings.ref(kv.key);
    w.varint(key);
    const valueHash = writeValue(w, kv.value, strings);
    terms.add(termHash(strings.hashes[key]!, valueHash));
  }
}

/** Writes `v` and returns the hash of its string form. */
function writeValue(w: ByteWriter, v: AnyValue, strings: PageStringTable): number {
  switch (v.type) {
    case 'string': {
      const ref = strings.ref(v.value);
      w.u8(1);
      w.varint(ref);
      return strings.hashes[ref]!;
    }
    case 'bool':
      w.u8(v.value ? 3 : 2);
      return v.value ? HASH_TRUE : HASH_FALSE;
    case 'int': {
      const n = v.value;
      // Exact for |n| ≤ 2^53, so the range test on the double is the range test on n, without BigInt comparisons.
      const x = Number(n);
      if (x > -SMALL_INT_NUMBER && x < SMALL_INT_NUMBER) {
        w.u8(4);
        w.varint(x < 0 ? -2 * x - 1 : 2 * x);
        return hashInteger(x);
      }
      w.u8(5);
      w.u64(n & U64);
      return hashString(n.toString());
    }
    case 'double':
      w.u8(6);
      w.f64(v.value);
      break;
    case 'bytes':
      w.u8(7);
      w.varint(v.value.length);
      w.bytes(v.value);
      break;
    case 'array':
      w.u8(8);
      w.varint(v.value.length);
      for (let i = 0; i < v.value.length; i++) writeValue(w, v.value[i]!, strings);
      break;
    case 'kvlist':
      w.u8(9);
      w.varint(v.value.length);
      for (let i = 0; i < v.value.length; i++) {
        const kv = v.value[i]!;
        w.varint(strings.ref(kv.key));
        writeValue(w, kv.value, strings);
      }
      break;
    case 'empty':
      w.u8(0);
      break;
  }
  return hashString(anyValueToString(v));
}

export function readAttributes(r: ByteReader, strings: PageStrings): KeyValue[] {
  const n = r.varint();
  const out: KeyValue[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const key = strings.get(r.varint());
    out[i] = { key, value: readValueAt(r, strings) };
  }
  return out;
}

/** Advances past an attribute list without building it. */
export function skipAttributes(r: ByteReader): void {
  const n = r.varint();
  for (let i = 0; i < n; i++) {
    r.varint();
    skipValue(r);
  }
}

/** Reads one value at `r`. */
export function readValueAt(r: ByteReader, strings: PageStrings): AnyValue {
  const tag = r.u8();
  switch (tag) {
    case 0:
      return { type: 'empty', value: null };
    case 1:
      return { type: 'string', value: strings.get(r.varint()) };
    case 2:
      return { type: 'bool', value: false };
    case 3:
      return { type: 'bool', value: true };
    case 4: {
      const z = r.varint();
      return { type: 'int', value: BigInt(z % 2 === 0 ? z / 2 : -(z + 1) / 2) };
    }
    case 5:
      return { type: 'int', value: BigInt.asIntN(64, r.u64()) };
    case 6:
      return { type: 'double', value: r.f64() };
    case 7:
      return { type: 'bytes', value: new Uint8Array(r.bytes(r.varint())) };
    case 8: {
      const n = r.varint();
      const items: AnyValue[] = new Array(n);
      for (let i = 0; i < n; i++) items[i] = readValueAt(r, strings);
      return { type: 'array', value: items };
    }
    case 9:
      return { type: 'kvlist', value: readAttributes(r, strings) };
    default:
      throw new RangeError(`unknown value tag ${tag}`);
  }
}

/** Advances past one value. */
export function skipValue(r: ByteReader): void {
  const tag = r.u8();
  switch (tag) {
    case 1:
    case 4:
      r.varint();
      return;
    case 5:
    case 6:
      r.pos += 8;
      return;
    case 7: {
      // Not `r.pos += r.varint()`: that would add to the position from before the varint.
      const n = r.varint();
      r.pos += n;
      return;
    }
    case 8: {
      const n = r.varint();
      for (let i = 0; i < n; i++) skipValue(r);
      return;
    }
    case 9:
      skipAttributes(r);
      return;
    default:
      if (tag > 9) throw new RangeError(`unknown value tag ${tag}`);
  }
}
