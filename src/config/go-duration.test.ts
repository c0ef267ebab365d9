import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatGoDuration, parseGoDuration } from './go-duration.js';

test('parses Go durations exactly', () => {
  assert.equal(parseGoDuration('1.5s'), 1_500_000_000n);
  assert.equal(parseGoDuration('100ms'), 100_000_000n);
  assert.equal(parseGoDuration('50us'), 50_000n);
  assert.equal(parseGoDuration('50µs'), 50_000n);
  assert.equal(parseGoDuration('300ns'), 300n);
  assert.equal(parseGoDuration('2h45m'), 9_900_000_000_000n);
  assert.equal(parseGoDuration('1m30s'), 90_000_000_000n);
  assert.equal(parseGoDuration('0'), 0n);
  for (const bad of ['', '10', 'abc', '1.5x', '-1s', 's']) assert.ok(parseGoDuration(bad) instanceof Error, bad);
});

test('formats like Go', () => {
  assert.equal(formatGoDuration(1_500_000_000n), '1.5s');
  assert.equal(formatGoDuration(250_000_000n), '250ms');
  assert.equal(formatGoDuration(1_200n), '1.2µs');
  assert.equal(formatGoDuration(7_200_000_000_000n), '2h0m0s');
  assert.equal(formatGoDuration(0n), '0s');
});
