import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr } from '../../model/index.js';
import { makeResourceSpans, makeSpan, makeTrace } from '../testing/trace-fixtures.js';
import { sortCollections } from './sort-collections.js';

const T = '0000000000000000000000000000000a';

test('attributes are sorted by key and events by time, stably', () => {
  const span = makeSpan(T, '0000000000000001', {
    attributes: [attr('b', 1), attr('a', 2), attr('a', 1)],
    events: [
      { timeUnixNano: 20n, name: 'late', attributes: [attr('z', 1), attr('y', 1)], droppedAttributesCount: 0 },
      { timeUnixNano: 10n, name: 'early', attributes: [], droppedAttributesCount: 0 },
    ],
  });
  const trace = makeTrace(T, [makeResourceSpans('svc', [span], [attr('a.first', 'x')])]);
  sortCollections(trace);
  assert.deepEqual(span.attributes.map((kv) => [kv.key, kv.value.value]), [['a', 2n], ['a', 1n], ['b', 1n]]);
  assert.deepEqual(span.events.map((e) => e.name), ['early', 'late']);
  assert.deepEqual(span.events[1]!.attributes.map((kv) => kv.key), ['y', 'z']);
  assert.deepEqual(trace.resourceSpans[0]!.resource.attributes.map((kv) => kv.key), ['a.first', 'service.name']);
});
