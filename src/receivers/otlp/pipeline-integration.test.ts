import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as GrpcExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as HttpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { Registry } from 'prom-client';
import { forEachSpan, type Trace } from '../../model/index.js';
import { createSpanPipeline } from '../../pipeline/index.js';
import { createMemoryStore } from '../../storage/index.js';
import { createSilentLogger } from '../../telemetry/index.js';
import { createOtlpGrpcReceiver } from './grpc-receiver.js';
import { createOtlpHttpReceiver } from './http-receiver.js';
import { sendRaw, validJsonRequest } from './http-test-client.js';
import { exportSpans, makeSdkSpans } from './sdk-span-fixture.js';

describe('OTLP receivers feeding the real span pipeline and memory storage', () => {
  const registry = new Registry();
  const logger = createSilentLogger();
  const storage = createMemoryStore({ maxTraces: 100, registry });
  const pipeline = createSpanPipeline({
    writer: storage.writer,
    queueSizeSpans: 1000,
    workers: 1,
    maxBatchSpans: 100,
    retryAfterMs: 1000,
    registry,
    logger,
  });
  const http = createOtlpHttpReceiver({ host: '127.0.0.1', port: 0, sink: pipeline, logger, registry });
  const grpc = createOtlpGrpcReceiver({ host: '127.0.0.1', port: 0, sink: pipeline, logger, registry });

  before(async () => {
    await http.start();
    await grpc.start();
  });
  after(async () => {
    await Promise.all([http.stop(), grpc.stop()]);
    await storage.close();
  });

  test('spans exported over HTTP and gRPC are stored; after drain both transports refuse as retryable', async () => {
    const viaHttp = makeSdkSpans();
    const viaGrpc = makeSdkSpans();
    const httpExporter = new HttpProtoExporter({ url: `http://127.0.0.1:${http.address().port}/v1/traces` });
    const grpcExporter = new GrpcExporter({ url: `http://127.0.0.1:${grpc.address().port}` });
    assert.equal((await exportSpans(httpExporter, viaHttp)).code, ExportResultCode.SUCCESS);
    assert.equal((await exportSpans(grpcExporter, viaGrpc)).code, ExportResultCode.SUCCESS);

    assert.deepEqual(await pipeline.drain(2000), { drained: true, remainingSpans: 0 });
    for (const spans of [viaHttp, viaGrpc]) {
      const traceId = spans[0]!.spanContext().traceId;
      const stored: Trace[] = [];
      for await (const t of storage.reader.getTraces([{ traceId }])) stored.push(t);
      assert.equal(stored.length, 1);
      const names: string[] = [];
      forEachSpan(stored[0]!, (s) => names.push(s.name));
      assert.deepEqual(names.sort(), spans.map((s) => s.name).sort());
    }

    // Draining: the pipeline refuses with `shutting_down`, which must reach clients as retryable.
    const res = await sendRaw(http.address().port, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(validJsonRequest()) });
    assert.equal(res.status, 503);
    assert.equal(res.headers['retry-after'], '1');
    assert.match(res.body.toString(), /shutting down/);
    const refused = await exportSpans(grpcExporter, makeSdkSpans());
    assert.equal(refused.code, ExportResultCode.FAILED);
    assert.match(String(refused.error), /UNAVAILABLE|shutting down/);
    await Promise.all([httpExporter.shutdown(), grpcExporter.shutdown()]);
  });
});
