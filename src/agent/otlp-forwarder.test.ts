/**
 * The forwarding writer against real Ariadne OTLP/gRPC receivers started in-process (their sink records what they
 * accept): delivery with agent tags, round-robin, failover, a collector coming up late, deadlines, permanent errors,
 * partial success, and large batches split without duplicates on retry.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { countSpans, findAttribute, stringValue, type TraceBatch } from '../model/index.js';
import { createSpanPipeline } from '../pipeline/index.js';
import { createOtlpGrpcReceiver, type Receiver } from '../receivers/index.js';
import { createRecordingSink, type RecordingSink } from '../receivers/recording-sink.js';
import { StorageError } from '../storage/api/index.js';
import { createSilentLogger } from '../telemetry/index.js';
import { encodeSpans, mergeEncodedSpans, type EncodedSpans } from './encoded-spans.js';
import { createOtlpForwarder, type OtlpForwarderOptions } from './otlp-forwarder.js';
import { freePort, makeBatch, metricValue, startSilentPeer, waitFor } from './testing/agent-fixtures.js';

const logger = createSilentLogger();
const started: Array<{ stop(): Promise<void> | void }> = [];

async function startCollector(port = 0, sink: RecordingSink = createRecordingSink()) {
  const receiver: Receiver = createOtlpGrpcReceiver({ host: '127.0.0.1', port, sink, logger, registry: new Registry() });
  await receiver.start();
  started.push(receiver);
  return { receiver, sink, target: `127.0.0.1:${receiver.address().port}` };
}

function forwarder(collectors: string[], extra: Partial<OtlpForwarderOptions> = {}) {
  const registry = new Registry();
  const writer = createOtlpForwarder({ collectors, sendTimeoutMs: 2_000, registry, logger, ...extra });
  started.push({ stop: () => writer.close() });
  return { writer, registry };
}

const encode = (batch: TraceBatch): EncodedSpans => encodeSpans(batch, countSpans(batch), []);

function spanIds(sink: RecordingSink): string[] {
  return sink.spans().map((s) => s.spanId);
}

/** A recording sink that refuses its second offer once (the collector's queue was full for that one request). */
function refusingSecondOffer(): RecordingSink {
  const base = createRecordingSink();
  let refused = false;
  return Object.assign(Object.create(base) as RecordingSink, {
    accept(batch: TraceBatch, spanCount: number, origin: { receiver: string; transport: string }) {
      if (!refused && base.offers() === 1) {
        refused = true;
        base.refuse(1, 50);
      }
      return base.accept(batch, spanCount, origin);
    },
  });
}

after(async () => {
  for (const s of started.reverse()) await s.stop();
});

describe('OTLP forwarding writer', () => {
  test('delivers a batch with the agent tags on the resource; the application keeps its own value of a tag', async () => {
    const c = await startCollector();
    const { writer, registry } = forwarder([c.target]);
    const batch = makeBatch('checkout', 25, 1, { zone: 'app-zone' });
    const tags = [
      { key: 'pod.name', value: stringValue('pod-1') },
      { key: 'zone', value: stringValue('agent-zone') },
    ];
    await writer.writeTraces(encodeSpans(batch, 25, tags));
    assert.equal(c.sink.spans().length, 25);
    const resource = c.sink.accepted[0]!.batch.resourceSpans[0]!.resource;
    assert.deepEqual(findAttribute(resource.attributes, 'pod.name'), stringValue('pod-1'));
    assert.deepEqual(findAttribute(resource.attributes, 'zone'), stringValue('app-zone'));
    assert.deepEqual(findAttribute(resource.attributes, 'service.name'), stringValue('checkout'));
    assert.equal(batch.resourceSpans[0]!.resource.attributes.length, 2, 'the pipeline batch itself is not modified');
    assert.deepEqual(spanIds(c.sink), batch.resourceSpans[0]!.scopeSpans[0]!.spans.map((s) => s.spanId));
    assert.equal(await metricValue(registry, 'ariadne_agent_spans_forwarded_total'), 25);
    assert.equal(await metricValue(registry, 'ariadne_agent_batches_sent_total', { collector: c.target }), 1);
  });

  test('spreads batches round-robin over healthy collectors, gzip-compressed when asked', async () => {
    const a = await startCollector();
    const b = await startCollector();
    const { writer } = forwarder([a.target, b.target], { gzip: true });
    for (let i = 0; i < 10; i++) await writer.writeTraces(encode(makeBatch('rr', 3, 100 + i)));
    assert.equal(a.sink.accepted.length, 5);
    assert.equal(b.sink.accepted.length, 5);
  });

  test('a dns:/// target (a headless Service in Kubernetes) is resolved and balanced by the channel', async () => {
    const c = await startCollector();
    const { writer } = forwarder([`dns:///localhost:${c.receiver.address().port}`]);
    for (let i = 0; i < 3; i++) await writer.writeTraces(encode(makeBatch('dns', 2, 150 + i)));
    assert.equal(c.sink.spans().length, 6);
  });

  test('fails over to the next collector when one is down, and retries the dead one only after a cool-down', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const live = await startCollector();
    const { writer, registry } = forwarder([dead, live.target]);
    for (let i = 0; i < 10; i++) await writer.writeTraces(encode(makeBatch('failover', 2, 200 + i)));
    assert.equal(live.sink.spans().length, 20);
    const failures = await metricValue(registry, 'ariadne_agent_batches_failed_total', { collector: dead, code: 'UNAVAILABLE' });
    assert.ok(failures >= 1 && failures < 10, `dead collector tried ${failures} times for 10 batches`);
  });

  test('a collector that is down makes the write retryable; the pipeline delivers once it comes up, exactly once', async () => {
    const port = await freePort();
    const registry = new Registry();
    const writer = createOtlpForwarder({ collectors: [`127.0.0.1:${port}`], sendTimeoutMs: 1_000, registry, logger });
    started.push({ stop: () => writer.close() });
    await assert.rejects(writer.writeTraces(encode(makeBatch('down', 1, 299))), (err: unknown) => {
      assert.ok(err instanceof StorageError && err.retryable, String(err));
      assert.match(err.message, /UNAVAILABLE/);
      return true;
    });
    const pipeline = createSpanPipeline({
      writer, merge: mergeEncodedSpans, queueSizeSpans: 1000, workers: 1, maxBatchSpans: 100, retryAfterMs: 100, registry, logger,
    });
    const batch = encode(makeBatch('late-collector', 40, 300));
    assert.equal(pipeline.accept(batch, 40, { receiver: 'jaeger', transport: 'udp' }).status, 'accepted');
    await new Promise((r) => setTimeout(r, 300));
    assert.ok((await metricValue(registry, 'ariadne_agent_batches_failed_total')) >= 2, 'retried while the collector was down');
    const late = await startCollector(port);
    await waitFor(() => late.sink.spans().length >= 40, 8_000, 'the spans to reach the late collector');
    assert.deepEqual((await pipeline.drain(5_000)).drained, true);
    assert.equal(new Set(spanIds(late.sink)).size, 40);
    assert.equal(late.sink.spans().length, 40);
  });

  test('a collector that never answers fails by the send deadline, and the next collector takes the batch', async () => {
    const silent = await startSilentPeer();
    started.push({ stop: () => silent.close() });
    const target = `127.0.0.1:${silent.port}`;
    const { writer, registry } = forwarder([target], { sendTimeoutMs: 300 });
    const t0 = Date.now();
    await assert.rejects(writer.writeTraces(encode(makeBatch('hung', 1, 400))), (err: unknown) =>
      err instanceof StorageError && err.retryable && /DEADLINE_EXCEEDED/.test(err.message));
    const took = Date.now() - t0;
    assert.ok(took >= 250 && took < 2_000, `failed after ${took} ms`);
    assert.equal(await metricValue(registry, 'ariadne_agent_batches_failed_total', { code: 'DEADLINE_EXCEEDED' }), 1);

    const live = await startCollector();
    const both = forwarder([target, live.target], { sendTimeoutMs: 300 });
    await both.writer.writeTraces(encode(makeBatch('hung', 3, 401)));
    assert.equal(live.sink.spans().length, 3);
  });

  test('a port that does not serve OTLP is a permanent error that names the fix; another collector still takes it', async (t) => {
    // A real gRPC server that serves no OTLP (what a wrong port in agent.collectors reaches).
    const other = new Server();
    const port = await new Promise<number>((resolve, reject) =>
      other.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    t.after(() => other.forceShutdown());
    const target = `127.0.0.1:${port}`;
    const { writer, registry } = forwarder([target]);
    await assert.rejects(writer.writeTraces(encode(makeBatch('wrong-port', 4, 500))), (err: unknown) => {
      assert.ok(err instanceof StorageError && !err.retryable);
      assert.match(err.message, /UNIMPLEMENTED.*OTLP gRPC port \(4317, or .*14250\)/);
      return true;
    });
    assert.equal(await metricValue(registry, 'ariadne_agent_spans_dropped_total', { reason: 'collector_error' }), 4);
    const live = await startCollector();
    await forwarder([target, live.target]).writer.writeTraces(encode(makeBatch('wrong-port', 4, 501)));
    assert.equal(live.sink.spans().length, 4);
  });

  test('spans a collector rejects in a partial success are counted as dropped, not retried', async () => {
    const c = await startCollector();
    const { writer, registry } = forwarder([c.target]);
    const batch = makeBatch('partial', 5, 600);
    batch.resourceSpans[0]!.scopeSpans[0]!.spans[2]!.traceId = '';
    await writer.writeTraces(encode(batch));
    assert.equal(c.sink.spans().length, 4);
    assert.equal(await metricValue(registry, 'ariadne_agent_spans_dropped_total', { reason: 'rejected_by_collector' }), 1);
    assert.equal(await metricValue(registry, 'ariadne_agent_spans_forwarded_total'), 4);
  });

  test('a batch above the message limit goes as several requests; a retry resumes after the acknowledged ones', async () => {
    const sink = refusingSecondOffer();
    const c = await startCollector(0, sink);
    const { writer, registry } = forwarder([c.target], { maxMessageBytes: 4_096 });
    const batch = encode(makeBatch('big', 200, 700));
    await assert.rejects(writer.writeTraces(batch), (err: unknown) => err instanceof StorageError && err.retryable);
    const afterFirst = sink.spans().length;
    assert.ok(afterFirst > 0 && afterFirst < 200, `first attempt delivered ${afterFirst} spans`);
    await writer.writeTraces(batch);
    const ids = sink.spans().map((s) => s.spanId);
    assert.equal(ids.length, 200);
    assert.equal(new Set(ids).size, 200);
    assert.ok(sink.accepted.length >= 4, `sent as ${sink.accepted.length} requests`);
    assert.equal(await metricValue(registry, 'ariadne_agent_spans_forwarded_total'), 200);
  });

  test('the requests of a batch are concatenated into as few Export requests as the message limit allows', async () => {
    const c = await startCollector();
    const { writer, registry } = forwarder([c.target], { maxMessageBytes: 8_192 });
    const batches = Array.from({ length: 12 }, (_, i) => encode(makeBatch(`svc-${i % 3}`, 4, 900 + i)));
    const bytes = batches.reduce((n, b) => n + b.requests[0]!.byteLength, 0);
    await writer.writeTraces(mergeEncodedSpans(batches));
    assert.equal(c.sink.spans().length, 48);
    assert.equal(new Set(spanIds(c.sink)).size, 48);
    assert.equal(c.sink.accepted.length, Math.ceil(bytes / 8_192), `sent as ${c.sink.accepted.length} requests for ${bytes} bytes`);
    const services = c.sink.accepted.flatMap((a) => a.batch.resourceSpans.map((rs) => findAttribute(rs.resource.attributes, 'service.name')));
    assert.deepEqual(services, batches.map((_, i) => stringValue(`svc-${i % 3}`)), 'each request keeps its own resource, in order');
    assert.equal(await metricValue(registry, 'ariadne_agent_spans_forwarded_total'), 48);
  });

  test('a single span larger than the message limit is dropped and counted; the rest of the batch is sent', async () => {
    const c = await startCollector();
    const { writer, registry } = forwarder([c.target], { maxMessageBytes: 2_048 });
    const batch = makeBatch('huge-span', 3, 800);
    batch.resourceSpans[0]!.scopeSpans[0]!.spans[1]!.name = 'y'.repeat(5_000);
    await writer.writeTraces(encode(batch));
    assert.equal(c.sink.spans().length, 2);
    assert.equal(await metricValue(registry, 'ariadne_agent_spans_dropped_total', { reason: 'too_large' }), 1);
  });
});
