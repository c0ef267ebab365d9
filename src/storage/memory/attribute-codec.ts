/**
 * Compact binary form of attribute lists: a count, then per attribute its key (see `KeyDictionary`) and a typed value;
 * a short string value may be a reference into the `ValueDictionary`. Every `AnyValue` round-trips exactly, int64
 * included.
 */
import type { AnyValue, KeyValue } from '../../model/index.js';
import type { ByteReader } from './byte-reader.js';
import type { ByteWriter } from './byte-writer.js';
import { RECENT_SLOTS, type KeyDictionary } from './key-dictionary.js';
import type { ValueDictionary } from './value-dictionary.js';

const T_EMPTY = 0;
export const T_STRING = 1;
export const T_FALSE = 2;
export const T_TRUE = 3;
/** An int with |v| < 2^52, zigzag varint. */
export const T_SMALL_INT = 4;
/** Any other int64, 8 bytes. */
const T_INT64 = 5;
const T_DOUBLE = 6;
const T_BYTES = 7;
const T_ARRAY = 8;
const T_KVLIST = 9;
/** A string value held in the value dictionary: its id follows as a varint. */
export const T_STRING_REF = 10;

const SMALL_INT_LIMIT = 2n ** 52n;
/** Kept as a constant: negating in the hot path would allocate a BigInt per value. */
const NEGATIVE_SMALL_INT_LIMIT = -SMALL_INT_LIMIT;

/**
 * Writes an attribute list. With `values`, top-level string values go through that dictionary; without (resources
 * and scopes, which are interned by their bytes and so must always encode the same way), every value is inline.
 * `slot` is where this kind of list starts in the key dictionary's recent-key cache (none by default).
 */
export function writeAttributes(
  w: ByteWriter,
  attributes: readonly KeyValue[],
  keys: KeyDictionary,
  values: ValueDictionary | undefined,
  slot = RECENT_SLOTS,
): void {
  w.varint(attributes.length);
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i]!;
    const keyId = keys.writeAt(w, kv.key, slot + i);
    const v = kv.value;
    const id = v.type === 'string' && values !== undefined ? values.idFor(keyId, v.value) : -1;
    if (id >= 0) {
      w.u8(T_STRING_REF);
      w.varint(id);
    } else {
      writeValue(w, v, keys, values);
    }
  }
}

export function readAttributes(r: ByteReader, keys: KeyDictionary): KeyValue[] {
  const n = r.varint();
  const out: KeyValue[] = [];
  for (let i = 0; i < n; i++) {
    const key = keys.read(r);
    out.push({ key, value: readValue(r, keys) });
  }
  return out;
}

function writeValue(w: ByteWriter, v: AnyValue, keys: KeyDictionary, values: ValueDictionary | undefined): void {
  switch (v.type) {
    case 'string':
      w.u8(T_STRING);
      w.string(v.value);
      return;
    case 'bool':
      w.u8(v.value ? T_TRUE : T_FALSE);
      return;
    case 'int': {
      const n = v.value;
      if (n > NEGATIVE_SMALL_INT_LIMIT && n < SMALL_INT_LIMIT) {
        const x = Number(n);
        w.u8(T_SMALL_INT);
        w.varint(x >= 0 ? x * 2 : -x * 2 - 1);
      } else {
        w.u8(T_INT64);
        w.i64(n);
      }
      return;
    }
    case 'double':
      w.u8(T_DOUBLE);
      w.f64(v.value);
      return;
    case 'bytes':
      w.u8(T_BYTES);
      w.bytes(v.value);
      return;
    case 'array':
      w.u8(T_ARRAY);
      w.varint(v.value.length);
      for (let i = 0; i < v.value.length; i++) writeValue(w, v.value[i]!, keys, values);
      return;
    case 'kvlist':
      w.u8(T_KVLIST);
      writeAttributes(w, v.value, keys, values);
      return;
    case 'empty':
      w.u8(T_EMPTY);
      return;
  }
}

export function readValue(r: ByteReader, keys: KeyDictionary): AnyValue {
  const tag = r.u8();
  switch (tag) {
    case T_STRING:
      return { type: 'string', value: r.string() };
    case T_STRING_REF:
      return { type: 'string', value: keys.values.valueAt(r.varint()) };
    case T_TRUE:
      return { type: 'bool', value: true };
    case T_FALSE:
      return { type: 'bool', value: false };
    case T_SMALL_INT: {
      const z = r.varint();
      return { type: 'int', value: BigInt(z % 2 === 0 ? z / 2 : -(z + 1) / 2) };
    }
    case T_INT64:
      return { type: 'int', value: r.i64() };
    case T_DOUBLE:
      return { type: 'double', value: r.f64() };
    case T_BYTES:
      return { type: 'bytes', value: r.bytes() };
    case T_ARRAY: {
      const n = r.varint();
      const items: AnyValue[] = [];
      for (let i = 0; i < n; i++) items.push(readValue(r, keys));
      return { type: 'array', value: items };
    }
    case T_KVLIST:
      return { type: 'kvlist', value: readAttributes(r, keys) };
    default:
      return { type: 'empty', value: null };
  }
}

/** Moves past one encoded value without building it. */
export function skipValue(r: ByteReader): void {
  switch (r.u8()) {
    case T_STRING:
    case T_BYTES:
      r.skip(r.varint());
      return;
    case T_SMALL_INT:
    case T_STRING_REF:
      r.varint();
      return;
    case T_INT64:
    case T_DOUBLE:
      r.skip(8);
      return;
    case T_ARRAY: {
      const n = r.varint();
      for (let i = 0; i < n; i++) skipValue(r);
      return;
    }
    case T_KVLIST:
      skipAttributes(r);
      return;
    default:
      return;
  }
}

/** Moves past an encoded attribute list. */
export function skipAttributes(r: ByteReader): void {
  const n = r.varint();
  for (let i = 0; i < n; i++) {
    const k = r.varint();
    if (k % 2 === 1) r.skip((k - 1) / 2);
    skipValue(r);
  }
}
