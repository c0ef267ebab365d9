import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { Agent } from 'node:http';
import { after, before, beforeEach, describe, test } from 'node:test';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as HttpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { Registry } from 'prom-client';
import { createSilentLogger } from '../../telemetry/index.js';
import { createRecordingSink } from '../recording-sink.js';
import { createOtlpHttpReceiver } from './http-receiver.js';
import { sendRaw, validJsonRequest } from './http-test-client.js';
import { assertSinkHolds, exportSpans, makeSdkSpans } from './sdk-span-fixture.js';

describe('OTLP/HTTP receiver with the OpenTelemetry JS exporters', () => {
  const sink = createRecordingSink();
  const receiver = createOtlpHttpReceiver({
    host: '127.0.0.1',
    port: 0,
    sink,
    logger: createSilentLogger(),
    registry: new Registry(),
    cors: { allowedOrigins: ['https://app.example.com', 'https://*.shop.test'], allowedHeaders: ['X-Tenant'], maxAgeSeconds: 600 },
  });
  let url = '';
  before(async () => {
    await receiver.start();
    url = `http://127.0.0.1:${receiver.address().port}/v1/traces`;
  });
  after(() => receiver.stop());
  beforeEach(() => {
    sink.clear();
    sink.acceptAll();
  });

  for (const compression of ['none', 'gzip'] as const) {
    test(`http/protobuf exporter (compression ${compression}) delivers every span intact`, async () => {
      const spans = makeSdkSpans();
      const exporter = new HttpProtoExporter({ url, compression: compression as never });
      const result = await exportSpans(exporter, spans);
      await exporter.shutdown();
      assert.equal(result.code, ExportResultCode.SUCCESS, String(result.error));
      assertSinkHolds(sink, spans);
      assert.deepEqual(sink.accepted[0]?.origin, { receiver: 'otlp', transport: 'http' });
    });

    test(`http/json exporter (compression ${compression}) delivers every span intact`, async () => {
      const spans = makeSdkSpans();
      const exporter = new HttpJsonExporter({ url, compression: compression as never });
      const result = await exportSpans(exporter, spans);
      await exporter.shutdown();
      assert.equal(result.code, ExportResultCode.SUCCESS, String(result.error));
      assertSinkHolds(sink, spans);
    });
  }

  test('a refusal makes the exporter wait Retry-After and retry, then succeed', async () => {
    sink.refuse(1, 1000);
    const exporter = new HttpProtoExporter({ url });
    const started = Date.now();
    const result = await exportSpans(exporter, makeSdkSpans());
    const elapsed = Date.now() - started;
    await exporter.shutdown();
    assert.equal(result.code, ExportResultCode.SUCCESS);
    assert.equal(sink.offers(), 2, 'one refused attempt, one accepted retry');
    assert.ok(elapsed >= 950, `waited the 1 s Retry-After before retrying (took ${elapsed} ms)`);
    assert.equal(sink.spans().length, 2);
  });

  test('persistent refusal: the exporter retries until its timeout would pass, then reports failure', async () => {
    sink.refuse(Infinity, 1000);
    const exporter = new HttpJsonExporter({ url, timeoutMillis: 2500 });
    const result = await exportSpans(exporter, makeSdkSpans());
    await exporter.shutdown();
    assert.equal(result.code, ExportResultCode.FAILED);
    // Attempts at 0 s, 1 s and 2 s; the next one (3 s) would pass the 2.5 s deadline. (2 on a badly stalled machine.)
    assert.ok(sink.offers() >= 2 && sink.offers() <= 3, `attempts: ${sink.offers()}`);
    assert.equal(sink.spans().length, 0);
  });

  test('a refusal is 503 with Retry-After in whole seconds (rounded up) and a Status body', async () => {
    sink.refuse(1, 1500);
    const res = await sendRaw(receiver.address().port, {
      headers: { 'Content-Type': 'application/json; charset=utf-8' },
      body: JSON.stringify(validJsonRequest()),
    });
    assert.equal(res.status, 503);
    assert.equal(res.headers['retry-after'], '2');
    assert.equal(res.headers['content-type'], 'application/json');
    const status = JSON.parse(res.body.toString()) as { code: number; message: string };
    assert.equal(status.code, 14);
    assert.match(status.message, /queue is full/);
  });

  test('CORS preflight from an allowed origin (exact and wildcard) is answered 204 with the CORS headers', async () => {
    const port = receiver.address().port;
    for (const origin of ['https://app.example.com', 'https://eu.shop.test']) {
      const res = await sendRaw(port, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,x-tenant' },
      });
      assert.equal(res.status, 204);
      assert.equal(res.headers['access-control-allow-origin'], origin);
      assert.equal(res.headers['access-control-allow-methods'], 'POST');
      assert.match(String(res.headers['access-control-allow-headers']), /Content-Type/);
      assert.match(String(res.headers['access-control-allow-headers']), /X-Tenant/);
      assert.equal(res.headers['access-control-max-age'], '600');
    }
    const denied = await sendRaw(port, { method: 'OPTIONS', headers: { Origin: 'https://evil.test' } });
    assert.equal(denied.status, 204);
    assert.equal(denied.headers['access-control-allow-origin'], undefined);
  });

  test('POST from an allowed origin carries Access-Control-Allow-Origin, also on errors', async () => {
    const port = receiver.address().port;
    const ok = await sendRaw(port, {
      headers: { Origin: 'https://app.example.com', 'Content-Type': 'application/json' },
      body: JSON.stringify(validJsonRequest()),
    });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers['access-control-allow-origin'], 'https://app.example.com');
    assert.deepEqual(JSON.parse(ok.body.toString()), {});
    const bad = await sendRaw(port, { headers: { Origin: 'https://app.example.com', 'Content-Type': 'application/json' }, body: '{' });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers['access-control-allow-origin'], 'https://app.example.com');
  });

  test('keep-alive: several requests share one connection', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const port = receiver.address().port;
    const sockets = new Set<unknown>();
    agent.on('free', (socket) => sockets.add(socket));
    for (let i = 0; i < 3; i++) {
      const res = await sendRaw(port, { agent, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(validJsonRequest()) });
      assert.equal(res.status, 200);
      assert.equal(res.headers.connection, 'keep-alive');
    }
    assert.equal(sockets.size, 1);
    agent.destroy();
  });
});

describe('OTLP/HTTP receiver lifecycle', () => {
  const options = () => ({ host: '127.0.0.1', sink: createRecordingSink(), logger: createSilentLogger(), registry: new Registry() });

  test('start rejects with a message naming the port when it is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const receiver = createOtlpHttpReceiver({ ...options(), port });
    await assert.rejects(receiver.start(), (err: Error) => err.message.includes(`port ${port}`) && /in use/.test(err.message));
    await receiver.stop();
    await new Promise((r) => blocker.close(r));
  });

  test('stop is idempotent, waits for an in-flight request, then refuses connections', async () => {
    const o = options();
    const receiver = createOtlpHttpReceiver({ ...o, port: 0 });
    await receiver.start();
    const port = receiver.address().port;
    assert.notEqual(port, 0);
    const body = Buffer.from(JSON.stringify(validJsonRequest()));
    let stopped = false;
    let stopping: Promise<void> | undefined;
    const inflight = sendRaw(port, {
      headers: { 'Content-Type': 'application/json', 'Content-Length': body.length },
      body: (req) => {
        req.write(body.subarray(0, 10));
        // The request is in flight (headers and part of the body sent): stop now, finish the body afterwards.
        setTimeout(() => {
          stopping = receiver.stop().then(() => {
            stopped = true;
          });
          setTimeout(() => {
            assert.equal(stopped, false, 'stop waits for the in-flight request');
            req.end(body.subarray(10));
          }, 100);
        }, 50);
      },
    });
    const res = await inflight;
    assert.equal(res.status, 200);
    assert.equal(res.headers.connection, 'close');
    await stopping;
    assert.equal(o.sink.spans().length, 1);
    await receiver.stop();
    await assert.rejects(sendRaw(port, { headers: { 'Content-Type': 'application/json' }, body: '{}' }), /ECONNREFUSED/);
  });

  test('stop before start resolves', async () => {
    const receiver = createOtlpHttpReceiver({ ...options(), port: 0 });
    await receiver.stop();
  });
});
