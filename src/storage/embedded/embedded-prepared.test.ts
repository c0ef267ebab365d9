/**
 * The embedded store's two-step writes (PreparedWriter): a prepared value can be written again (a retry after a
 * failed append), and the second write stores the same bytes again, although compression moved the pages' own bodies.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { collect } from '../conformance/index.js';
import { createEmbeddedStore } from './index.js';
import { testTraceId, testTraces } from './test-traces.js';

const root = mkdtempSync(join(tmpdir(), 'ariadne-embedded-prepared-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('embedded store: prepared writes', () => {
  test('writing the same prepared value twice stores every span twice, intact', async () => {
    const store = await createEmbeddedStore({ dataDir: join(root, 'a'), fsyncIntervalMs: 0 });
    try {
      const prepared = store.writer.prepared!;
      const p = prepared.prepare(testTraces(1, 20));
      assert.deepEqual(await store.reader.getServices(), [], 'prepare alone shows readers nothing');
      await prepared.writePrepared(p);
      await prepared.writePrepared(p);
      const [trace] = await collect(store.reader.getTraces([{ traceId: testTraceId(7) }]));
      const spans = trace!.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
      assert.equal(spans.length, 8, 'four spans, each stored twice');
      const statements = spans.flatMap((s) => s.attributes.filter((a) => a.key === 'db.statement'));
      assert.equal(statements.length, 2);
      for (const a of statements) assert.deepEqual(a.value, { type: 'string', value: 'select * from items where id = 7' });
      assert.deepEqual((await store.reader.getServices()).sort(), ['api', 'frontend']);
    } finally {
      await store.close();
    }
  });
});
