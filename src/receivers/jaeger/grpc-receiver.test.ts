import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { Client, credentials, Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { Registry } from 'prom-client';
import { serviceNameOf } from '../../model/index.js';
import { createSilentLogger } from '../../telemetry/index.js';
import { encodePostSpansRequest } from '../../translate/jaeger-proto/testing/jaeger-api-v2-schema.js';
import { assertSinkHolds, exportSpans, makeSdkSpans } from '../otlp/sdk-span-fixture.js';
import { createRecordingSink } from '../recording-sink.js';
import { createJaegerGrpcReceiver, JAEGER_COLLECTOR_SERVICE } from './grpc-receiver.js';

const REQUEST = {
  batch: {
    process: { service_name: 'grpc-shop' },
    spans: [
      {
        trace_id: Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex'),
        span_id: Buffer.from('b7ad6b7169203331', 'hex'),
        operation_name: 'POST /pay',
        flags: 1,
        start_time: { seconds: 1_700_000_000, nanos: 0 },
        duration: { seconds: 0, nanos: 500 },
        tags: [{ key: 'span.kind', v_type: 0, v_str: 'server' }],
      },
    ],
  },
};

describe('Jaeger gRPC CollectorService/PostSpans receiver', () => {
  const sink = createRecordingSink();
  const registry = new Registry();
  const receiver = createJaegerGrpcReceiver({ host: '127.0.0.1', port: 0, sink, logger: createSilentLogger(), registry, maxRecvMsgSizeBytes: 64 * 1024 });
  let client: Client;
  before(async () => {
    await receiver.start();
    client = new Client(`127.0.0.1:${receiver.address().port}`, credentials.createInsecure());
  });
  after(async () => {
    client.close();
    await receiver.stop();
  });
  beforeEach(() => {
    sink.clear();
    sink.acceptAll();
  });

  function postSpans(body: Uint8Array): Promise<{ err: ServiceError | null; response?: Buffer }> {
    return new Promise((resolve) => {
      client.makeUnaryRequest(
        `/${JAEGER_COLLECTOR_SERVICE}/PostSpans`,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from(body),
        new Metadata(),
        {},
        (err, response) => resolve({ err, response }),
      );
    });
  }

  test('a PostSpansRequest is delivered and answered with an empty response', async () => {
    const { err, response } = await postSpans(encodePostSpansRequest(REQUEST));
    assert.equal(err, null);
    assert.equal(response!.length, 0);
    assert.equal(sink.spans().length, 1);
    assert.equal(sink.spans()[0]!.name, 'POST /pay');
    assert.equal(serviceNameOf(sink.accepted[0]!.batch.resourceSpans[0]!.resource), 'grpc-shop');
    assert.deepEqual(sink.accepted[0]!.origin, { receiver: 'jaeger', transport: 'grpc' });
  });

  test('OTLP exported to the Jaeger collector port is accepted too (agents and sidecars pointed at 14250)', async () => {
    const spans = makeSdkSpans();
    const exporter = new GrpcExporter({ url: `http://127.0.0.1:${receiver.address().port}` });
    const result = await exportSpans(exporter, spans);
    await exporter.shutdown();
    assert.equal(result.code, ExportResultCode.SUCCESS, String(result.error));
    assertSinkHolds(sink, spans);
    assert.deepEqual(sink.accepted[0]!.origin, { receiver: 'otlp', transport: 'grpc' });
  });

  test('bad messages get INVALID_ARGUMENT or RESOURCE_EXHAUSTED and are counted; a good one still works', async () => {
    const good = encodePostSpansRequest(REQUEST);
    assert.equal((await postSpans(Buffer.from([0xff, 0xff, 0xff]))).err?.code, status.INVALID_ARGUMENT);
    assert.equal((await postSpans(good.subarray(0, good.length - 4))).err?.code, status.INVALID_ARGUMENT);
    assert.equal((await postSpans(Buffer.alloc(70 * 1024, 7))).err?.code, status.RESOURCE_EXHAUSTED);
    const m = await registry.getSingleMetric('ariadne_receiver_bad_requests_total')!.get();
    assert.equal(m.values.find((v) => v.labels.receiver === 'jaeger' && v.labels.reason === 'decode')?.value, 2);
    assert.equal(sink.offers(), 0);
    assert.equal((await postSpans(good)).err, null);
    assert.equal(sink.spans().length, 1);
  });

  test('a refusal answers UNAVAILABLE', async () => {
    sink.refuse(1, 1000);
    assert.equal((await postSpans(encodePostSpansRequest(REQUEST))).err?.code, status.UNAVAILABLE);
  });
});
