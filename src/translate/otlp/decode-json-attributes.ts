/** OTLP/JSON `KeyValue` lists and typed `AnyValue`s into the model. */
import type { AnyValue, KeyValue } from '../../model/index.js';
import { MAX_ANY_VALUE_DEPTH } from './decode-result.js';
import {
  OtlpJsonShapeError,
  isJsonObject,
  pick,
  readArray,
  readBool,
  readBytes,
  readDouble,
  readInt64,
  readString,
  rethrowWithin,
} from './json-fields.js';


/** A `repeated KeyValue` field; `field` names it in error paths (which are only built when something is wrong). */
export function decodeJsonKeyValues(v: unknown, field: string, depth: number): KeyValue[] {
  const items = readArray(v, field);
  const out: KeyValue[] = new Array(items.length);
  let i = 0;
  let inValue = false;
  try {
    for (; i < items.length; i++) {
      const item = items[i];
      if (!isJsonObject(item)) throw new OtlpJsonShapeError('', 'a KeyValue object', item);
      const key = readString(item['key'], 'key');
      inValue = true;
      out[i] = { key, value: decodeJsonAnyValue(item['value'], depth) };
      inValue = false;
    }
  } catch (e) {
    rethrowWithin(e, inValue ? `${field}[${i}].value` : `${field}[${i}]`);
  }
  return out;
}

/**
 * One AnyValue: the first of `stringValue`, `intValue`, `boolValue`, `doubleValue`, `bytesValue`, `arrayValue`,
 * `kvlistValue` (or their snake_case forms) that is present; `{}` or an absent value is the empty value.
 * Error paths are relative to the value.
 */
export function decodeJsonAnyValue(v: unknown, depth: number): AnyValue {
  if (v === undefined || v === null) return { type: 'empty', value: null };
  if (!isJsonObject(v)) throw new OtlpJsonShapeError('', 'an AnyValue object', v);
  let x = pick(v, 'stringValue', 'string_value');
  if (x !== undefined) return { type: 'string', value: readString(x, 'stringValue') };
  x = pick(v, 'intValue', 'int_value');
  if (x !== undefined) return { type: 'int', value: readInt64(x, 'intValue') };
  x = pick(v, 'boolValue', 'bool_value');
  if (x !== undefined) return { type: 'bool', value: readBool(x, 'boolValue') };
  x = pick(v, 'doubleValue', 'double_value');
  if (x !== undefined) return { type: 'double', value: readDouble(x, 'doubleValue') };
  x = pick(v, 'bytesValue', 'bytes_value');
  if (x !== undefined) return { type: 'bytes', value: readBytes(x, 'bytesValue') };
  x = pick(v, 'arrayValue', 'array_value');
  if (x !== undefined) return { type: 'array', value: decodeJsonArrayValue(x, depth + 1) };
  x = pick(v, 'kvlistValue', 'kvlist_value');
  if (x !== undefined) {
    if (!isJsonObject(x)) throw new OtlpJsonShapeError('kvlistValue', 'a KeyValueList object', x);
    checkDepth('kvlistValue', depth + 1);
    return { type: 'kvlist', value: decodeJsonKeyValues(x['values'], 'kvlistValue.values', depth + 1) };
  }
  return { type: 'empty', value: null };
}

function decodeJsonArrayValue(x: unknown, depth: number): AnyValue[] {
  if (!isJsonObject(x)) throw new OtlpJsonShapeError('arrayValue', 'an ArrayValue object', x);
  checkDepth('arrayValue', depth);
  const items = readArray(x['values'], 'arrayValue.values');
  const out: AnyValue[] = new Array(items.length);
  let i = 0;
  try {
    for (; i < items.length; i++) out[i] = decodeJsonAnyValue(items[i], depth);
  } catch (e) {
    rethrowWithin(e, `arrayValue.values[${i}]`);
  }
  return out;
}

function checkDepth(field: string, depth: number): void {
  if (depth > MAX_ANY_VALUE_DEPTH) {
    throw new OtlpJsonShapeError(field, `values nested at most ${MAX_ANY_VALUE_DEPTH} deep`, 'deeper nesting');
  }
}
