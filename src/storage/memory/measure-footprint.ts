/**
 * Measures how much memory the memory store holds per realistic span: the shape of perf.md B1 (a resource with
 * service.name and 5 attributes; spans with 10 attributes, 1 event with 2 attributes and a status; 8 spans per trace;
 * 512-span batches; random ids). Run it in a process started with `--expose-gc` for stable figures; without `gc`
 * the result includes garbage and overstates the footprint.
 */
import { randomBytes } from 'node:crypto';
import { attr, SpanKind, StatusCode, stringValue, type Span, type TraceBatch } from '../../model/index.js';
import { createMemoryStore } from './memory-store.js';
import { decodeOtlpProtobuf, encodeOtlpProtobuf } from '../../translate/otlp/index.js';

export interface FootprintResult {
  spans: number;
  /** Growth of V8 heap plus external memory (Buffers) per stored span. */
  heapBytesPerSpan: number;
  /** Growth of the resident set per stored span. */
  rssBytesPerSpan: number;
  /** Whether garbage was collected before each reading. */
  gcAvailable: boolean;
}

const SPANS_PER_TRACE = 8;
const BATCH_SPANS = 512;
const WARM_UP_BATCHES = 40;
const ROUTES = ['/api/users/:id', '/api/orders', '/api/orders/:id/items', '/health', '/api/cart/:id/checkout'];
const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15',
  'okhttp/4.12.0',
];

function realisticBatch(batchNo: number, startNs: bigint): TraceBatch {
  const ids = randomBytes((BATCH_SPANS / SPANS_PER_TRACE) * 16 + BATCH_SPANS * 8).toString('hex');
  const spans: Span[] = [];
  for (let i = 0; i < BATCH_SPANS; i++) {
    const trace = Math.floor(i / SPANS_PER_TRACE);
    const spanHex = (BATCH_SPANS / SPANS_PER_TRACE) * 32 + i * 16;
    const n = batchNo * BATCH_SPANS + i;
    const start = startNs + BigInt(n) * 1_000_003n;
    spans.push({
      traceId: ids.slice(trace * 32, trace * 32 + 32),
      spanId: ids.slice(spanHex, spanHex + 16),
      parentSpanId: i % SPANS_PER_TRACE === 0 ? '' : ids.slice(spanHex - 16, spanHex),
      traceState: '',
      flags: 1,
      name: `GET ${ROUTES[n % ROUTES.length]!}`,
      kind: i % 2 === 0 ? SpanKind.SERVER : SpanKind.CLIENT,
      startTimeUnixNano: start,
      endTimeUnixNano: start + BigInt(100_000 + (n % 5000) * 997),
      attributes: [
        attr('http.method', n % 3 === 0 ? 'POST' : 'GET'),
        attr('http.route', ROUTES[n % ROUTES.length]!),
        attr('http.status_code', n % 17 === 0 ? 500 : 200),
        attr('http.url', `https://shop.example.com${ROUTES[n % ROUTES.length]!.replace(':id', String(n))}?page=${n % 7}`),
        attr('http.scheme', 'https'),
        attr('http.flavor', '1.1'),
        attr('http.user_agent', AGENTS[n % AGENTS.length]!),
        attr('net.peer.name', `backend-${n % 13}.internal`),
        attr('net.peer.port', 8080 + (n % 4)),
        attr('user.id', `user-${(n * 7919) % 100_000}`),
      ],
      droppedAttributesCount: 0,
      events: [
        {
          timeUnixNano: start + 50_000n,
          name: 'cache.lookup',
          attributes: [attr('cache.hit', n % 2 === 0), attr('cache.key', `k:${n % 10_000}`)],
          droppedAttributesCount: 0,
        },
      ],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: { code: n % 17 === 0 ? StatusCode.ERROR : StatusCode.UNSET, message: '' },
    });
  }
  const service = `service-${batchNo % 6}`;
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            { key: 'service.name', value: stringValue(service) },
            attr('service.version', '1.4.2'),
            attr('host.name', `node-${batchNo % 6}`),
            attr('process.pid', 4242 + (batchNo % 6)),
            attr('telemetry.sdk.language', 'nodejs'),
            attr('telemetry.sdk.version', '1.30.0'),
          ],
          droppedAttributesCount: 0,
        },
        scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-http', version: '0.57.0', attributes: [], droppedAttributesCount: 0 }, spans, schemaUrl: '' }],
        schemaUrl: '',
      },
    ],
  };
}

function collectGarbage(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return false;
  gc();
  gc();
  return true;
}

function reading(): { heap: number; rss: number } {
  const m = process.memoryUsage();
  return { heap: m.heapUsed + m.external, rss: m.rss };
}

/**
 * A batch as the OTLP/protobuf receiver hands it over: decoded from its encoding and carrying the received bytes, so
 * the store keeps the spans in their received form.
 */
function asReceived(batch: TraceBatch): TraceBatch {
  const decoded = decodeOtlpProtobuf(encodeOtlpProtobuf(batch));
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.batch;
}

/**
 * Stores `spanCount` realistic spans (rounded up to whole batches) in a fresh store and reports the growth. `form`:
 * `received` stores them as OTLP/protobuf ingest does (the bytes they arrived in), `model` as other receivers do.
 */
export async function measureMemoryFootprint(spanCount: number, form: 'received' | 'model' = 'received'): Promise<FootprintResult> {
  const make = form === 'received' ? (b: number, start: bigint) => asReceived(realisticBatch(b, start)) : realisticBatch;
  const batches = Math.ceil(spanCount / BATCH_SPANS);
  const store = createMemoryStore({ maxTraces: batches * (BATCH_SPANS / SPANS_PER_TRACE) });
  const startNs = BigInt(Date.now()) * 1_000_000n;
  // Warm up on a throwaway store: the code paths, and V8's heap, which grows to a steady size for the garbage of
  // decoding and writing batches. That size does not depend on how many spans are stored, so it is not counted.
  const warm = createMemoryStore({ maxTraces: 100 });
  for (let b = 0; b < WARM_UP_BATCHES; b++) await warm.writer.writeTraces(make(b, startNs));
  await warm.close();
  const gcAvailable = collectGarbage();
  const before = reading();
  for (let b = 0; b < batches; b++) await store.writer.writeTraces(make(b, startNs));
  collectGarbage();
  const after = reading();
  const spans = batches * BATCH_SPANS;
  const result: FootprintResult = {
    spans,
    heapBytesPerSpan: Math.round((after.heap - before.heap) / spans),
    rssBytesPerSpan: Math.round((after.rss - before.rss) / spans),
    gcAvailable,
  };
  await store.close();
  return result;
}
