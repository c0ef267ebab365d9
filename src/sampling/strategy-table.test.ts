import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStrategiesFile } from './strategies-file.js';
import { buildStrategyTable, defaultStrategyTable, lookupStrategy } from './strategy-table.js';

function table(file: unknown, defaultProbability = 0.001) {
  const parsed = parseStrategiesFile(JSON.stringify(file));
  assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('\n'));
  const warnings: string[] = [];
  const t = buildStrategyTable(parsed.strategies, defaultProbability, (m, p) => warnings.push(`${p}: ${m}`));
  return { t, warnings };
}

const op = (operation: string, samplingRate: number) => ({ operation, probabilisticSampling: { samplingRate } });

describe('buildStrategyTable', () => {
  test('without a file every service gets probabilistic default_sampling_probability', () => {
    const t = defaultStrategyTable(0.001);
    assert.deepEqual(lookupStrategy(t, 'anything'), { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.001 } });
  });

  test('probabilistic and rate-limiting services; unknown services get the default strategy', () => {
    const { t, warnings } = table({
      default_strategy: { type: 'probabilistic', param: 0.5 },
      service_strategies: [
        { service: 'foo', type: 'probabilistic', param: 0.8 },
        { service: 'bar', type: 'ratelimiting', param: 5.9 },
      ],
    });
    assert.deepEqual(warnings, []);
    assert.deepEqual(lookupStrategy(t, 'foo'), { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.8 } });
    assert.deepEqual(lookupStrategy(t, 'bar'), { strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: 5 } });
    assert.deepEqual(lookupStrategy(t, 'baz'), { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.5 } });
  });

  test('a file without default_strategy uses default_sampling_probability as the default', () => {
    const { t } = table({ service_strategies: [{ service: 'foo', type: 'ratelimiting', param: 1 }] }, 0.25);
    assert.deepEqual(lookupStrategy(t, 'other'), { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.25 } });
  });

  test('operation strategies: per-operation defaults, ratelimiting entries dropped with a warning', () => {
    const { t, warnings } = table(
      {
        service_strategies: [
          {
            service: 'foo',
            type: 'probabilistic',
            param: 0.8,
            operation_strategies: [
              { operation: 'op1', type: 'probabilistic', param: 0.2 },
              { operation: 'op2', type: 'ratelimiting', param: 10 },
            ],
          },
          { service: 'bar', type: 'ratelimiting', param: 5, operation_strategies: [{ operation: 'op3', type: 'probabilistic', param: 0.3 }] },
        ],
      },
      0.01,
    );
    assert.deepEqual(lookupStrategy(t, 'foo'), {
      strategyType: 'PROBABILISTIC',
      probabilisticSampling: { samplingRate: 0.8 },
      operationSampling: { defaultSamplingProbability: 0.8, defaultLowerBoundTracesPerSecond: 0, perOperationStrategies: [op('op1', 0.2)] },
    });
    // A rate-limited service's per-operation default is the configured default probability.
    assert.deepEqual(lookupStrategy(t, 'bar'), {
      strategyType: 'RATE_LIMITING',
      rateLimitingSampling: { maxTracesPerSecond: 5 },
      operationSampling: { defaultSamplingProbability: 0.01, defaultLowerBoundTracesPerSecond: 0, perOperationStrategies: [op('op3', 0.3)] },
    });
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^service_strategies\[0\]\.operation_strategies\[1\]: operation "op2": .*probabilistic sampling only/);
  });

  test('services inherit the default operation strategies, with their own rate as the per-operation default', () => {
    const { t } = table({
      default_strategy: {
        type: 'probabilistic',
        param: 0.5,
        operation_strategies: [
          { operation: '/health', type: 'probabilistic', param: 0.0 },
          { operation: '/metrics', type: 'probabilistic', param: 0.0 },
        ],
      },
      service_strategies: [
        { service: 'plain', type: 'probabilistic', param: 0.7 },
        { service: 'limited', type: 'ratelimiting', param: 3 },
        {
          service: 'own',
          type: 'probabilistic',
          param: 0.9,
          operation_strategies: [
            { operation: '/health', type: 'probabilistic', param: 0.1 },
            { operation: 'checkout', type: 'probabilistic', param: 1 },
          ],
        },
      ],
    });
    const defaults = [op('/health', 0), op('/metrics', 0)];
    assert.deepEqual(lookupStrategy(t, 'unknown'), {
      strategyType: 'PROBABILISTIC',
      probabilisticSampling: { samplingRate: 0.5 },
      operationSampling: { defaultSamplingProbability: 0.5, defaultLowerBoundTracesPerSecond: 0, perOperationStrategies: defaults },
    });
    assert.deepEqual(lookupStrategy(t, 'plain').operationSampling, {
      defaultSamplingProbability: 0.7,
      defaultLowerBoundTracesPerSecond: 0,
      perOperationStrategies: defaults,
    });
    // Not probabilistic: the default's per-operation settings are copied as they are.
    assert.deepEqual(lookupStrategy(t, 'limited'), {
      strategyType: 'RATE_LIMITING',
      rateLimitingSampling: { maxTracesPerSecond: 3 },
      operationSampling: { defaultSamplingProbability: 0.5, defaultLowerBoundTracesPerSecond: 0, perOperationStrategies: defaults },
    });
    // Own entries win; default entries for other operations are appended.
    assert.deepEqual(lookupStrategy(t, 'own').operationSampling?.perOperationStrategies, [
      op('/health', 0.1),
      op('checkout', 1),
      op('/metrics', 0),
    ]);
    assert.equal(lookupStrategy(t, 'own').operationSampling?.defaultSamplingProbability, 0.9);
  });

  test('unknown types resolve to the default probability with a warning; duplicate services keep the last entry', () => {
    const { t, warnings } = table(
      {
        default_strategy: { type: 'const', param: 1 },
        service_strategies: [
          { service: 'a', type: 'probabilistic', param: 0.1 },
          { service: 'a', type: 'probabilistic', param: 0.2 },
        ],
      },
      0.003,
    );
    assert.deepEqual(lookupStrategy(t, 'x'), { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.003 } });
    assert.equal(lookupStrategy(t, 'a').probabilisticSampling?.samplingRate, 0.2);
    assert.deepEqual(
      warnings.map((w) => w.split(':')[0]),
      ['default_strategy', 'service_strategies[1]'],
    );
    assert.match(warnings[0]!, /unknown sampling type "const"/);
  });

  test('served strategies are frozen, so a consumer cannot alter what the next client receives', () => {
    const { t } = table({ default_strategy: { type: 'probabilistic', param: 0.5, operation_strategies: [{ operation: 'a', type: 'probabilistic', param: 1 }] } });
    const s = lookupStrategy(t, 'x');
    assert.throws(() => {
      (s.probabilisticSampling as { samplingRate: number }).samplingRate = 1;
    }, TypeError);
    assert.ok(Object.isFrozen(s.operationSampling?.perOperationStrategies));
  });
});
