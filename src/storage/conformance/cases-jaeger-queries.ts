/**
 * The 25 search cases of Jaeger's storage integration suite. The group shares one backend: every fixture that any
 * case expects is written first, so each case's fixtures are counter-examples for the others. A case must return
 * exactly its expected traces (by id) with exactly their spans.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TraceBatch } from '../../model/index.js';
import type { StorageBackend } from '../api/index.js';
import { skipReason, type SuiteContext } from './conformance-case.js';
import {
  fixtureDateShift,
  hasJaegerFixtures,
  jaegerFixturesDir,
  loadJaegerFixtureTrace,
  loadJaegerQueryCases,
} from './jaeger-fixtures.js';
import { assertSameSpans, collect, traceIdsOf } from './trace-compare.js';

function traceIdsOfBatches(batches: readonly TraceBatch[]): string[] {
  const ids = new Set<string>();
  for (const b of batches) for (const rs of b.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) ids.add(s.traceId);
  return [...ids].sort();
}

export function registerJaegerQueryCases(ctx: SuiteContext): void {
  const dir = jaegerFixturesDir(ctx.options.jaegerFixturesDir);
  describe('Jaeger storage fixtures (queries.json)', () => {
    if (!hasJaegerFixtures(dir)) {
      const message = `Jaeger storage fixtures not found at ${dir}; skipping the 25 Jaeger query cases`;
      test('Jaeger query cases', { skip: message }, () => {});
      return;
    }
    const shift = fixtureDateShift();
    const cases = loadJaegerQueryCases(dir, shift);
    const fixtureNames = [...new Set(cases.flatMap((c) => c.expectedFixtures))];
    let backend: StorageBackend | undefined;

    before(async () => {
      backend = await ctx.open();
      for (const name of fixtureNames) await backend.writer.writeTraces(loadJaegerFixtureTrace(dir, name, shift));
    });
    after(async () => {
      await backend?.close();
    });

    for (const c of cases) {
      const name = `jaeger: ${c.caption}`;
      const reason = skipReason(ctx, name);
      test(name, reason === undefined ? {} : { skip: reason }, async () => {
        assert.ok(backend !== undefined, 'the fixtures were not loaded');
        // Decoded again: the expectation must not share objects with what the backend was given.
        const expected = c.expectedFixtures.map((f) => loadJaegerFixtureTrace(dir, f, shift));
        const expectedIds = traceIdsOfBatches(expected);
        const traces = await collect(backend.reader.findTraces(c.query));
        assert.deepEqual(traceIdsOf(traces), expectedIds, 'exactly the expected traces');
        assertSameSpans(traces, expected, 'with exactly their spans');
        const ids = await backend.reader.findTraceIds(c.query);
        assert.deepEqual(ids.map((f) => f.traceId).sort(), expectedIds, 'findTraceIds finds the same traces');
      });
    }
  });
}
