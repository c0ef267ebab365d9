/** JSON values → typed attributes, for the JSON fragments OTel's Zipkin exporters embed in tags and annotations. */
import { boolValue, doubleValue, intValue, stringValue, type AnyValue, type KeyValue } from '../../model/index.js';

/** Parses `text` as a JSON object; undefined when it is not one. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  if (text.length < 2 || text.charCodeAt(0) !== 0x7b /* { */) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Strings, booleans and numbers (whole numbers as ints) become attributes; other values are left out. */
export function jsonObjectToAttributes(obj: Record<string, unknown>): KeyValue[] {
  const out: KeyValue[] = [];
  for (const key of Object.keys(obj)) {
    const value = jsonScalar(obj[key]);
    if (value !== undefined) out.push({ key, value });
  }
  return out;
}

function jsonScalar(v: unknown): AnyValue | undefined {
  if (typeof v === 'string') return stringValue(v);
  if (typeof v === 'boolean') return boolValue(v);
  if (typeof v === 'number') return Number.isSafeInteger(v) ? intValue(v) : doubleValue(v);
  return undefined;
}

/** A tag value as text: strings as they are, other JSON scalars printed, objects as JSON. */
export function tagText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}
