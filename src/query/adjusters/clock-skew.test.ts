import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, type Span } from '../../model/index.js';
import { makeResourceSpans, makeSpan, makeTrace, MS } from '../testing/trace-fixtures.js';
import { correctClockSkew, hostKeyOf } from './clock-skew.js';
import type { SpanWarnings } from './span-warnings.js';

const T = '0000000000000000000000000000000a';
const BASE = 1_700_000_000_000_000_000n;

function at(spanId: string, parentSpanId: string, startMs: bigint, durMs: bigint, extra: Partial<Span> = {}): Span {
  return makeSpan(T, spanId, {
    parentSpanId,
    startTimeUnixNano: BASE + startMs * MS,
    endTimeUnixNano: BASE + (startMs + durMs) * MS,
    ...extra,
  });
}
const host = (name: string) => [attr('host.name', name)];
const startMs = (s: Span) => Number((s.startTimeUnixNano - BASE) / MS);

describe('correctClockSkew', () => {
  test('a child on another host outside its parent is centred; its same-host descendants move with it', () => {
    const parent = at('0000000000000001', '', 0n, 10n);
    const child = at('0000000000000002', '0000000000000001', -5n, 2n, {
      events: [{ timeUnixNano: BASE - 4n * MS, name: 'e', attributes: [], droppedAttributesCount: 0 }],
    });
    const grandchild = at('0000000000000003', '0000000000000002', -5n, 1n);
    const trace = makeTrace(T, [makeResourceSpans('a', [parent], host('A')), makeResourceSpans('b', [child, grandchild], host('B'))]);
    const warnings: SpanWarnings = new Map();
    correctClockSkew(trace, warnings, 1000n * MS);
    assert.equal(startMs(parent), 0);
    assert.equal(startMs(child), 4); // 0 + (10 - 2) / 2
    assert.equal(child.endTimeUnixNano - child.startTimeUnixNano, 2n * MS);
    assert.equal(child.events[0]!.timeUnixNano, BASE + 5n * MS);
    assert.equal(startMs(grandchild), 4);
    assert.deepEqual(warnings.get(child), ["This span's timestamps were adjusted by 9ms"]);
    assert.deepEqual(warnings.get(grandchild), ["This span's timestamps were adjusted by 9ms"]);
    assert.equal(warnings.has(parent), false);
  });

  test('a child inside its parent, or on the same host, is left alone', () => {
    const parent = at('0000000000000001', '', 0n, 10n);
    const inside = at('0000000000000002', '0000000000000001', 2n, 2n);
    const sameHost = at('0000000000000003', '0000000000000001', -50n, 2n);
    const trace = makeTrace(T, [makeResourceSpans('a', [parent, sameHost], host('A')), makeResourceSpans('b', [inside], host('B'))]);
    const warnings: SpanWarnings = new Map();
    correctClockSkew(trace, warnings, 1000n * MS);
    assert.equal(startMs(inside), 2);
    assert.equal(startMs(sameHost), -50);
    assert.equal(warnings.size, 0);
  });

  test('a child longer than its parent only stops starting before it; unknown hosts are always compared', () => {
    const parent = at('0000000000000001', '', 0n, 10n);
    const longChild = at('0000000000000002', '0000000000000001', -3n, 50n);
    const trace = makeTrace(T, [makeResourceSpans('a', [parent, longChild])]);
    const warnings: SpanWarnings = new Map();
    correctClockSkew(trace, warnings, 1000n * MS);
    assert.equal(startMs(longChild), 0);
    assert.deepEqual(warnings.get(longChild), ["This span's timestamps were adjusted by 3ms"]);
  });

  test('a delta beyond the maximum is not applied but reported', () => {
    const parent = at('0000000000000001', '', 0n, 10n);
    const child = at('0000000000000002', '0000000000000001', -5n, 2n);
    const trace = makeTrace(T, [makeResourceSpans('a', [parent], host('A')), makeResourceSpans('b', [child], host('B'))]);
    const warnings: SpanWarnings = new Map();
    correctClockSkew(trace, warnings, 1n * MS);
    assert.equal(startMs(child), -5);
    assert.deepEqual(warnings.get(child), [
      'max clock skew adjustment delta of 1ms exceeded; not applying calculated delta of 9ms',
    ]);
  });

  test('missing parents and duplicate ids are reported and skipped', () => {
    const orphan = at('0000000000000002', '00000000000000ff', -5n, 2n);
    const dup1 = at('0000000000000003', '', 0n, 1n);
    const dup2 = at('0000000000000003', '', 0n, 1n);
    const trace = makeTrace(T, [makeResourceSpans('a', [orphan, dup1, dup2])]);
    const warnings: SpanWarnings = new Map();
    correctClockSkew(trace, warnings, 1000n * MS);
    assert.deepEqual(warnings.get(orphan), [
      'parent span ID=00000000000000ff is not in the trace; skipping clock skew adjustment',
    ]);
    assert.deepEqual(warnings.get(dup2), ['duplicate span IDs; skipping clock skew adjustment']);
    assert.equal(startMs(orphan), -5);
  });

  test('a very deep trace does not overflow the stack', () => {
    const spans: Span[] = [];
    for (let i = 1; i <= 20_000; i++) {
      spans.push(at(i.toString(16).padStart(16, '0'), i === 1 ? '' : (i - 1).toString(16).padStart(16, '0'), 0n, 1n));
    }
    const warnings: SpanWarnings = new Map();
    correctClockSkew(makeTrace(T, [makeResourceSpans('a', spans)]), warnings, 1000n * MS);
    assert.equal(warnings.size, 0);
  });

  test('host key prefers host.id, then host.ip (first of an array), host.name, ip', () => {
    const r = (attributes: ReturnType<typeof attr>[]) => ({ attributes, droppedAttributesCount: 0 });
    assert.equal(hostKeyOf(r([attr('host.name', 'n'), attr('host.id', 'i')])), 'i');
    assert.equal(
      hostKeyOf(r([{ key: 'host.ip', value: { type: 'array', value: [{ type: 'string', value: '10.0.0.1' }] } }])),
      '10.0.0.1',
    );
    assert.equal(hostKeyOf(r([attr('host.name', 'n')])), 'n');
    assert.equal(hostKeyOf(r([attr('ip', 167772161)])), '167772161');
    assert.equal(hostKeyOf(r([])), '');
  });
});
