/**
 * Typed attribute values → Jaeger UI tags, as Jaeger's OTLP→Jaeger translation followed by its UI conversion renders
 * them: strings, bools, int64 and float64 keep their type; bytes become `binary` (base64); arrays and maps become JSON
 * strings; an empty value becomes the empty string.
 */
import { anyValueToString, type AnyValue, type KeyValue } from '../../model/index.js';
import type { UiKeyValue } from './ui-model.js';

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

export function toUiKeyValue(key: string, v: AnyValue): UiKeyValue {
  switch (v.type) {
    case 'string':
      return { key, type: 'string', value: v.value };
    case 'bool':
      return { key, type: 'bool', value: v.value };
    case 'int':
      // JavaScript loses precision beyond 2^53, so Jaeger prints such int64 values as strings.
      return { key, type: 'int64', value: v.value > MAX_SAFE || v.value < MIN_SAFE ? v.value.toString() : Number(v.value) };
    case 'double':
      // JSON has no NaN or infinities; their Go spelling keeps the value visible instead of turning it into null.
      return { key, type: 'float64', value: Number.isFinite(v.value) ? v.value : anyValueToString(v) };
    case 'bytes':
      return { key, type: 'binary', value: anyValueToString(v) };
    case 'array':
    case 'kvlist':
    case 'empty':
      return { key, type: 'string', value: anyValueToString(v) };
  }
}

/** Appends the tags of `attributes` to `out`, skipping the key `skip` when given. */
export function appendUiKeyValues(out: UiKeyValue[], attributes: readonly KeyValue[], skip?: string): UiKeyValue[] {
  for (let i = 0; i < attributes.length; i++) {
    const kv = attributes[i]!;
    if (kv.key !== skip) out.push(toUiKeyValue(kv.key, kv.value));
  }
  return out;
}

export function stringTag(key: string, value: string): UiKeyValue {
  return { key, type: 'string', value };
}
