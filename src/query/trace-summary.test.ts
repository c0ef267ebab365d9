import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusCode } from '../model/index.js';
import { makeResourceSpans, makeSpan, makeTrace, MS } from './testing/trace-fixtures.js';
import { summarizeTrace } from './trace-summary.js';

const T = '0000000000000000000000000000000a';
const BASE = 1_700_000_000_000_000_000n;

test('root, counts, orphans, errors and services of a trace', () => {
  const err = { code: StatusCode.ERROR, message: 'x' };
  const trace = makeTrace(T, [
    makeResourceSpans('backend', [
      makeSpan(T, '0000000000000002', { parentSpanId: '0000000000000001', startTimeUnixNano: BASE - MS, status: err }),
      makeSpan(T, '0000000000000003', { parentSpanId: '00000000000000ff', endTimeUnixNano: BASE + 50n * MS }),
    ]),
    makeResourceSpans('frontend', [
      makeSpan(T, '0000000000000001', { name: 'GET /', startTimeUnixNano: BASE, endTimeUnixNano: BASE + 20n * MS, status: err }),
    ]),
  ]);
  assert.deepEqual(summarizeTrace({ trace, warnings: new Map() }), {
    traceId: T,
    rootServiceName: 'frontend',
    rootOperationName: 'GET /',
    minStartTimeUnixNano: (BASE - MS).toString(),
    maxEndTimeUnixNano: (BASE + 50n * MS).toString(),
    spanCount: 3,
    errorSpanCount: 2,
    orphanSpanCount: 1,
    services: [
      { name: 'backend', spanCount: 2, errorSpanCount: 1 },
      { name: 'frontend', spanCount: 1, errorSpanCount: 1 },
    ],
  });
});

test('without a parentless span the earliest span is the root', () => {
  const trace = makeTrace(T, [
    makeResourceSpans('b', [makeSpan(T, '0000000000000002', { parentSpanId: '00000000000000aa', name: 'late', startTimeUnixNano: BASE + 1n })]),
    makeResourceSpans('a', [makeSpan(T, '0000000000000003', { parentSpanId: '00000000000000aa', name: 'early', startTimeUnixNano: BASE })]),
  ]);
  const s = summarizeTrace({ trace, warnings: new Map() });
  assert.equal(s.rootOperationName, 'early');
  assert.equal(s.rootServiceName, 'a');
  assert.equal(s.orphanSpanCount, 2);
});
