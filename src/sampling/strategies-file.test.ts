import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStrategiesFile } from './strategies-file.js';

describe('parseStrategiesFile', () => {
  test('reads Jaeger’s documented example', () => {
    const r = parseStrategiesFile(
      JSON.stringify({
        default_strategy: {
          type: 'probabilistic',
          param: 0.5,
          operation_strategies: [{ operation: '/health', type: 'probabilistic', param: 0.0 }],
        },
        service_strategies: [
          { service: 'foo', type: 'probabilistic', param: 0.8, operation_strategies: [{ operation: 'op1', type: 'probabilistic', param: 0.2 }] },
          { service: 'bar', type: 'ratelimiting', param: 5 },
        ],
      }),
    );
    assert.ok(r.ok);
    assert.equal(r.strategies.default_strategy?.param, 0.5);
    assert.deepEqual(r.strategies.default_strategy?.operation_strategies, [{ operation: '/health', type: 'probabilistic', param: 0 }]);
    assert.equal(r.strategies.service_strategies.length, 2);
    assert.deepEqual(r.strategies.service_strategies[1], { service: 'bar', type: 'ratelimiting', param: 5, operation_strategies: [] });
  });

  test('null, empty object and null members mean "no strategies"', () => {
    for (const text of ['null', '{}', '{"default_strategy":null,"service_strategies":null}']) {
      const r = parseStrategiesFile(text);
      assert.ok(r.ok, text);
      assert.equal(r.strategies.default_strategy, undefined);
      assert.deepEqual(r.strategies.service_strategies, []);
    }
  });

  test('unknown types and unknown keys are accepted (resolved later with a warning), as Jaeger does', () => {
    const r = parseStrategiesFile('{"service_strategies":[{"service":"a","type":"adaptive","param":3,"comment":"x"}]}');
    assert.ok(r.ok);
    assert.equal(r.strategies.service_strategies[0]?.type, 'adaptive');
  });

  test('reports every problem with its JSON path', () => {
    const r = parseStrategiesFile(
      JSON.stringify({
        default_strategy: { type: 'probabilistic', param: 1.5 },
        service_strategies: [
          { service: 'ok', type: 'ratelimiting', param: 10 },
          { type: 'probabilistic', param: 0.1 },
          { service: 'b', type: 'ratelimiting', param: -1 },
          { service: 'c', type: 'probabilistic', param: '0.5' },
          { service: 'd', type: 'probabilistic', param: 0.5, operation_strategies: [{ operation: 'x', type: 'probabilistic', param: 2 }] },
        ],
      }),
    );
    assert.ok(!r.ok);
    assert.deepEqual(r.errors, [
      'default_strategy.param: 1.5 is not a probability; use a number from 0 to 1',
      'service_strategies[1].service: must be a string naming the service',
      'service_strategies[2].param: -1 is not a rate limit; use traces per second from 0 to 2147483647',
      'service_strategies[3].param: must be a number',
      'service_strategies[4].operation_strategies[0].param: 2 is not a probability; use a number from 0 to 1',
    ]);
  });

  test('rejects text that is not JSON or not an object, saying so', () => {
    const bad = parseStrategiesFile('{"default_strategy": ');
    assert.ok(!bad.ok);
    assert.match(bad.errors[0]!, /^not valid JSON: /);
    const list = parseStrategiesFile('[]');
    assert.ok(!list.ok);
    assert.match(list.errors[0]!, /^\(top level\): the top level must be an object/);
    const notList = parseStrategiesFile('{"service_strategies":{"service":"a"}}');
    assert.ok(!notList.ok);
    assert.match(notList.errors[0]!, /^service_strategies: must be a list/);
  });
});
