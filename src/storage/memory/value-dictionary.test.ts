import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { attr } from '../../model/index.js';
import { collect, makeBatch, makeQuery, makeSpan, nsMinutesAgo, spanIdOf, traceIdOf } from '../conformance/index.js';
import { createMemoryStore } from './index.js';
import { ValueDictionary } from './value-dictionary.js';

describe('value dictionary', () => {
  test('gives a repeated value one id, shared across keys', () => {
    const d = new ValueDictionary();
    const get = d.idFor(0, 'GET');
    assert.ok(get >= 0);
    assert.equal(d.idFor(0, 'GET'), get);
    assert.equal(d.idFor(1, 'GET'), get);
    assert.equal(d.idFor(1, ['P', 'OST'].join('')), d.idFor(0, 'POST'), 'equal strings, not only the same object');
    assert.equal(d.valueAt(get), 'GET');
    assert.equal(d.idOf('nope'), -1);
    assert.throws(() => d.valueAt(99));
  });

  test('is bounded: per key, in total, by length, and never takes malformed strings', () => {
    const d = new ValueDictionary(5, 4, 2);
    assert.ok(d.idFor(0, 'a') >= 0);
    assert.ok(d.idFor(0, 'b') >= 0);
    assert.equal(d.idFor(0, 'c'), -1, 'key 0 added its 2 values');
    assert.ok(d.idFor(0, 'a') >= 0, 'known values still hit for a saturated key');
    assert.equal(d.idFor(1, 'abcde'), -1, 'longer than 4');
    assert.equal(d.idFor(1, '\ud800'), -1, 'lone surrogate');
    assert.equal(d.idFor(-1, 'x'), -1, 'an inline key adds nothing');
    assert.ok(d.idFor(1, 'c') >= 0);
    assert.ok(d.idFor(2, 'd') >= 0);
    assert.ok(d.idFor(2, 'e') >= 0);
    assert.equal(d.idFor(3, 'f'), -1, 'full at 5');
    assert.equal(d.size, 5);
  });

  test('values in and out of the dictionary read back and match searches alike', async () => {
    const store = createMemoryStore({ maxTraces: 1000 });
    // user.id has more distinct values than one key may add, so its later values are stored inline.
    const spans = Array.from({ length: 1100 }, (_, i) =>
      makeSpan({
        traceId: traceIdOf(0xd1, i >> 3),
        spanId: spanIdOf(i),
        name: 'op',
        start: nsMinutesAgo(5) + BigInt(i),
        attributes: [attr('user.id', `user-${i}`), attr('http.method', i % 2 === 0 ? 'GET' : 'POST')],
      }),
    );
    await store.writer.writeTraces(makeBatch([{ service: 'svc', spans }]));
    for (const i of [3, 1099]) {
      const found = await collect(
        store.reader.findTraces(makeQuery({ serviceName: 'svc', attributes: [{ key: 'user.id', value: `user-${i}` }], searchDepth: 10 })),
      );
      assert.equal(found.length, 1);
      const span = found[0]!.resourceSpans[0]!.scopeSpans[0]!.spans.find((s) => s.spanId === spanIdOf(i));
      assert.deepEqual(span?.attributes, [attr('user.id', `user-${i}`), attr('http.method', i % 2 === 0 ? 'GET' : 'POST')]);
    }
  });
});
