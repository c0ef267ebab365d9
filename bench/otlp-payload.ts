/**
 * Realistic OTLP request content for benchmarks (the shape of docs' reference payload, ~570 B/span as protobuf):
 * one resource (service.name + 5 attributes), one scope, traces of 8 spans, each span with 10 HTTP-ish attributes,
 * one event with 2 attributes and a status; ids are pseudo-random from `seed`, so a seed always yields the same batch.
 */
import { SpanKind, StatusCode, attr, bytesToHex } from '../src/model/index.js';
import type { Span, TraceBatch } from '../src/model/index.js';

const SPANS_PER_TRACE = 8;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'];
const ROUTES = ['/api/users/:id', '/api/orders', '/api/orders/:id/items', '/health', '/api/cart/checkout'];
const STATUS_CODES = [200, 200, 200, 201, 204, 400, 404, 500];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'okhttp/4.12.0',
];
const PEERS = ['users-db.internal', 'orders-db.internal', 'cache-1.internal', 'payments.example.com'];

/** mulberry32: small, fast and deterministic (shared by the benchmarks' payload generators). */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomHex(random: () => number, bytes: number): string {
  const b = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) b[i] = Math.floor(random() * 256);
  if (b.every((x) => x === 0)) b[0] = 1;
  return bytesToHex(b);
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function createRealisticOtlpRequest(spanCount: number, seed = 1): TraceBatch {
  const random = createRandom(seed);
  const baseNano = 1_700_000_000_000_000_000n + BigInt(seed) * 1_000_000_000n;
  const spans: Span[] = [];
  let traceId = '';
  let rootSpanId = '';
  for (let i = 0; i < spanCount; i++) {
    const first = i % SPANS_PER_TRACE === 0;
    if (first) traceId = randomHex(random, 16);
    const spanId = randomHex(random, 8);
    if (first) rootSpanId = spanId;
    const method = pick(random, METHODS);
    const route = pick(random, ROUTES);
    const statusCode = pick(random, STATUS_CODES);
    const start = baseNano + BigInt(i) * 1_000_000n + BigInt(Math.floor(random() * 1_000_000));
    const end = start + BigInt(Math.floor(random() * 50_000_000));
    spans.push({
      traceId,
      spanId,
      parentSpanId: first ? '' : rootSpanId,
      traceState: '',
      flags: 0x101,
      name: `${method} ${route}`,
      kind: first ? SpanKind.SERVER : SpanKind.CLIENT,
      startTimeUnixNano: start,
      endTimeUnixNano: end,
      attributes: [
        attr('http.method', method),
        attr('http.route', route),
        attr('http.status_code', statusCode),
        attr('http.url', `https://shop.example.com${route.replace(':id', String(Math.floor(random() * 100000)))}`),
        attr('http.scheme', 'https'),
        attr('http.flavor', '1.1'),
        attr('http.user_agent', pick(random, AGENTS)),
        attr('net.peer.name', pick(random, PEERS)),
        attr('net.peer.port', 5432 + Math.floor(random() * 4)),
        attr('user.id', `user-${Math.floor(random() * 1_000_000)}`),
      ],
      droppedAttributesCount: 0,
      events: [
        {
          timeUnixNano: start + 1000n,
          name: 'request.received',
          attributes: [attr('message.type', 'RECEIVED'), attr('message.uncompressed_size', Math.floor(random() * 4096))],
          droppedAttributesCount: 0,
        },
      ],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: statusCode >= 500 ? { code: StatusCode.ERROR, message: 'upstream failed' } : { code: StatusCode.UNSET, message: '' },
    });
  }
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            attr('service.name', 'checkout-service'),
            attr('service.version', '2.4.1'),
            attr('deployment.environment', 'production'),
            attr('host.name', 'checkout-7d9f8b6c5-x2k4p'),
            attr('telemetry.sdk.language', 'nodejs'),
            attr('telemetry.sdk.version', '1.30.0'),
          ],
          droppedAttributesCount: 0,
        },
        scopeSpans: [
          {
            scope: { name: '@opentelemetry/instrumentation-http', version: '0.57.0', attributes: [], droppedAttributesCount: 0 },
            spans,
            schemaUrl: '',
          },
        ],
        schemaUrl: '',
      },
    ],
  };
}
