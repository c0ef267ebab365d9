import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import type { StorageBackend } from '../api/index.js';
import { collect, makeBatch, makeSpan, nsMinutesAgo, spanIdOf, traceIdOf } from '../conformance/index.js';
import { createEmbeddedStore } from './index.js';
import { selectForDeletion, type RetentionCandidate } from './retention.js';
import { testTraceId, testTraces } from './test-traces.js';

const root = mkdtempSync(join(tmpdir(), 'ariadne-embedded-retention-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, String(n++));

async function has(store: StorageBackend, traceId: string): Promise<boolean> {
  return (await collect(store.reader.getTraces([{ traceId }]))).length === 1;
}

async function counter(registry: Registry, name: string, reason: string): Promise<number> {
  const m = await registry.getSingleMetric(name)?.get();
  return m?.values.find((v) => v.labels.reason === reason)?.value ?? 0;
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
}

describe('embedded store: retention', () => {
  test('selectForDeletion: sealed segments past retention, then oldest first beyond the size bound', () => {
    const seg = (seq: number, lastWriteMs: number, diskBytes: number, sealed = true): RetentionCandidate => ({ seq, lastWriteMs, diskBytes, sealed });
    const segments = [seg(3, 900, 100), seg(1, 100, 100), seg(2, 500, 100), seg(4, 950, 100, false)];
    const pick = (retentionMs: number, maxDiskBytes: number) =>
      selectForDeletion(segments, { retentionMs, maxDiskBytes }, 1000).map((d) => `${d.segment.seq}:${d.reason}`);
    assert.deepEqual(pick(600, 0), ['1:age']);
    assert.deepEqual(pick(10_000, 0), []);
    assert.deepEqual(pick(600, 250), ['1:age', '2:size']);
    assert.deepEqual(pick(10_000, 150), ['1:size', '2:size', '3:size'], 'the active segment is never picked');
  });

  test('segments older than the retention period are deleted whole, with their services, and counted', async () => {
    const registry = new Registry();
    const store = await createEmbeddedStore({ dataDir: freshDir(), retentionMs: 400, segmentMaxAgeMs: 100, retentionCheckIntervalMs: 50, registry });
    try {
      const old = traceIdOf(0xe2, 1);
      await store.writer.writeTraces(makeBatch([{ service: 'short-lived', spans: [makeSpan({ traceId: old, spanId: spanIdOf(0), start: nsMinutesAgo(1) })] }]));
      await sleep(250);
      // Rolls the first segment over (it is past segmentMaxAgeMs), which seals it.
      await store.writer.writeTraces(testTraces(0, 10));
      assert.equal(await has(store, old), true);
      await sleep(350);
      assert.equal(await has(store, old), false, 'the old segment is gone');
      assert.equal(await has(store, testTraceId(5)), true, 'recent data stays');
      assert.deepEqual(await store.reader.getServices(), ['api', 'frontend'], 'a service with no spans left is no longer listed');
      assert.equal(await counter(registry, 'ariadne_storage_retention_deleted_segments_total', 'age'), 1);
      assert.equal(await counter(registry, 'ariadne_storage_retention_deleted_spans_total', 'age'), 1);
    } finally {
      await store.close();
    }
  });

  test('max disk size evicts the oldest segments and keeps the files within the bound', async () => {
    const registry = new Registry();
    const dir = freshDir();
    const maxDiskBytes = 1024 * 1024;
    const store = await createEmbeddedStore({ dataDir: dir, maxDiskBytes, registry });
    try {
      for (let b = 0; b < 60; b++) {
        await store.writer.writeTraces(testTraces(b * 500, 500));
        // The active segment (an eighth of the bound) may be over by one rollover at most.
        assert.ok(dirBytes(dir) <= maxDiskBytes * 1.25, `${dirBytes(dir)} bytes on disk after batch ${b}`);
      }
      assert.ok((await counter(registry, 'ariadne_storage_retention_deleted_segments_total', 'size')) > 0);
      assert.ok((await counter(registry, 'ariadne_storage_retention_deleted_spans_total', 'size')) > 0);
      assert.equal(await has(store, testTraceId(0)), false, 'the oldest traces were evicted');
      assert.equal(await has(store, testTraceId(59 * 500 + 499)), true, 'the newest are kept');
    } finally {
      await store.close();
    }
  });
});
