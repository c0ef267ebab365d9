import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, before, beforeEach, describe, test } from 'node:test';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { findAttribute, serviceNameOf, type TraceBatch } from '../../model/index.js';
import { createSilentLogger } from '../../telemetry/index.js';
import { jaegerClient, type OtTracer } from '../../translate/jaeger-thrift/testing/jaeger-client-capture.js';
import { encodeEmitBatch, TagType } from '../../translate/jaeger-thrift/testing/jaeger-thrift-writer.js';
import { createRecordingSink } from '../recording-sink.js';
import { createJaegerThriftHttpReceiver } from './thrift-http-receiver.js';
import { createJaegerUdpReceiver } from './udp-receiver.js';

const quietLogger = { info() {}, error() {} };

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function sendUdp(port: number, payload: Buffer): Promise<void> {
  const s = createSocket('udp4');
  return new Promise<void>((resolve, reject) =>
    s.send(payload, port, '127.0.0.1', (err) => {
      s.close();
      if (err) reject(err);
      else resolve();
    }),
  );
}

function runSpans(tracer: OtTracer): void {
  const parent = tracer.startSpan('checkout');
  parent.setTag('http.status_code', 200);
  const child = tracer.startSpan('charge-card', { childOf: parent });
  child.setTag('payment.provider', 'acme');
  child.finish();
  parent.finish();
}

function serviceOf(batch: TraceBatch): string {
  return serviceNameOf(batch.resourceSpans[0]!.resource);
}

async function badCount(registry: Registry, reason: string): Promise<number> {
  const m = await registry.getSingleMetric('ariadne_receiver_bad_requests_total')!.get();
  return m.values.filter((v) => v.labels.receiver === 'jaeger' && v.labels.reason === reason).reduce((a, v) => a + v.value, 0);
}

describe('Jaeger agent UDP receivers', () => {
  const sink = createRecordingSink();
  const registry = new Registry();
  const logger = createSilentLogger();
  const binary = createJaegerUdpReceiver({ protocol: 'binary', host: '127.0.0.1', port: 0, sink, logger, registry, socketBufferBytes: 64 * 1024 });
  const compact = createJaegerUdpReceiver({ protocol: 'compact', host: '127.0.0.1', port: 0, sink, logger, registry, queueSize: 4 });
  before(async () => {
    await binary.start();
    await compact.start();
  });
  after(async () => {
    await binary.stop();
    await compact.stop();
  });
  beforeEach(() => {
    sink.clear();
    sink.acceptAll();
  });

  test('jaeger-client over UDP (binary protocol) delivers its spans', async () => {
    const tracer = jaegerClient.initTracer(
      {
        serviceName: 'udp-shop',
        sampler: { type: 'const', param: 1 },
        reporter: { agentHost: '127.0.0.1', agentPort: binary.address().port, flushIntervalMs: 60_000 },
      },
      { logger: quietLogger, tags: { region: 'eu-1' } },
    );
    runSpans(tracer);
    await new Promise<void>((resolve) => tracer.close(resolve));
    await waitFor(() => sink.spans().length === 2);
    const names = sink.spans().map((s) => s.name).sort();
    assert.deepEqual(names, ['charge-card', 'checkout']);
    assert.equal(serviceOf(sink.accepted[0]!.batch), 'udp-shop');
    assert.deepEqual(sink.accepted[0]!.origin, { receiver: 'jaeger', transport: 'udp' });
    const child = sink.spans().find((s) => s.name === 'charge-card')!;
    assert.deepEqual(findAttribute(child.attributes, 'payment.provider'), { type: 'string', value: 'acme' });
  });

  test('a compact-protocol emitBatch built with the thrift library is decoded', async () => {
    const datagram = encodeEmitBatch(
      {
        process: { serviceName: 'compact-svc' },
        spans: [
          {
            traceIdLow: 0x1234n, traceIdHigh: 0n, spanId: 0x99n, parentSpanId: 0n, operationName: 'GET /cart', flags: 1,
            startTime: 1_700_000_000_000_000n, duration: 1500n, tags: [{ key: 'k', vType: TagType.STRING, vStr: 'v' }],
          },
        ],
      },
      'compact',
      { method: 'emitBatch', type: 4 },
    );
    await sendUdp(compact.address().port, datagram);
    await waitFor(() => sink.spans().length === 1);
    assert.equal(sink.spans()[0]!.name, 'GET /cart');
    assert.equal(serviceOf(sink.accepted[0]!.batch), 'compact-svc');
  });

  test('bad datagrams are dropped and counted, then a good one still works', async () => {
    const before = await badCount(registry, 'decode');
    const good = encodeEmitBatch(
      { process: { serviceName: 's' }, spans: [{ traceIdLow: 7n, traceIdHigh: 0n, spanId: 8n, parentSpanId: 0n, operationName: 'op', flags: 1, startTime: 1n, duration: 1n }] },
      'binary',
      { method: 'emitBatch', type: 4 },
    );
    const bad = [Buffer.alloc(0), Buffer.from('not thrift at all, just words'), good.subarray(0, good.length - 5), Buffer.alloc(300, 0xff)];
    for (const b of bad) await sendUdp(binary.address().port, b);
    await sendUdp(binary.address().port, good);
    await waitFor(() => sink.spans().length === 1);
    // The empty datagram may or may not be delivered by the kernel; the other three must be counted.
    await sleep(50);
    assert.ok((await badCount(registry, 'decode')) - before >= 3);
  });

  test('an oversized datagram is rejected', async () => {
    const before = await badCount(registry, 'too_large');
    await sendUdp(binary.address().port, Buffer.alloc(65_001, 1));
    await sleep(100);
    assert.equal((await badCount(registry, 'too_large')) - before, 1);
  });

  test('refused spans are counted as dropped; a full queue drops packets', async () => {
    sink.refuse(1, 1000);
    const datagram = encodeEmitBatch(
      { process: { serviceName: 's' }, spans: [{ traceIdLow: 7n, traceIdHigh: 0n, spanId: 8n, parentSpanId: 0n, operationName: 'op', flags: 1, startTime: 1n, duration: 1n }] },
      'compact',
      { method: 'emitBatch', type: 4 },
    );
    await sendUdp(compact.address().port, datagram);
    await waitFor(() => sink.offers() === 1);
    const dropped = await registry.getSingleMetric('ariadne_receiver_udp_spans_dropped_total')!.get();
    assert.equal(dropped.values.find((v) => v.labels.reason === 'queue_full')?.value, 1);
    // Queue of 4: a burst sent in one event-loop turn cannot all fit.
    const s = createSocket('udp4');
    await new Promise<void>((resolve) => s.bind(0, '127.0.0.1', resolve));
    for (let i = 0; i < 200; i++) s.send(datagram, compact.address().port, '127.0.0.1');
    await sleep(300);
    s.close();
    const packets = await registry.getSingleMetric('ariadne_receiver_udp_packets_dropped_total')!.get();
    const droppedPackets = packets.values.reduce((a, v) => a + v.value, 0);
    assert.ok(droppedPackets > 0, 'some packets dropped');
    assert.ok(sink.spans().length + droppedPackets <= 200);
  });
});

describe('Jaeger collector Thrift HTTP receiver', () => {
  const sink = createRecordingSink();
  const registry = new Registry();
  const receiver = createJaegerThriftHttpReceiver({ host: '127.0.0.1', port: 0, sink, logger: createSilentLogger(), registry, maxRequestBodyBytes: 64 * 1024 });
  let url = '';
  before(async () => {
    await receiver.start();
    url = `http://127.0.0.1:${receiver.address().port}/api/traces`;
  });
  after(() => receiver.stop());
  beforeEach(() => {
    sink.clear();
    sink.acceptAll();
  });

  test('jaeger-client over HTTP delivers its spans (202)', async () => {
    const tracer = jaegerClient.initTracer(
      { serviceName: 'http-shop', sampler: { type: 'const', param: 1 }, reporter: { collectorEndpoint: url, flushIntervalMs: 60_000 } },
      { logger: quietLogger },
    );
    runSpans(tracer);
    await new Promise<void>((resolve) => tracer.close(resolve));
    await waitFor(() => sink.spans().length === 2);
    assert.equal(serviceOf(sink.accepted[0]!.batch), 'http-shop');
    const parent = sink.spans().find((s) => s.name === 'checkout')!;
    assert.deepEqual(findAttribute(parent.attributes, 'http.status_code'), { type: 'double', value: 200 });
  });

  test('bad requests get 400/405/413/415 and are counted; a good batch still works', async () => {
    const { encodeThriftBatch } = await import('../../translate/jaeger-thrift/testing/jaeger-thrift-writer.js');
    const good = encodeThriftBatch(
      { process: { serviceName: 'x' }, spans: [{ traceIdLow: 5n, traceIdHigh: 0n, spanId: 6n, parentSpanId: 0n, operationName: 'op', flags: 1, startTime: 1n, duration: 1n }] },
      'binary',
    );
    const post = (body: Buffer, type = 'application/x-thrift', method = 'POST') =>
      fetch(url, { method, body: method === 'GET' ? undefined : body, headers: { 'content-type': type } });
    const cases: Array<[Promise<Response>, number]> = [
      [post(Buffer.alloc(0)), 400],
      [post(Buffer.from('random garbage bytes here')), 400],
      [post(good.subarray(0, good.length - 3)), 400],
      [post(Buffer.alloc(70 * 1024, 1)), 413],
      [post(good, 'application/json'), 415],
      [post(good, 'application/x-thrift', 'GET'), 405],
    ];
    for (const [p, status] of cases) {
      const r = await p;
      assert.equal(r.status, status);
      if (status !== 405) assert.ok((await r.text()).length > 0);
    }
    assert.ok((await badCount(registry, 'decode')) >= 3);
    assert.equal(await badCount(registry, 'too_large'), 1);
    assert.equal(await badCount(registry, 'content_type'), 1);
    assert.equal(await badCount(registry, 'method'), 1);
    const ok = await post(good, 'application/vnd.apache.thrift.binary');
    assert.equal(ok.status, 202);
    assert.equal(sink.spans().length, 1);
  });

  test('a refusal answers 503 with Retry-After', async () => {
    const { encodeThriftBatch } = await import('../../translate/jaeger-thrift/testing/jaeger-thrift-writer.js');
    const good = encodeThriftBatch(
      { process: { serviceName: 'x' }, spans: [{ traceIdLow: 5n, traceIdHigh: 0n, spanId: 6n, parentSpanId: 0n, operationName: 'op', flags: 1, startTime: 1n, duration: 1n }] },
      'binary',
    );
    sink.refuse(1, 2500);
    const r = await fetch(url, { method: 'POST', body: good, headers: { 'content-type': 'application/x-thrift' } });
    assert.equal(r.status, 503);
    assert.equal(r.headers.get('retry-after'), '3');
  });
});

describe('Jaeger UDP receive buffer', () => {
  test('a warning names the granted size when the kernel grants less than configured', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    // 1 GiB is far above any usual net.core.rmem_max, so the kernel caps it.
    const r = createJaegerUdpReceiver({
      protocol: 'compact', host: '127.0.0.1', port: 0, sink: createRecordingSink(), logger, registry: new Registry(), socketBufferBytes: 2 ** 30,
    });
    await r.start();
    await r.stop();
    const warning = lines.map((l) => JSON.parse(l) as { msg: string; grantedBytes: number; requestedBytes: number }).find((l) => l.msg.includes('receive buffer'));
    assert.ok(warning, 'warning logged');
    assert.equal(warning.requestedBytes, 2 ** 30);
    assert.ok(warning.grantedBytes > 0 && warning.grantedBytes < 2 ** 30);
  });
});
