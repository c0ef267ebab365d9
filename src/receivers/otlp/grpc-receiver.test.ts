import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Client, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import protobuf from 'protobufjs/minimal.js';
import { Registry } from 'prom-client';
import { createSilentLogger } from '../../telemetry/index.js';
import { createRecordingSink } from '../recording-sink.js';
import { createOtlpGrpcReceiver, OTLP_TRACE_SERVICE } from './grpc-receiver.js';
import { assertSinkHolds, captureExporterBody, exportSpans, makeSdkSpans } from './sdk-span-fixture.js';

const EXPORT_PATH = `/${OTLP_TRACE_SERVICE}/Export`;
const HEALTH_PATH = '/grpc.health.v1.Health/Check';

/** A grpc-js client sending raw bytes to a unary method, as a misbehaving client would. */
function callRaw(client: Client, path: string, body: Buffer): Promise<{ err: ServiceError | null; value?: Buffer }> {
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      path,
      (b: Buffer) => b,
      (b: Buffer) => b,
      body,
      (err, value) => resolve({ err, value }),
    );
  });
}

describe('OTLP/gRPC receiver', () => {
  const sink = createRecordingSink();
  const registry = new Registry();
  const receiver = createOtlpGrpcReceiver({
    host: '127.0.0.1',
    port: 0,
    sink,
    logger: createSilentLogger(),
    registry,
    maxRecvMsgSizeBytes: 256 * 1024,
  });
  let address = '';
  let client: Client;
  let gzipClient: Client;
  const spans = makeSdkSpans();
  let protoBody: Buffer = Buffer.alloc(0);

  before(async () => {
    await receiver.start();
    address = `127.0.0.1:${receiver.address().port}`;
    client = new Client(address, credentials.createInsecure());
    gzipClient = new Client(address, credentials.createInsecure(), { 'grpc.default_compression_algorithm': 2 });
    protoBody = await captureExporterBody('protobuf', spans);
  });
  after(async () => {
    client.close();
    gzipClient.close();
    await receiver.stop();
  });
  beforeEach(() => {
    sink.clear();
    sink.acceptAll();
  });

  const badRequests = async (): Promise<number> => {
    const metric = await registry.getSingleMetric('ariadne_receiver_bad_requests_total')!.get();
    return metric.values.find((v) => v.labels['transport'] === 'grpc' && v.labels['reason'] === 'decode')?.value ?? 0;
  };

  for (const compression of ['none', 'gzip'] as const) {
    test(`the OTel gRPC exporter (compression ${compression}) delivers every span intact`, async () => {
      const exporter = new GrpcExporter({ url: `http://${address}`, compression: compression as never });
      const result = await exportSpans(exporter, spans);
      await exporter.shutdown();
      assert.equal(result.code, ExportResultCode.SUCCESS, String(result.error));
      assertSinkHolds(sink, spans);
      assert.deepEqual(sink.accepted[0]?.origin, { receiver: 'otlp', transport: 'grpc' });
    });
  }

  test('refusal: UNAVAILABLE; the JS gRPC exporter reports failure without retrying', async () => {
    sink.refuse(Infinity, 1500);
    const exporter = new GrpcExporter({ url: `http://${address}` });
    const result = await exportSpans(exporter, spans);
    await exporter.shutdown();
    assert.equal(result.code, ExportResultCode.FAILED);
    assert.equal((result.error as ServiceError | undefined)?.code, status.UNAVAILABLE);
    assert.equal(sink.offers(), 1, 'exporter-trace-otlp-grpc 0.223.1 does not retry');
  });

  test('refusal carries google.rpc.RetryInfo in grpc-status-details-bin', async () => {
    sink.refuse(1, 1500);
    const { err } = await callRaw(client, EXPORT_PATH, protoBody);
    assert.equal(err?.code, status.UNAVAILABLE);
    assert.match(err.details, /queue is full/);
    const [details] = err.metadata.get('grpc-status-details-bin');
    assert.ok(Buffer.isBuffer(details));
    assert.deepEqual(decodeRetryInfo(details), { code: status.UNAVAILABLE, typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', seconds: 1, nanos: 500_000_000 });
  });

  test('garbage: INVALID_ARGUMENT with a message, counted; the next good call succeeds', async () => {
    const before = await badRequests();
    const { err } = await callRaw(client, EXPORT_PATH, Buffer.from('definitely not protobuf \xff', 'latin1'));
    assert.equal(err?.code, status.INVALID_ARGUMENT);
    assert.match(err.details, /cannot decode the OTLP\/protobuf ExportTraceServiceRequest: /);
    assert.equal(await badRequests(), before + 1);
    const truncated = await callRaw(client, EXPORT_PATH, protoBody.subarray(0, protoBody.length >> 1));
    assert.equal(truncated.err?.code, status.INVALID_ARGUMENT);
    const ok = await callRaw(client, EXPORT_PATH, protoBody);
    assert.equal(ok.err, null);
    assert.equal(ok.value?.length, 0, 'full success leaves partial_success unset');
    assert.equal(sink.spans().length, spans.length);
  });

  test('invalid span id: OK with partial_success.rejected_spans = 1', async () => {
    const leaf = spans.find((s) => s.parentSpanContext !== undefined)!;
    const patched = Buffer.from(protoBody);
    const at = patched.indexOf(Buffer.from(leaf.spanContext().spanId, 'hex'));
    patched.fill(0, at, at + 8);
    const { err, value } = await callRaw(client, EXPORT_PATH, patched);
    assert.equal(err, null);
    const outer = protobuf.Reader.create(value!);
    assert.equal(outer.uint32(), 10);
    const inner = protobuf.Reader.create(outer.bytes());
    assert.equal(inner.uint32(), 8);
    assert.equal(Number(inner.int64()), 1);
    assert.equal(sink.spans().length, spans.length - 1);
  });

  test('over the size limit: RESOURCE_EXHAUSTED from grpc-js, also for a small gzip message that inflates past it', async () => {
    const big = await callRaw(client, EXPORT_PATH, Buffer.alloc(300 * 1024, 0x0a));
    assert.equal(big.err?.code, status.RESOURCE_EXHAUSTED);
    const bomb = await callRaw(gzipClient, EXPORT_PATH, Buffer.alloc(8 * 1024 * 1024));
    assert.equal(bomb.err?.code, status.RESOURCE_EXHAUSTED);
    assert.equal(sink.offers(), 0);
    const ok = await callRaw(gzipClient, EXPORT_PATH, protoBody);
    assert.equal(ok.err, null, 'gzip-compressed messages within the limit are accepted');
  });

  test('health check: SERVING for the server and the trace service, NOT_FOUND for others', async () => {
    const whole = await callRaw(client, HEALTH_PATH, Buffer.alloc(0));
    assert.deepEqual(whole.value, Buffer.from([0x08, 0x01]));
    const named = protobuf.Writer.create().uint32(10).string(OTLP_TRACE_SERVICE).finish();
    const trace = await callRaw(client, HEALTH_PATH, Buffer.from(named));
    assert.deepEqual(trace.value, Buffer.from([0x08, 0x01]));
    const other = protobuf.Writer.create().uint32(10).string('nope.Service').finish();
    assert.equal((await callRaw(client, HEALTH_PATH, Buffer.from(other))).err?.code, status.NOT_FOUND);
  });
});

describe('OTLP/gRPC receiver lifecycle', () => {
  const options = () => ({ host: '127.0.0.1', sink: createRecordingSink(), logger: createSilentLogger(), registry: new Registry() });

  test('start rejects with a message naming the port when it is in use', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const receiver = createOtlpGrpcReceiver({ ...options(), port });
    await assert.rejects(receiver.start(), (err: Error) => err.message.includes(`port ${port}`) && /in use/.test(err.message));
    await receiver.stop();
    await new Promise((r) => blocker.close(r));
  });

  test('stop is idempotent and the port stops answering', async () => {
    const receiver = createOtlpGrpcReceiver({ ...options(), port: 0 });
    await receiver.start();
    const port = receiver.address().port;
    assert.notEqual(port, 0);
    await Promise.all([receiver.stop(), receiver.stop()]);
    await receiver.stop();
    const client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
    const deadline = new Date(Date.now() + 500);
    const res = await new Promise<ServiceError | null>((resolve) =>
      client.makeUnaryRequest(HEALTH_PATH, (b: Buffer) => b, (b: Buffer) => b, Buffer.alloc(0), { deadline }, (err) => resolve(err)),
    );
    client.close();
    assert.ok(res !== null && (res.code === status.UNAVAILABLE || res.code === status.DEADLINE_EXCEEDED));
  });
});

/** google.rpc.Status{ code, details[0] = Any{ type_url, value = RetryInfo{ retry_delay = Duration } } }. */
function decodeRetryInfo(buf: Buffer): { code: number; typeUrl: string; seconds: number; nanos: number } {
  const out = { code: 0, typeUrl: '', seconds: 0, nanos: 0 };
  const fields = (b: Uint8Array, visit: (tag: number, r: protobuf.Reader) => void): void => {
    const r = protobuf.Reader.create(b);
    while (r.pos < r.len) visit(r.uint32(), r);
  };
  fields(buf, (tag, r) => {
    if (tag === 8) out.code = r.int32();
    else if (tag === 26)
      fields(r.bytes(), (t, any) => {
        if (t === 10) out.typeUrl = any.string();
        else if (t === 18)
          fields(any.bytes(), (t2, info) => {
            if (t2 !== 10) return info.skipType(t2 & 7);
            fields(info.bytes(), (t3, d) => {
              if (t3 === 8) out.seconds = Number(d.int64());
              else if (t3 === 16) out.nanos = d.int32();
              else d.skipType(t3 & 7);
            });
          });
        else any.skipType(t & 7);
      });
    else r.skipType(tag & 7);
  });
  return out;
}
