/**
 * Zipkin v1 JSON (`POST /api/v1/spans`) → v2-shaped spans → the model, the way Jaeger's collector converted them:
 * - kind from the first core annotation (`cs`/`cr` client, `sr`/`ss` server, `ms` producer, `mr` consumer); core
 *   annotations become timing, every other annotation an event;
 * - timing per `v1Timing`; a zero parent id means none (recorded in the tag `errZeroParentID`);
 * - local endpoint (→ service name): the first core annotation's endpoint with a service name, else the `lc`
 *   binary annotation's, else any annotation's, else any binary annotation's;
 * - binary annotations → tags (`lc` as `component`, any-case `error` as `error`, values as text); `sa`/`ca`/`ma`
 *   give the remote endpoint (the one matching the span's kind first);
 * - a span holding both `cs` and `sr` (client and server sides merged under one id) is split in two, the second side
 *   carrying only its kind, its own timing and endpoints.
 * Never throws.
 */
import { decodeFailed, type TraceDecodeResult } from '../jaeger-thrift/index.js';
import { tagText } from './json-attributes.js';
import { isAbsentParentId } from './zipkin-ids.js';
import { zipkinSpansToResult } from './zipkin-to-model.js';
import type { ZipkinEndpoint, ZipkinSpanInput, ZipkinSpanOrProblem } from './zipkin-span-input.js';
import { ADDRESS_KEYS, CORE_ANNOTATIONS, checkV1Shape, type V1Endpoint, type V1Span } from './v1-span.js';
import { find, v1Timing } from './v1-timing.js';

const KIND_OF_CORE: Readonly<Record<string, string>> = { cs: 'CLIENT', cr: 'CLIENT', sr: 'SERVER', ss: 'SERVER', ms: 'PRODUCER', mr: 'CONSUMER' };
const ADDRESS_OF_KIND: Readonly<Record<string, string>> = { CLIENT: 'sa', SERVER: 'ca', PRODUCER: 'ma', CONSUMER: 'ma' };

export function decodeZipkinV1Json(body: Uint8Array | string): TraceDecodeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8'));
  } catch (err) {
    return decodeFailed(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!Array.isArray(parsed)) return decodeFailed('expected a JSON array of Zipkin v1 spans');
  const items: ZipkinSpanOrProblem[] = [];
  const inputIndex: number[] = [];
  for (let i = 0; i < parsed.length; i++) {
    const span = checkV1Shape(parsed[i]);
    const converted = typeof span === 'string' ? [span] : convertV1Span(span);
    for (const item of converted) {
      items.push(item);
      inputIndex.push(i);
    }
  }
  return zipkinSpansToResult(items, inputIndex);
}

/** One v1 span → one v2-shaped span, or two when it merges a client and a server side. */
export function convertV1Span(span: V1Span): ZipkinSpanInput[] {
  const timing = v1Timing(span);
  const tags = v1Tags(span);
  if (timing.negativeDuration !== undefined) tags.errNegativeDuration = String(timing.negativeDuration);
  const zeroParent = span.parentId !== undefined && span.parentId !== '' && isAbsentParentId(span.parentId);
  if (zeroParent) tags.errZeroParentID = '0';
  const firstCore = span.annotations.find((a) => CORE_ANNOTATIONS.has(a.value));
  const kind = firstCore !== undefined ? KIND_OF_CORE[firstCore.value] : undefined;
  const common = { traceId: span.traceId, id: span.id, parentId: zeroParent ? undefined : span.parentId, name: span.name, debug: span.debug };
  const primary: ZipkinSpanInput = {
    ...common,
    kind,
    timestamp: timing.timestamp,
    duration: timing.duration,
    localEndpoint: toEndpoint(localEndpointOf(span)),
    remoteEndpoint: toEndpoint(remoteEndpointOf(span, kind)),
    annotations: span.annotations.filter((a) => !CORE_ANNOTATIONS.has(a.value)).map((a) => ({ timestamp: a.timestamp, value: a.value })),
    tags,
  };
  const cs = find(span.annotations, 'cs');
  const sr = find(span.annotations, 'sr');
  if (cs === undefined || sr === undefined) return [primary];
  const otherKind = kind === 'CLIENT' ? 'SERVER' : 'CLIENT';
  const start = otherKind === 'SERVER' ? sr : cs;
  const end = find(span.annotations, otherKind === 'SERVER' ? 'ss' : 'cr');
  const secondary: ZipkinSpanInput = {
    ...common,
    kind: otherKind,
    timestamp: start.timestamp,
    duration: end !== undefined ? Math.max(0, end.timestamp - start.timestamp) : undefined,
    localEndpoint: toEndpoint(hasServiceName(start.endpoint) ? start.endpoint : localEndpointOf(span)),
    remoteEndpoint: toEndpoint(remoteEndpointOf(span, otherKind)),
    shared: otherKind === 'SERVER',
  };
  return [primary, secondary];
}

function v1Tags(span: V1Span): Record<string, unknown> {
  const tags: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const b of span.binaryAnnotations) {
    if (ADDRESS_KEYS.has(b.key) && b.endpoint !== undefined) continue;
    const key = b.key === 'lc' ? 'component' : b.key.toLowerCase() === 'error' ? 'error' : b.key;
    tags[key] = tagText(b.value);
  }
  return tags;
}

function localEndpointOf(span: V1Span): V1Endpoint | undefined {
  for (const a of span.annotations) if (CORE_ANNOTATIONS.has(a.value) && hasServiceName(a.endpoint)) return a.endpoint;
  for (const b of span.binaryAnnotations) if (b.key === 'lc' && hasServiceName(b.endpoint)) return b.endpoint;
  for (const a of span.annotations) if (hasServiceName(a.endpoint)) return a.endpoint;
  for (const b of span.binaryAnnotations) if (!ADDRESS_KEYS.has(b.key) && hasServiceName(b.endpoint)) return b.endpoint;
  return undefined;
}

function remoteEndpointOf(span: V1Span, kind: string | undefined): V1Endpoint | undefined {
  const preferred = kind !== undefined ? ADDRESS_OF_KIND[kind] : undefined;
  let any: V1Endpoint | undefined;
  for (const b of span.binaryAnnotations) {
    if (!ADDRESS_KEYS.has(b.key) || b.endpoint === undefined) continue;
    if (b.key === preferred) return b.endpoint;
    any ??= b.endpoint;
  }
  return any;
}

function hasServiceName(e: V1Endpoint | undefined): e is V1Endpoint {
  return e !== undefined && typeof e.serviceName === 'string' && e.serviceName !== '';
}

function toEndpoint(e: V1Endpoint | undefined): ZipkinEndpoint | undefined {
  return e === undefined ? undefined : { serviceName: e.serviceName, ipv4: e.ipv4, ipv6: e.ipv6, port: e.port };
}
