import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Registry } from 'prom-client';
import { attr, type TraceBatch } from '../model/index.js';
import { StorageError, type PreparedWriter, type TraceWriter } from '../storage/api/index.js';
import { createSilentLogger } from '../telemetry/index.js';
import { createPreparingPipeline, createSpanPipeline } from './span-pipeline.js';

const origin = { receiver: 'otlp', transport: 'http' };

function batchOf(n: number, tag: string): TraceBatch {
  const spans = [];
  for (let i = 0; i < n; i++) {
    spans.push({
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentSpanId: '',
      traceState: '',
      flags: 1,
      name: `${tag}-${i}`,
      kind: 2 as const,
      startTimeUnixNano: 1n,
      endTimeUnixNano: 2n,
      attributes: [],
      droppedAttributesCount: 0,
      events: [],
      droppedEventsCount: 0,
      links: [],
      droppedLinksCount: 0,
      status: { code: 0 as const, message: '' },
    });
  }
  return {
    resourceSpans: [
      {
        resource: { attributes: [attr('service.name', 'svc')], droppedAttributesCount: 0 },
        scopeSpans: [{ scope: { name: '', version: '', attributes: [], droppedAttributesCount: 0 }, spans, schemaUrl: '' }],
        schemaUrl: '',
      },
    ],
  };
}

/** A writer whose writes complete only when the test releases them, recording what was written. */
function createGatedWriter(): TraceWriter & { names: string[]; open(): void; failNext(e: Error): void } {
  let gate: Promise<void> = new Promise(() => {});
  let openGate: () => void = () => {};
  gate = new Promise((r) => (openGate = r));
  const names: string[] = [];
  const failures: Error[] = [];
  return {
    names,
    open: () => openGate(),
    failNext: (e) => failures.push(e),
    async writeTraces(batch) {
      await gate;
      const f = failures.shift();
      if (f) throw f;
      for (const rs of batch.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) names.push(s.name);
    },
  };
}

function pipelineWith(writer: TraceWriter, queueSizeSpans: number) {
  return createSpanPipeline({
    writer,
    queueSizeSpans,
    workers: 2,
    maxBatchSpans: 100,
    retryAfterMs: 1000,
    registry: new Registry(),
    logger: createSilentLogger(),
  });
}

/** One worker writing 5 spans at a time through a gated writer, with its own metrics registry. */
function singleWorkerPipeline() {
  const writer = createGatedWriter();
  const registry = new Registry();
  const p = createSpanPipeline({
    writer,
    queueSizeSpans: 100,
    workers: 1,
    maxBatchSpans: 5,
    retryAfterMs: 1000,
    registry,
    logger: createSilentLogger(),
  });
  return { writer, registry, p };
}

describe('span pipeline', () => {
  test('refuses with a retryable outcome when the queue is full, and accepts again once storage catches up', async () => {
    const writer = createGatedWriter();
    const p = pipelineWith(writer, 10);
    assert.equal(p.accept(batchOf(6, 'a'), 6, origin).status, 'accepted');
    assert.equal(p.accept(batchOf(4, 'b'), 4, origin).status, 'accepted');
    const refused = p.accept(batchOf(1, 'c'), 1, origin);
    assert.equal(refused.status, 'refused');
    assert.ok(refused.status === 'refused' && refused.reason === 'queue_full' && refused.retryAfterMs === 1000);
    writer.open();
    const result = await p.drain(5000);
    assert.deepEqual(result, { drained: true, remainingSpans: 0 });
    assert.equal(writer.names.length, 10);
  });

  test('drain stores everything accepted and refuses new batches while draining', async () => {
    const writer = createGatedWriter();
    const p = pipelineWith(writer, 1000);
    for (let i = 0; i < 20; i++) assert.equal(p.accept(batchOf(10, `b${i}`), 10, origin).status, 'accepted');
    const drained = p.drain(5000);
    const late = p.accept(batchOf(1, 'late'), 1, origin);
    assert.ok(late.status === 'refused' && late.reason === 'shutting_down');
    writer.open();
    assert.deepEqual(await drained, { drained: true, remainingSpans: 0 });
    assert.equal(writer.names.length, 200);
    assert.equal(new Set(writer.names).size, 200);
  });

  test('retries retryable storage errors and drops on permanent ones, counting both', async () => {
    const { writer, registry, p } = singleWorkerPipeline();
    writer.failNext(new StorageError('unavailable', 'disk busy', { retryable: true }));
    p.accept(batchOf(5, 'x'), 5, origin);
    writer.open();
    await p.drain(5000);
    assert.equal(writer.names.length, 5);
    const text = await registry.metrics();
    assert.match(text, /ariadne_storage_write_errors_total\{retryable="true"\} 1/);
    assert.match(text, /ariadne_pipeline_saved_spans_total 5/);
    assert.match(text, /ariadne_receiver_accepted_spans_total\{receiver="otlp",transport="http"\} 5/);
  });

  test('a permanent storage error drops the batch and counts it', async () => {
    const { writer, registry, p } = singleWorkerPipeline();
    writer.failNext(new StorageError('corrupt', 'bad', { retryable: false }));
    p.accept(batchOf(3, 'x'), 3, origin);
    writer.open();
    await p.drain(5000);
    assert.match(await registry.metrics(), /ariadne_pipeline_dropped_spans_total\{reason="storage_error"\} 3/);
  });

  test('drain gives up at the deadline and reports what remained', async () => {
    const writer = createGatedWriter();
    const p = pipelineWith(writer, 100);
    p.accept(batchOf(7, 'x'), 7, origin);
    const r = await p.drain(50);
    assert.equal(r.drained, false);
    assert.equal(r.remainingSpans, 7);
  });

  test('batchTimeoutMs: a short batch waits for more spans, a full one goes at once, and draining never waits', async () => {
    const writes: number[] = [];
    const writer = {
      async writeTraces(batch: TraceBatch) {
        writes.push(batch.resourceSpans.reduce((n, rs) => n + rs.scopeSpans.reduce((m, ss) => m + ss.spans.length, 0), 0));
      },
    };
    const p = createSpanPipeline({
      writer, queueSizeSpans: 1000, workers: 2, maxBatchSpans: 10, batchTimeoutMs: 150, retryAfterMs: 1, registry: new Registry(), logger: createSilentLogger(),
    });
    const t0 = performance.now();
    for (let i = 0; i < 3; i++) p.accept(batchOf(2, `a${i}`), 2, origin);
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(writes, [], 'six spans of a 10-span batch wait');
    for (let i = 0; i < 2; i++) p.accept(batchOf(2, `b${i}`), 2, origin);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(writes, [10], 'the batch went as soon as it was full');
    p.accept(batchOf(3, 'c'), 3, origin);
    while (writes.length < 2) await new Promise((r) => setTimeout(r, 5));
    const waited = performance.now() - t0;
    assert.deepEqual(writes, [10, 3]);
    assert.ok(waited >= 140, `the short batch went after the timeout (${waited.toFixed(0)} ms)`);
    p.accept(batchOf(4, 'd'), 4, origin);
    const drained = performance.now();
    assert.deepEqual(await p.drain(5_000), { drained: true, remainingSpans: 0 });
    assert.deepEqual(writes, [10, 3, 4]);
    assert.ok(performance.now() - drained < 100, 'draining wrote the short batch without waiting');
  });
});

describe('preparing pipeline (PreparedWriter)', () => {
  /** Prepares a batch into its span names; writes (merged lists) wait for the gate; the first write can be failed. */
  function preparedWriter() {
    let openGate: () => void = () => {};
    const gate = new Promise<void>((r) => (openGate = r));
    const prepared: string[][] = [];
    const written: string[][] = [];
    let fail: Error | undefined;
    const writer: PreparedWriter<string[]> = {
      prepare(batch) {
        const names = batch.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.name)));
        if (names.includes('poison-0')) throw new Error('cannot encode');
        prepared.push(names);
        return names;
      },
      mergePrepared: (ps) => ps.flat(),
      async writePrepared(p) {
        await gate;
        if (fail !== undefined) {
          const e = fail;
          fail = undefined;
          throw e;
        }
        written.push(p);
      },
    };
    return { writer, prepared, written, open: () => openGate(), failNext: (e: Error) => (fail = e) };
  }

  test('batches are prepared when accepted, refused ones never; prepared forms are merged, written and retried', async () => {
    const w = preparedWriter();
    const registry = new Registry();
    const p = createPreparingPipeline({ writer: w.writer, queueSizeSpans: 10, workers: 1, maxBatchSpans: 10, retryAfterMs: 1000, registry, logger: createSilentLogger() });
    assert.equal(p.accept(batchOf(4, 'a'), 4, origin).status, 'accepted');
    assert.deepEqual(w.prepared, [['a-0', 'a-1', 'a-2', 'a-3']], 'prepared at accept, before any write');
    assert.equal(p.accept(batchOf(3, 'b'), 3, origin).status, 'accepted');
    assert.equal(p.accept(batchOf(3, 'c'), 3, origin).status, 'accepted');
    assert.equal(p.accept(batchOf(2, 'd'), 2, origin).status, 'refused', 'queue full: 10 spans held');
    assert.equal(w.prepared.length, 3, 'a refused batch is not prepared');
    w.failNext(new StorageError('storage_write_failed', 'transient', { retryable: true }));
    w.open();
    const drained = await p.drain(5_000);
    assert.equal(drained.drained, true);
    // The first write failed once and was retried with the same prepared value: every span written once, in order.
    assert.deepEqual(w.written.flat(), ['a-0', 'a-1', 'a-2', 'a-3', 'b-0', 'b-1', 'b-2', 'c-0', 'c-1', 'c-2']);
    assert.equal(p.stats().savedSpans, 10);
  });

  test('requests taken as bytes: counted, refused when the queue is full (never prepared then), declined ones left to the decoder', async () => {
    const w = preparedWriter();
    // Requests here are a byte count of spans, with 0xff for one the writer declines (the receiver then decodes it).
    w.writer.prepareOtlpProtobuf = (request) =>
      request[0] === 0xff ? undefined : { spanCount: request[0]!, prepare: () => w.writer.prepare(batchOf(request[0]!, `r${request[1]}`)) };
    const registry = new Registry();
    const p = createPreparingPipeline({ writer: w.writer, queueSizeSpans: 10, workers: 1, maxBatchSpans: 10, retryAfterMs: 1000, registry, logger: createSilentLogger() });
    assert.equal(p.acceptOtlpProtobuf!(Uint8Array.of(0xff), origin), undefined);
    assert.deepEqual(p.acceptOtlpProtobuf!(Uint8Array.of(6, 1), origin), { spanCount: 6, outcome: { status: 'accepted' } });
    assert.equal(p.acceptOtlpProtobuf!(Uint8Array.of(5, 2), origin)?.outcome.status, 'refused', 'queue full: 6 of 10 held');
    assert.deepEqual(w.prepared, [['r1-0', 'r1-1', 'r1-2', 'r1-3', 'r1-4', 'r1-5']], 'the refused request was not prepared');
    assert.equal(p.acceptOtlpProtobuf!(Uint8Array.of(4, 3), origin)?.outcome.status, 'accepted');
    w.open();
    await p.drain(5_000);
    assert.equal(p.acceptOtlpProtobuf!(Uint8Array.of(1, 4), origin), undefined, 'draining: left to the decoder, which `accept` refuses');
    assert.equal(w.written.flat().length, 10);
    assert.deepEqual({ accepted: p.stats().acceptedSpans, saved: p.stats().savedSpans }, { accepted: 10, saved: 10 });
    assert.match(await registry.metrics(), /ariadne_receiver_refused_spans_total\{receiver="otlp",transport="http",reason="queue_full"\} 5/);
  });

  test('a batch that cannot be prepared is counted as dropped (storage_error), and the pipeline goes on', async () => {
    const w = preparedWriter();
    w.open();
    const registry = new Registry();
    const p = createPreparingPipeline({ writer: w.writer, queueSizeSpans: 10, workers: 1, maxBatchSpans: 10, retryAfterMs: 1000, registry, logger: createSilentLogger() });
    assert.equal(p.accept(batchOf(2, 'poison'), 2, origin).status, 'accepted');
    assert.equal(p.accept(batchOf(2, 'ok'), 2, origin).status, 'accepted');
    await p.drain(5_000);
    assert.deepEqual(w.written.flat(), ['ok-0', 'ok-1']);
    assert.deepEqual({ saved: p.stats().savedSpans, dropped: p.stats().droppedSpans }, { saved: 2, dropped: 2 });
    const text = await registry.metrics();
    assert.match(text, /ariadne_pipeline_dropped_spans_total\{reason="storage_error"\} 2/);
  });
});
