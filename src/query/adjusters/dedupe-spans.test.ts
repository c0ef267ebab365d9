import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr } from '../../model/index.js';
import { makeResourceSpans, makeSpan, makeTrace, spansOf } from '../testing/trace-fixtures.js';
import { dedupeSpans } from './dedupe-spans.js';

const T = '0000000000000000000000000000000a';

test('exact copies of a span are dropped, also across resource groups', () => {
  const a = () => makeSpan(T, '0000000000000001', { attributes: [attr('k', 'v')], name: 'a' });
  const trace = makeTrace(T, [
    makeResourceSpans('svc', [a(), makeSpan(T, '0000000000000002'), a()]),
    makeResourceSpans('svc', [a()]),
  ]);
  dedupeSpans(trace);
  assert.deepEqual(spansOf(trace).map((s) => s.spanId), ['0000000000000001', '0000000000000002']);
});

test('spans sharing an id but differing in any field, resource or scope are kept', () => {
  const trace = makeTrace(T, [
    makeResourceSpans('client', [makeSpan(T, '0000000000000001', { kind: 3 })]),
    makeResourceSpans('server', [makeSpan(T, '0000000000000001', { kind: 3 })]),
    makeResourceSpans('server', [makeSpan(T, '0000000000000001', { kind: 2 })]),
    makeResourceSpans('server', [makeSpan(T, '0000000000000001', { kind: 2, attributes: [attr('x', 1.5)] })]),
    makeResourceSpans('server', [makeSpan(T, '0000000000000001', { kind: 2, attributes: [attr('x', 1.25)] })]),
  ]);
  dedupeSpans(trace);
  assert.equal(spansOf(trace).length, 5);
});
