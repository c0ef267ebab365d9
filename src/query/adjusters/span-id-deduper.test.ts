import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpanKind } from '../../model/index.js';
import { makeResourceSpans, makeSpan, makeTrace } from '../testing/trace-fixtures.js';
import { dedupeClientServerSpanIds } from './span-id-deduper.js';
import type { SpanWarnings } from './span-warnings.js';

const T = '0000000000000000000000000000000a';

test('a server span sharing its id with a client span gets a new id and becomes its child', () => {
  const root = makeSpan(T, '0000000000000001', { kind: SpanKind.SERVER });
  const client = makeSpan(T, '0000000000000003', { kind: SpanKind.CLIENT, parentSpanId: '0000000000000001' });
  const server = makeSpan(T, '0000000000000003', { kind: SpanKind.SERVER, parentSpanId: '0000000000000001' });
  const grandchild = makeSpan(T, '0000000000000004', { parentSpanId: '0000000000000003' });
  const trace = makeTrace(T, [makeResourceSpans('a', [root, client]), makeResourceSpans('b', [server, grandchild])]);
  const warnings: SpanWarnings = new Map();
  dedupeClientServerSpanIds(trace, warnings);
  // 0000000000000001 is taken by the root, so the first free id is 2.
  assert.equal(server.spanId, '0000000000000002');
  assert.equal(server.parentSpanId, '0000000000000003');
  assert.equal(grandchild.parentSpanId, '0000000000000002');
  assert.equal(client.spanId, '0000000000000003');
  assert.equal(root.spanId, '0000000000000001');
  assert.deepEqual(warnings.get(server), [
    'span ID 0000000000000003 is shared with a client span; this server span was given ID 0000000000000002',
  ]);
  assert.equal(warnings.size, 1);
});

test('a trace with unique ids, or duplicates that are not client/server pairs, is untouched', () => {
  const a = makeSpan(T, '0000000000000005', { kind: SpanKind.SERVER });
  const b = makeSpan(T, '0000000000000005', { kind: SpanKind.SERVER });
  const trace = makeTrace(T, [makeResourceSpans('a', [a, b])]);
  const warnings: SpanWarnings = new Map();
  dedupeClientServerSpanIds(trace, warnings);
  assert.equal(a.spanId, '0000000000000005');
  assert.equal(b.spanId, '0000000000000005');
  assert.equal(warnings.size, 0);
});
