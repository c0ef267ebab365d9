/**
 * OTLP/JSON (`{resourceSpans: […]}`, as exporters and the api_v3 endpoints write it) → Jaeger JSON traces, one per
 * trace id, following the same mapping as the server's UI conversion: span kind, status and scope as tags, events as
 * logs with an `event` field, the parent as CHILD_OF and links as FOLLOWS_FROM references. Ids may be hex (the OTLP/JSON
 * rule) or base64 (the generic protobuf-JSON mapping).
 */
import type { JaegerKeyValue, JaegerProcess, JaegerReference, JaegerSpan, JaegerTrace } from './jaeger-types.js';

type Json = Record<string, unknown>;

const KINDS: Record<string, string> = {
  '1': 'internal', '2': 'server', '3': 'client', '4': 'producer', '5': 'consumer',
  SPAN_KIND_INTERNAL: 'internal', SPAN_KIND_SERVER: 'server', SPAN_KIND_CLIENT: 'client',
  SPAN_KIND_PRODUCER: 'producer', SPAN_KIND_CONSUMER: 'consumer',
};

export function otlpToJaeger(doc: Json): JaegerTrace[] {
  const traces = new Map<string, JaegerTrace>();
  const resourceSpans = asArray(doc['resourceSpans']);
  resourceSpans.forEach((rs, r) => {
    const resource = asObject(asObject(rs)['resource']);
    const resourceTags = toKeyValues(resource['attributes']);
    const serviceTag = resourceTags.find((t) => t.key === 'service.name');
    const process: JaegerProcess = {
      serviceName: typeof serviceTag?.value === 'string' ? serviceTag.value : 'unknown_service',
      tags: resourceTags.filter((t) => t.key !== 'service.name'),
    };
    const processID = `p${r + 1}`;
    for (const ss of asArray(asObject(rs)['scopeSpans'] ?? asObject(rs)['instrumentationLibrarySpans'])) {
      const scope = asObject(asObject(ss)['scope'] ?? asObject(ss)['instrumentationLibrary']);
      for (const raw of asArray(asObject(ss)['spans'])) {
        const span = toJaegerSpan(asObject(raw), scope, processID);
        let trace = traces.get(span.traceID);
        if (trace === undefined) {
          trace = { traceID: span.traceID, spans: [], processes: {}, warnings: null };
          traces.set(span.traceID, trace);
        }
        trace.processes[processID] = process;
        trace.spans.push(span);
      }
    }
  });
  return [...traces.values()];
}

function toJaegerSpan(s: Json, scope: Json, processID: string): JaegerSpan {
  const traceID = toHexId(s['traceId']);
  const spanID = toHexId(s['spanId']);
  const parent = toHexId(s['parentSpanId']);
  const references: JaegerReference[] = [];
  if (parent !== '') references.push({ refType: 'CHILD_OF', traceID, spanID: parent });
  for (const link of asArray(s['links'])) {
    const l = asObject(link);
    references.push({ refType: 'FOLLOWS_FROM', traceID: toHexId(l['traceId']), spanID: toHexId(l['spanId']) });
  }
  const tags: JaegerKeyValue[] = [];
  if (typeof scope['name'] === 'string' && scope['name'] !== '') tags.push(str('otel.scope.name', scope['name']));
  if (typeof scope['version'] === 'string' && scope['version'] !== '') tags.push(str('otel.scope.version', scope['version']));
  tags.push(...toKeyValues(s['attributes']));
  const kind = KINDS[String(s['kind'] ?? '')];
  if (kind !== undefined) tags.push(str('span.kind', kind));
  const status = asObject(s['status']);
  const code = String(status['code'] ?? '');
  if (code === '1' || code === 'STATUS_CODE_OK') tags.push(str('otel.status_code', 'OK'));
  if (code === '2' || code === 'STATUS_CODE_ERROR') {
    tags.push(str('otel.status_code', 'ERROR'));
    tags.push({ key: 'error', type: 'bool', value: true });
  }
  if (typeof status['message'] === 'string' && status['message'] !== '') tags.push(str('otel.status_description', status['message']));
  const start = nanosToMicros(s['startTimeUnixNano']);
  const end = nanosToMicros(s['endTimeUnixNano']);
  return {
    traceID,
    spanID,
    operationName: typeof s['name'] === 'string' ? s['name'] : '',
    references,
    startTime: start,
    duration: Math.max(0, end - start),
    tags,
    logs: asArray(s['events']).map((e) => {
      const ev = asObject(e);
      const fields = toKeyValues(ev['attributes']);
      if (typeof ev['name'] === 'string' && ev['name'] !== '' && !fields.some((f) => f.key === 'event')) fields.unshift(str('event', ev['name']));
      return { timestamp: nanosToMicros(ev['timeUnixNano']), fields };
    }),
    processID,
    warnings: null,
  };
}

function toKeyValues(list: unknown): JaegerKeyValue[] {
  return asArray(list).map((item) => {
    const kv = asObject(item);
    return anyValueToTag(String(kv['key'] ?? ''), asObject(kv['value']));
  });
}

function anyValueToTag(key: string, v: Json): JaegerKeyValue {
  if ('stringValue' in v) return str(key, String(v['stringValue']));
  if ('boolValue' in v) return { key, type: 'bool', value: v['boolValue'] === true };
  if ('intValue' in v) return { key, type: 'int64', value: Number(v['intValue']) };
  if ('doubleValue' in v) return { key, type: 'float64', value: Number(v['doubleValue']) };
  if ('bytesValue' in v) return { key, type: 'binary', value: String(v['bytesValue']) };
  if ('arrayValue' in v || 'kvlistValue' in v) return str(key, JSON.stringify(anyValueToPlain(v)));
  return str(key, '');
}

function anyValueToPlain(v: Json): unknown {
  if ('stringValue' in v) return v['stringValue'];
  if ('boolValue' in v) return v['boolValue'];
  if ('intValue' in v) return Number(v['intValue']);
  if ('doubleValue' in v) return Number(v['doubleValue']);
  if ('bytesValue' in v) return v['bytesValue'];
  if ('arrayValue' in v) return asArray(asObject(v['arrayValue'])['values']).map((x) => anyValueToPlain(asObject(x)));
  if ('kvlistValue' in v) {
    const out: Record<string, unknown> = {};
    for (const kv of asArray(asObject(v['kvlistValue'])['values'])) {
      const o = asObject(kv);
      out[String(o['key'])] = anyValueToPlain(asObject(o['value']));
    }
    return out;
  }
  return null;
}

function str(key: string, value: string): JaegerKeyValue {
  return { key, type: 'string', value };
}

function nanosToMicros(v: unknown): number {
  if (typeof v === 'number') return Math.floor(v / 1000);
  if (typeof v === 'string' && /^\d+$/.test(v)) return Number(BigInt(v) / 1000n);
  return 0;
}

/** Hex ids pass through (lower-cased); anything else is read as base64. '' for a missing or empty id. */
export function toHexId(v: unknown): string {
  if (typeof v !== 'string' || v === '') return '';
  if (/^[0-9a-fA-F]+$/.test(v) && (v.length === 16 || v.length === 32)) return v.toLowerCase();
  return base64ToHex(v);
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64ToHex(text: string): string {
  const clean = text.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  let bits = 0;
  let acc = 0;
  let hex = '';
  for (const ch of clean) {
    const v = B64.indexOf(ch);
    if (v < 0) return text.toLowerCase();
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      hex += ((acc >> bits) & 0xff).toString(16).padStart(2, '0');
    }
  }
  return hex;
}

function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function asObject(v: unknown): Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
}
