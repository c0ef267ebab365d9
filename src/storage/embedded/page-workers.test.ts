/**
 * Page threads: a task's pages equal those the event loop would build; a thread that dies fails its tasks as
 * retryable and the next task starts a new one; bytes that do not decode fail for good.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TraceBatch } from '../../model/index.js';
import { StorageError } from '../api/index.js';
import { encodeOtlpProtobuf, scanOtlpProtobuf } from '../../translate/otlp/index.js';
import { encodeTaskOfScan, type EncodeTask } from './encode-task.js';
import { OperationCatalog } from './operation-catalog.js';
import { PageBuilder } from './page-builder.js';
import { Codec } from './page-format.js';
import { PageWorkers } from './page-workers.js';
import { compressPageSync } from './page-record.js';
import { testTraces } from './test-traces.js';

function taskOf(batch: TraceBatch, catalog: OperationCatalog): EncodeTask {
  const request = encodeOtlpProtobuf(batch);
  return encodeTaskOfScan(scanOtlpProtobuf(request)!, request, catalog);
}

describe('page threads', () => {
  test('pages from a thread are the pages built here, compressed', async () => {
    const catalog = new OperationCatalog();
    const workers = new PageWorkers(Codec.DEFLATE, 2);
    try {
      const batch = testTraces(1, 300);
      const { pages, compressed } = await workers.encode(taskOf(batch, catalog));
      const here = new PageBuilder(catalog).encode(batch, new Set());
      assert.ok(here.length > 1, 'several pages');
      assert.deepEqual(pages.map((p) => p.meta), here.map((p) => p.meta));
      assert.deepEqual(compressed, here.map((p) => compressPageSync(p.body, Codec.DEFLATE)));
      assert.ok(Buffer.isBuffer(pages[0]!.meta.chunkTraceIds), 'trace ids come back as a Buffer');
    } finally {
      await workers.close();
    }
  });

  test('a thread that stops fails its tasks as retryable; the next task gets a new thread', async () => {
    const catalog = new OperationCatalog();
    const workers = new PageWorkers(Codec.DEFLATE, 2);
    const task = taskOf(testTraces(1, 200), catalog);
    const pending = workers.encode(task);
    await workers.close();
    await assert.rejects(pending, (err: unknown) => err instanceof StorageError && err.retryable);
    try {
      assert.ok((await workers.encode(task)).pages.length > 0);
    } finally {
      await workers.close();
    }
  });

  test('bytes that are not the spans the task says fail for good', async () => {
    const catalog = new OperationCatalog();
    const workers = new PageWorkers(Codec.DEFLATE, 2);
    try {
      const task = taskOf(testTraces(1, 5), catalog);
      const damaged = { ...task, bufs: [new Uint8Array(task.bufs[0]!.length).fill(0xff)] };
      await assert.rejects(workers.encode(damaged), (err: unknown) => err instanceof StorageError && !err.retryable);
    } finally {
      await workers.close();
    }
  });
});
