import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Span, TraceBatch } from '../../model/index.js';
import { makeBatch, makeResourceSpans, makeSpan } from '../../query/testing/trace-fixtures.js';
import { DependencyTracker } from './dependency-tracker.js';

const MINUTE = 60_000_000_000n;

function span(traceId: string, spanId: string, parentSpanId: string, minute = 1n): Span {
  return makeSpan(traceId, spanId, { parentSpanId, startTimeUnixNano: minute * MINUTE, endTimeUnixNano: minute * MINUTE + 1n });
}

function batch(service: string, spans: Span[]): TraceBatch {
  return makeBatch([makeResourceSpans(service, spans)]);
}

const T1 = '0123456789abcdef0123456789abcdef';
const T2 = 'fedcba9876543210fedcba9876543210';

describe('dependency tracker', () => {
  test('a child finds its parent written earlier, and a parent the children waiting for it', () => {
    const t = new DependencyTracker();
    assert.deepEqual(t.observe(batch('frontend', [span(T1, 'a000000000000001', '')])), []);
    assert.deepEqual(t.observe(batch('api', [span(T1, 'a000000000000002', 'a000000000000001')])), [
      { minute: 1, parent: 'frontend', child: 'api', calls: 1 },
    ]);
    // Child first, parent later.
    assert.deepEqual(t.observe(batch('db', [span(T2, '0000000000000002', '00000000000000ff', 2n)])), []);
    assert.deepEqual(t.observe(batch('api', [span(T2, '00000000000000ff', '')])), [{ minute: 2, parent: 'api', child: 'db', calls: 1 }]);
  });

  test('a parent id that differs from a known span id in any part is not that span', () => {
    const t = new DependencyTracker();
    t.observe(batch('frontend', [span(T1, '123456789abcdef0', '')]));
    // The last two: upper case, and a character beyond ASCII whose low 7 bits are those of '1'.
    for (const other of ['023456789abcdef0', '123456789abcdef1', '1234560789abcdef', '123456789abcdef0'.toUpperCase(), '\u00b123456789abcdef0']) {
      assert.deepEqual(t.observe(batch('api', [span(T1, 'ffffffffffffff01', other)])), [], other);
    }
    assert.equal(t.observe(batch('api', [span(T1, 'ffffffffffffff02', '123456789abcdef0')])).length, 1);
  });

  test('traces of many spans and span ids that are not hex still resolve', () => {
    const t = new DependencyTracker();
    const spans: Span[] = [];
    for (let i = 1; i <= 500; i++) spans.push(span(T1, i.toString(16).padStart(16, '0'), ''));
    t.observe(batch('frontend', spans));
    const children: Span[] = [];
    for (let i = 1; i <= 500; i += 7) children.push(span(T1, (1000 + i).toString(16).padStart(16, '0'), i.toString(16).padStart(16, '0')));
    assert.deepEqual(t.observe(batch('api', children)), [{ minute: 1, parent: 'frontend', child: 'api', calls: children.length }]);
    t.observe(batch('legacy', [span(T2, 'not-a-hex-id', '')]));
    assert.deepEqual(t.observe(batch('api', [span(T2, 'ab00000000000000', 'not-a-hex-id')])), [{ minute: 1, parent: 'legacy', child: 'api', calls: 1 }]);
  });

  test('the oldest traces are forgotten beyond the capacity', () => {
    const t = new DependencyTracker(2);
    t.observe(batch('frontend', [span(T1, '0000000000000001', '')]));
    t.observe(batch('frontend', [span(T2, '0000000000000001', '')]));
    t.observe(batch('frontend', [span('11111111111111111111111111111111', '0000000000000001', '')]));
    assert.equal(t.observe(batch('api', [span(T2, '0000000000000002', '0000000000000001')])).length, 1);
    assert.deepEqual(t.observe(batch('api', [span(T1, '0000000000000002', '0000000000000001')])), [], 'T1 was forgotten');
  });
});
