import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { boolValue, bytesValue, doubleValue, intValue, stringValue, type AnyValue } from '../../model/index.js';
import { toUiKeyValue } from './key-values.js';

describe('toUiKeyValue', () => {
  const cases: Array<[string, AnyValue, unknown]> = [
    ['string', stringValue('x'), { key: 'k', type: 'string', value: 'x' }],
    ['bool', boolValue(false), { key: 'k', type: 'bool', value: false }],
    ['safe int', intValue(9007199254740991n), { key: 'k', type: 'int64', value: 9007199254740991 }],
    ['negative safe int', intValue(-9007199254740991n), { key: 'k', type: 'int64', value: -9007199254740991 }],
    ['int above 2^53-1', intValue(9223372036854775222n), { key: 'k', type: 'int64', value: '9223372036854775222' }],
    ['int below -(2^53-1)', intValue(-9007199254740992n), { key: 'k', type: 'int64', value: '-9007199254740992' }],
    ['double', doubleValue(72.5), { key: 'k', type: 'float64', value: 72.5 }],
    ['NaN', doubleValue(Number.NaN), { key: 'k', type: 'float64', value: 'NaN' }],
    ['+Inf', doubleValue(Number.POSITIVE_INFINITY), { key: 'k', type: 'float64', value: '+Inf' }],
    ['bytes', bytesValue(new Uint8Array([0, 0, 0x30, 0x39])), { key: 'k', type: 'binary', value: 'AAAwOQ==' }],
    [
      'array',
      { type: 'array', value: [stringValue('a'), intValue(2), boolValue(true)] },
      { key: 'k', type: 'string', value: '["a",2,true]' },
    ],
    [
      'map',
      { type: 'kvlist', value: [{ key: 'x', value: doubleValue(1.5) }] },
      { key: 'k', type: 'string', value: '{"x":1.5}' },
    ],
    ['empty', { type: 'empty', value: null }, { key: 'k', type: 'string', value: '' }],
  ];
  for (const [name, value, expected] of cases) {
    test(name, () => assert.deepEqual(toUiKeyValue('k', value), expected));
  }
});
