import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRfc3339Nano } from './rfc3339.js';

test('RFC 3339 with any fraction and offset, to exact nanoseconds', () => {
  assert.equal(parseRfc3339Nano('2017-01-26T21:46:31.639875Z'), 1485467191639875000n);
  assert.equal(parseRfc3339Nano('2017-01-26T21:46:31.639875123Z'), 1485467191639875123n);
  assert.equal(parseRfc3339Nano('2017-01-26T22:46:31.5+01:00'), 1485467191500000000n);
  assert.equal(parseRfc3339Nano('2017-01-26t20:46:31-01:00'), 1485467191000000000n);
  assert.equal(parseRfc3339Nano('1970-01-01T00:00:00Z'), 0n);
  assert.equal(parseRfc3339Nano('0050-01-01T00:00:00Z'), -60589296000000000000n);
});

test('malformed timestamps are errors', () => {
  for (const bad of ['', '2017-01-26', '2017-01-26T21:46:31', '2017-02-30T00:00:00Z', '2017-01-26T24:00:00Z', '1485467191639875', '2017-01-26T21:46:31.1234567891Z']) {
    assert.ok(parseRfc3339Nano(bad) instanceof Error, bad);
  }
});
