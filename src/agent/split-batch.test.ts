import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { countSpans, type TraceBatch } from '../model/index.js';
import { splitBatch } from './split-batch.js';
import { makeBatch } from './testing/agent-fixtures.js';

function ids(batch: TraceBatch): string[] {
  const out: string[] = [];
  for (const rs of batch.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) out.push(`${rs.resource.attributes[0]!.value.value}/${ss.scope.name}/${s.spanId}`);
  return out;
}

test('splitBatch keeps every span once, in order, under its own resource and scope, at most maxSpans per part', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 0, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 1, max: 12 }),
      (shape, maxSpans) => {
        const batch: TraceBatch = {
          resourceSpans: shape.map((scopes, r) => {
            const base = makeBatch(`svc-${r}`, 0, r).resourceSpans[0]!;
            return {
              ...base,
              scopeSpans: scopes.map((n, s) => ({
                scope: { name: `scope-${s}`, version: '', attributes: [], droppedAttributesCount: 0 },
                spans: makeBatch('x', n, r * 100 + s).resourceSpans[0]!.scopeSpans[0]!.spans,
                schemaUrl: '',
              })),
            };
          }),
        };
        const parts = splitBatch(batch, maxSpans);
        assert.deepEqual(parts.flatMap(ids), ids(batch));
        for (const p of parts) {
          assert.ok(countSpans(p) >= 1 && countSpans(p) <= maxSpans);
        }
        assert.equal(parts.length, Math.ceil(countSpans(batch) / maxSpans));
      },
    ),
    { numRuns: 200 },
  );
});
