/**
 * Typed attribute values (OTLP `AnyValue`) and the operations every component needs on them.
 * int64 values are `bigint` so nothing beyond 2^53 is rounded.
 */
export type AnyValue =
  | { type: 'string'; value: string }
  | { type: 'bool'; value: boolean }
  | { type: 'int'; value: bigint }
  | { type: 'double'; value: number }
  | { type: 'bytes'; value: Uint8Array }
  | { type: 'array'; value: AnyValue[] }
  | { type: 'kvlist'; value: KeyValue[] }
  | { type: 'empty'; value: null };

export interface KeyValue {
  key: string;
  value: AnyValue;
}

export function stringValue(value: string): AnyValue {
  return { type: 'string', value };
}
export function boolValue(value: boolean): AnyValue {
  return { type: 'bool', value };
}
export function intValue(value: bigint | number): AnyValue {
  return { type: 'int', value: typeof value === 'bigint' ? value : BigInt(Math.trunc(value)) };
}
export function doubleValue(value: number): AnyValue {
  return { type: 'double', value };
}
export function bytesValue(value: Uint8Array): AnyValue {
  return { type: 'bytes', value };
}

/** Shorthand for building attribute lists in code and tests: `attr('http.method', 'GET')`. */
export function attr(key: string, value: string | boolean | number | bigint | Uint8Array): KeyValue {
  if (typeof value === 'string') return { key, value: stringValue(value) };
  if (typeof value === 'boolean') return { key, value: boolValue(value) };
  if (typeof value === 'bigint') return { key, value: intValue(value) };
  if (typeof value === 'number') return { key, value: Number.isInteger(value) ? intValue(value) : doubleValue(value) };
  return { key, value: bytesValue(value) };
}

/**
 * The value as a string, the way Jaeger's search compares tag values (pdata `AsString`): numbers in their shortest
 * form, bools as `true`/`false`, bytes as base64, arrays and maps as JSON.
 */
export function anyValueToString(v: AnyValue): string {
  switch (v.type) {
    case 'string':
      return v.value;
    case 'bool':
      return v.value ? 'true' : 'false';
    case 'int':
      return v.value.toString();
    case 'double':
      return doubleToString(v.value);
    case 'bytes':
      return Buffer.from(v.value.buffer, v.value.byteOffset, v.value.byteLength).toString('base64');
    case 'array':
    case 'kvlist':
      return JSON.stringify(anyValueToPlain(v));
    case 'empty':
      return '';
  }
}

function doubleToString(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}

/** A JSON-safe plain rendering (ints beyond 2^53 as strings, bytes as base64) used for stringified arrays and maps. */
export function anyValueToPlain(v: AnyValue): unknown {
  switch (v.type) {
    case 'int': {
      const n = Number(v.value);
      return Number.isSafeInteger(n) ? n : v.value.toString();
    }
    case 'double':
      return Number.isFinite(v.value) ? v.value : doubleToString(v.value);
    case 'bytes':
      return anyValueToString(v);
    case 'array':
      return v.value.map(anyValueToPlain);
    case 'kvlist': {
      const out: Record<string, unknown> = {};
      for (const kv of v.value) out[kv.key] = anyValueToPlain(kv.value);
      return out;
    }
    default:
      return v.value;
  }
}

/** First attribute with `key`, or undefined. */
export function findAttribute(attributes: readonly KeyValue[], key: string): AnyValue | undefined {
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i]!;
    if (kv.key === key) return kv.value;
  }
  return undefined;
}

/**
 * `attributes` followed by each of `extra` whose key `attributes` does not have (the first value of a key wins, as an
 * application's own resource attribute wins over one a forwarder adds). Returns `attributes` itself when nothing is added.
 */
export function withExtraAttributes(attributes: KeyValue[], extra: readonly KeyValue[]): KeyValue[] {
  let out: KeyValue[] | undefined;
  for (const kv of extra) {
    if (findAttribute(attributes, kv.key) !== undefined) continue;
    out ??= attributes.slice();
    out.push(kv);
  }
  return out ?? attributes;
}

/** Deep structural equality of two values (bytes compared by content). */
export function anyValueEquals(a: AnyValue, b: AnyValue): boolean {
  if (a.type !== b.type) return false;
  switch (a.type) {
    case 'bytes':
      return Buffer.compare(a.value, (b as typeof a).value) === 0;
    case 'array': {
      const bv = (b as typeof a).value;
      return a.value.length === bv.length && a.value.every((x, i) => anyValueEquals(x, bv[i]!));
    }
    case 'kvlist':
      return attributesEqual(a.value, (b as typeof a).value);
    case 'double':
      return Object.is(a.value, (b as typeof a).value) || a.value === (b as typeof a).value;
    default:
      return a.value === (b as typeof a).value;
  }
}

export function attributesEqual(a: readonly KeyValue[], b: readonly KeyValue[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.key !== y.key || !anyValueEquals(x.value, y.value)) return false;
  }
  return true;
}
