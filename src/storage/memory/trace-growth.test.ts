import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, type TraceBatch } from '../../model/index.js';
import { assertSameSpans, collect, makeBatch, makeQuery, makeSpan, nsMinutesAgo, spanIdOf, traceIdOf } from '../conformance/index.js';
import { createMemoryStore } from './index.js';

const TAG = 0xe2;
const TRACES = 900;
/** Each trace is appended to at these ages (in traces created since): five early appends grow its buffer by half
 * each time, the store trims it once it is 256 traces old, and the late append grows it again. */
const APPEND_AGES = [1, 2, 3, 4, 5, 300];

test('traces appended to many times, interleaved with hundreds of others, keep every span', async () => {
  const store = createMemoryStore({ maxTraces: TRACES });
  const base = nsMinutesAgo(30);
  const written = new Map<string, TraceBatch[]>();
  let append = 0;
  const write = async (n: number) => {
    const t = traceIdOf(TAG, n);
    append++;
    const spans = Array.from({ length: 1 + (append % 3) }, (_, i) =>
      makeSpan({ traceId: t, spanId: spanIdOf(append * 4 + i), name: `op-${append % 5}`, start: base + BigInt(n), attributes: [attr('append', append)] }),
    );
    const batch = makeBatch([{ service: `growth-${append % 2}`, spans }]);
    await store.writer.writeTraces(batch);
    written.set(t, [...(written.get(t) ?? []), batch]);
  };
  for (let n = 0; n < TRACES; n++) {
    await write(n);
    for (const age of APPEND_AGES) if (n - age >= 0) await write(n - age);
  }
  for (const [traceId, batches] of written) {
    assertSameSpans(await collect(store.reader.getTraces([{ traceId }])), batches, traceId);
  }
  const found = await store.reader.findTraceIds(makeQuery({ attributes: [{ key: 'append', value: String(append) }] }));
  assert.deepEqual(found.map((f) => f.traceId), [traceIdOf(TAG, TRACES - 1 - 300)]);
  await store.close();
});
