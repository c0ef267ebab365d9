import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoBool, parseGoInt, parseGoUint } from './go-strconv.js';

test('ParseInt accepts signed decimals within range, with Go error texts otherwise', () => {
  assert.equal(parseGoInt('+42', 32), 42n);
  assert.equal(parseGoInt('-2147483648', 32), -2147483648n);
  assert.equal((parseGoInt('2147483648', 32) as Error).message, 'strconv.ParseInt: parsing "2147483648": value out of range');
  assert.equal((parseGoInt('1e3', 64) as Error).message, 'strconv.ParseInt: parsing "1e3": invalid syntax');
  assert.equal(parseGoInt('9223372036854775807', 64), 9223372036854775807n);
  assert.ok(parseGoInt(' 1', 64) instanceof Error);
});

test('ParseUint refuses signs', () => {
  assert.equal(parseGoUint('7', 32), 7n);
  assert.equal((parseGoUint('-7', 32) as Error).message, 'strconv.ParseUint: parsing "-7": invalid syntax');
  assert.ok(parseGoUint('4294967296', 32) instanceof Error);
});

test('ParseBool takes exactly Go spellings', () => {
  for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) assert.equal(parseGoBool(t), true);
  for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) assert.equal(parseGoBool(f), false);
  assert.equal((parseGoBool('yes') as Error).message, 'strconv.ParseBool: parsing "yes": invalid syntax');
});
