/**
 * Zipkin v2 JSON (`POST /api/v2/spans` with `application/json`): an array of spans. A body that is not a JSON array
 * fails as a whole; an element that is not a span object, or whose fields have the wrong JSON types, is rejected
 * alone. `null` is accepted wherever a field is optional. Never throws.
 */
import { decodeFailed, type TraceDecodeResult } from '../jaeger-thrift/index.js';
import { zipkinSpansToResult } from './zipkin-to-model.js';
import type { ZipkinSpanInput, ZipkinSpanOrProblem } from './zipkin-span-input.js';

export function decodeZipkinV2Json(body: Uint8Array | string): TraceDecodeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (err) {
    return decodeFailed(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!Array.isArray(parsed)) return decodeFailed('expected a JSON array of Zipkin v2 spans');
  const items: ZipkinSpanOrProblem[] = new Array(parsed.length);
  for (let i = 0; i < parsed.length; i++) items[i] = checkSpanShape(parsed[i]);
  return zipkinSpansToResult(items);
}

const STRING_FIELDS = ['parentId', 'name', 'kind'] as const;
const OBJECT_FIELDS = ['localEndpoint', 'remoteEndpoint', 'tags'] as const;

/** The span itself when its fields have usable JSON types, else why not. */
export function checkSpanShape(v: unknown): ZipkinSpanOrProblem {
  if (!isObject(v)) return 'not a JSON object';
  if (typeof v.traceId !== 'string') return 'traceId is missing or not a string';
  if (typeof v.id !== 'string') return 'id is missing or not a string';
  for (const f of STRING_FIELDS) if (!isAbsent(v[f]) && typeof v[f] !== 'string') return `${f} is not a string`;
  for (const f of OBJECT_FIELDS) if (!isAbsent(v[f]) && !isObject(v[f])) return `${f} is not an object`;
  const annotations = v.annotations;
  if (!isAbsent(annotations)) {
    if (!Array.isArray(annotations)) return 'annotations is not an array';
    for (const a of annotations) if (!isObject(a)) return 'an annotation is not an object';
  }
  return v as unknown as ZipkinSpanInput;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isAbsent(v: unknown): boolean {
  return v === undefined || v === null;
}
