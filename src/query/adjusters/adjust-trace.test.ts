import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, type Span } from '../../model/index.js';
import { makeResourceSpans, makeSpan, makeTrace, MS, spansOf } from '../testing/trace-fixtures.js';
import { createTraceAdjuster } from './adjust-trace.js';

const T = '0000000000000000000000000000000a';
const BASE = 1_700_000_000_000_000_000n;

function skewedTrace(): { trace: ReturnType<typeof makeTrace>; child: Span } {
  const parent = makeSpan(T, '0000000000000001', { startTimeUnixNano: BASE, endTimeUnixNano: BASE + 10n * MS });
  const child = makeSpan(T, '0000000000000002', {
    parentSpanId: '0000000000000001',
    startTimeUnixNano: BASE - 5n * MS,
    endTimeUnixNano: BASE - 3n * MS,
  });
  const trace = makeTrace(T, [
    makeResourceSpans('a', [parent], [attr('host.name', 'A')]),
    makeResourceSpans('b', [child, { ...child }], [attr('host.name', 'B')]),
  ]);
  return { trace, child };
}

test('with clock-skew adjustment disabled (0) timestamps stay and no warning is added', () => {
  const { trace, child } = skewedTrace();
  const { warnings } = createTraceAdjuster({ maxClockSkewAdjustNs: 0n })(trace);
  assert.equal(child.startTimeUnixNano, BASE - 5n * MS);
  assert.equal(warnings.size, 0);
  assert.equal(spansOf(trace).length, 2, 'the exact duplicate is still dropped');
});

test('with a maximum set the standard adjusters all run', () => {
  const { trace, child } = skewedTrace();
  const { warnings } = createTraceAdjuster({ maxClockSkewAdjustNs: 1000n * MS })(trace);
  assert.equal(child.startTimeUnixNano, BASE + 4n * MS);
  assert.deepEqual(warnings.get(child), ["This span's timestamps were adjusted by 9ms"]);
});
