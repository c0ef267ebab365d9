import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import type { StorageBackend } from '../api/index.js';
import { collect, makeQuery, spanCountOf } from '../conformance/index.js';
import { createEmbeddedStore } from './index.js';
import { testTraceId, testTraces } from './test-traces.js';

const root = mkdtempSync(join(tmpdir(), 'ariadne-embedded-recovery-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(root, String(n++));

async function spanCount(store: StorageBackend, traceNo: number): Promise<number> {
  const got = await collect(store.reader.getTraces([{ traceId: testTraceId(traceNo) }]));
  return got.length === 0 ? 0 : spanCountOf(got[0]!);
}

function logs(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.log'))
    .sort()
    .map((f) => join(dir, f));
}

async function metric(registry: Registry, name: string): Promise<number> {
  const m = await registry.getSingleMetric(name)?.get();
  return m?.values.reduce((sum, v) => sum + v.value, 0) ?? 0;
}

describe('embedded store: crashes and restarts', () => {
  test('SIGKILL in the middle of load loses no acknowledged write, and the store reopens cleanly', async () => {
    const dir = freshDir();
    const script = fileURLToPath(new URL('./crash-writer-child.js', import.meta.url));
    const child = spawn(process.execPath, [script, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const acked: Array<[number, number]> = [];
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    let total = 0;
    for await (const line of createInterface({ input: child.stdout! })) {
      const [, first, count] = line.split(' ');
      acked.push([Number(first), Number(count)]);
      total += Number(count);
      // Enough to span several segments (256 KiB each), so the kill lands among rollovers and seals.
      if (total >= 4000) {
        child.kill('SIGKILL');
        break;
      }
    }
    assert.equal(await exited, 'SIGKILL');

    const registry = new Registry();
    const store = await createEmbeddedStore({ dataDir: dir, registry });
    try {
      for (const [first, count] of acked) {
        for (const t of [first, first + count - 1]) assert.equal(await spanCount(store, t), 4, `acknowledged trace ${t} is whole`);
      }
      const found = await store.reader.findTraceIds(makeQuery({ serviceName: 'api', attributes: [{ key: 'http.status_code', value: '500' }], searchDepth: 5000 }));
      assert.ok(found.length >= total / 10, `search finds the acknowledged error traces (${found.length})`);
      await store.writer.writeTraces(testTraces(1_000_000, 10));
      assert.equal(await spanCount(store, 1_000_005), 4, 'the reopened store takes writes');
    } finally {
      await store.close();
    }
  });

  test('a torn or corrupt log tail is cut off by checksum at startup', async () => {
    const dir = freshDir();
    let store = await createEmbeddedStore({ dataDir: dir });
    await store.writer.writeTraces(testTraces(0, 50));
    await store.writer.writeTraces(testTraces(50, 50));
    await store.close();
    const [log] = logs(dir);
    const intact = statSync(log!).size;
    // A record header announcing more bytes than follow: what a write cut short by a crash leaves.
    const torn = Buffer.alloc(40, 0xab);
    torn.writeUInt32LE(5000, 0);
    appendFileSync(log!, torn);

    const registry = new Registry();
    store = await createEmbeddedStore({ dataDir: dir, registry });
    assert.equal(statSync(log!).size, intact, 'the torn tail is truncated away');
    assert.equal(await metric(registry, 'ariadne_storage_embedded_recovered_truncated_bytes_total'), 40);
    assert.equal(await spanCount(store, 0), 4);
    assert.equal(await spanCount(store, 99), 4);
    await store.close();

    // Flip a byte inside the last record of a log that was never sealed (its index is gone, as after a crash): the
    // record fails its checksum and goes, everything before it stays.
    const bytes = readFileSync(log!);
    bytes[bytes.length - 20]! ^= 0xff;
    writeFileSync(log!, bytes);
    rmSync(log!.replace(/\.log$/, '.idx'));
    store = await createEmbeddedStore({ dataDir: dir });
    assert.ok(statSync(log!).size < intact);
    assert.equal(await spanCount(store, 0), 4, 'the first batch survives');
    await store.close();
  });

  test('everything is there after a restart: traces across segments, search, services, dependencies', async () => {
    const dir = freshDir();
    let store = await createEmbeddedStore({ dataDir: dir, segmentMaxBytes: 64 * 1024 });
    for (let b = 0; b < 20; b++) await store.writer.writeTraces(testTraces(b * 100, 100));
    // One trace written across many batches, hence many segments.
    const t = 5_000;
    for (let b = 0; b < 6; b++) {
      const part = testTraces(t, 1);
      for (const rs of part.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) s.spanId = (b * 4 + Number.parseInt(s.spanId, 16)).toString(16).padStart(16, '0');
      await store.writer.writeTraces(part);
      await store.writer.writeTraces(testTraces(10_000 + b * 200, 200));
    }
    const before = {
      services: await store.reader.getServices(),
      ops: await store.reader.getOperations({ serviceName: 'api', spanKind: undefined }),
      deps: await store.dependencies.getDependencies({ startTimeUnixNano: 0n, endTimeUnixNano: BigInt(Date.now()) * 1_000_000n }),
      errors: (await store.reader.findTraceIds(makeQuery({ attributes: [{ key: 'http.status_code', value: '500' }], searchDepth: 10_000 }))).length,
    };
    assert.ok(logs(dir).length > 3, `several segments (${logs(dir).length})`);
    assert.equal(await spanCount(store, t), 24);
    await store.close();

    store = await createEmbeddedStore({ dataDir: dir });
    try {
      assert.deepEqual(await store.reader.getServices(), before.services);
      assert.deepEqual(await store.reader.getOperations({ serviceName: 'api', spanKind: undefined }), before.ops);
      assert.deepEqual(before.services, ['api', 'frontend']);
      const deps = await store.dependencies.getDependencies({ startTimeUnixNano: 0n, endTimeUnixNano: BigInt(Date.now()) * 1_000_000n });
      assert.deepEqual(deps, before.deps);
      assert.deepEqual(deps, [{ parent: 'frontend', child: 'api', callCount: 3206, source: 'jaeger' }]);
      const errors = await store.reader.findTraceIds(makeQuery({ attributes: [{ key: 'http.status_code', value: '500' }], searchDepth: 10_000 }));
      assert.equal(errors.length, before.errors);
      assert.equal(errors.length, 321);
      assert.equal(await spanCount(store, t), 24, 'a trace written over many segments is read whole');
      const recent = await store.reader.findTraceIds(makeQuery({ serviceName: 'frontend', searchDepth: 3 }));
      assert.deepEqual(recent.map((f) => f.traceId), [11_199, 11_198, 11_197].map(testTraceId), 'the most recent traces');
    } finally {
      await store.close();
    }
  });
});
