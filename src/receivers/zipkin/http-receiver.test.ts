import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ExportResultCode } from '@opentelemetry/core';
import { ZipkinExporter } from '@opentelemetry/exporter-zipkin';
import { Registry } from 'prom-client';
import { findAttribute, serviceNameOf } from '../../model/index.js';
import { createSilentLogger } from '../../telemetry/index.js';
import { exportSpans, makeSdkSpans } from '../otlp/sdk-span-fixture.js';
import { createRecordingSink } from '../recording-sink.js';
import { createZipkinReceiver } from './http-receiver.js';

const V2_SPAN = JSON.stringify([
  {
    traceId: '5af7183fb1d4cf5f',
    id: '352bff9a74ca9ad2',
    name: 'get /api',
    timestamp: 1_700_000_000_000_000,
    duration: 2000,
    kind: 'SERVER',
    localEndpoint: { serviceName: 'frontend' },
    tags: { 'http.path': '/api' },
  },
]);
const V1_SPAN = JSON.stringify([
  {
    traceId: '5af7183fb1d4cf5f',
    id: '6b221d5bc9e6496c',
    name: 'get',
    timestamp: 1_700_000_000_000_000,
    duration: 1000,
    annotations: [{ timestamp: 1_700_000_000_000_000, value: 'sr', endpoint: { serviceName: 'backend' } }],
    binaryAnnotations: [],
  },
]);

describe('Zipkin receiver', () => {
  const sink = createRecordingSink();
  const registry = new Registry();
  const receiver = createZipkinReceiver({ host: '127.0.0.1', port: 0, sink, logger: createSilentLogger(), registry, maxRequestBodyBytes: 64 * 1024 });
  let base = '';
  before(async () => {
    await receiver.start();
    base = `http://127.0.0.1:${receiver.address().port}`;
  });
  after(() => receiver.stop());
  beforeEach(() => {
    sink.clear();
    sink.acceptAll();
  });

  const post = (path: string, body: Buffer | string, headers: Record<string, string> = { 'content-type': 'application/json' }, method = 'POST') =>
    fetch(`${base}${path}`, { method, body: method === 'GET' ? undefined : body, headers });

  async function bad(reason: string): Promise<number> {
    const m = await registry.getSingleMetric('ariadne_receiver_bad_requests_total')!.get();
    return m.values.filter((v) => v.labels.receiver === 'zipkin' && v.labels.reason === reason).reduce((a, v) => a + v.value, 0);
  }

  test('the OpenTelemetry Zipkin exporter delivers its spans', async () => {
    const spans = makeSdkSpans();
    const exporter = new ZipkinExporter({ url: `${base}/api/v2/spans` });
    const result = await exportSpans(exporter, spans);
    assert.equal(result.code, ExportResultCode.SUCCESS);
    await exporter.shutdown();
    const got = sink.spans();
    assert.equal(got.length, 2);
    for (const e of spans) {
      const s = got.find((g) => g.spanId === e.spanContext().spanId);
      assert.ok(s);
      assert.equal(s.name, e.name);
      assert.equal(s.traceId, e.spanContext().traceId);
    }
    assert.equal(serviceNameOf(sink.accepted[0]!.batch.resourceSpans[0]!.resource), 'checkout');
    const db = got.find((g) => g.name === 'SELECT cart')!;
    assert.deepEqual(findAttribute(db.attributes, 'db.system'), { type: 'string', value: 'postgresql' });
  });

  test('v2 JSON gzip, v1 JSON, and no content type are accepted with 202', async () => {
    const r1 = await post('/api/v2/spans', gzipSync(V2_SPAN), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    assert.equal(r1.status, 202);
    const r2 = await post('/api/v1/spans', V1_SPAN);
    assert.equal(r2.status, 202);
    // A Buffer body makes fetch send no Content-Type at all; Zipkin treats that as JSON.
    const r3 = await post('/api/v2/spans', Buffer.from(V2_SPAN), {});
    assert.equal(r3.status, 202);
    assert.deepEqual(sink.spans().map((s) => s.name), ['get /api', 'get', 'get /api']);
    assert.equal(serviceNameOf(sink.accepted[1]!.batch.resourceSpans[0]!.resource), 'backend');
  });

  test('bad input on every route is rejected and counted, then a good batch still works', async () => {
    const cases: Array<[Promise<Response>, number]> = [
      [post('/api/v2/spans', ''), 400],
      [post('/api/v2/spans', 'not json'), 400],
      [post('/api/v2/spans', V2_SPAN.slice(0, 40)), 400],
      [post('/api/v2/spans', Buffer.from([0xff, 0xff, 0xff, 0x01]), { 'content-type': 'application/x-protobuf' }), 400],
      [post('/api/v1/spans', '{"a":'), 400],
      [post('/api/v2/spans', Buffer.from('xx'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 400],
      [post('/api/v2/spans', Buffer.alloc(70 * 1024, 0x20)), 413],
      [post('/api/v2/spans', V2_SPAN, { 'content-type': 'text/plain' }), 415],
      [post('/api/v1/spans', V2_SPAN, { 'content-type': 'application/x-protobuf' }), 415],
      [post('/api/v2/spans', V2_SPAN, { 'content-type': 'application/json', 'content-encoding': 'br' }), 415],
      [post('/api/v2/spans', '', {}, 'GET'), 405],
      [post('/api/v3/spans', V2_SPAN), 404],
    ];
    for (const [p, status] of cases) assert.equal((await p).status, status);
    assert.equal(await bad('decode'), 6);
    assert.equal(await bad('too_large'), 1);
    assert.equal(await bad('content_type'), 2);
    assert.equal(await bad('content_encoding'), 1);
    assert.equal(await bad('method'), 1);
    assert.equal(await bad('not_found'), 1);
    assert.equal(sink.offers(), 0);
    assert.equal((await post('/api/v2/spans', V2_SPAN)).status, 202);
    assert.equal(sink.spans().length, 1);
  });

  test('a refusal answers 503 with Retry-After', async () => {
    sink.refuse(1, 1000);
    const r = await post('/api/v2/spans', V2_SPAN);
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('retry-after'), '1');
  });
});
