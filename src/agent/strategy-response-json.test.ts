import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeStrategyLegacyJson, encodeStrategyProtoJson, type SamplingStrategyResponse } from '../sampling/index.js';
import { parseStrategyResponseJson } from './strategy-response-json.js';

const strategies: SamplingStrategyResponse[] = [
  { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.001 } },
  { strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: 35 } },
  {
    strategyType: 'PROBABILISTIC',
    probabilisticSampling: { samplingRate: 0.5 },
    operationSampling: {
      defaultSamplingProbability: 0.5,
      defaultLowerBoundTracesPerSecond: 1,
      perOperationStrategies: [{ operation: '/health', probabilisticSampling: { samplingRate: 0 } }],
      defaultUpperBoundTracesPerSecond: 10,
    },
  },
];

test('reads back both JSON forms Ariadne and Jaeger serve', () => {
  for (const s of strategies) {
    assert.deepEqual(parseStrategyResponseJson(encodeStrategyProtoJson(s)), s);
    assert.deepEqual(parseStrategyResponseJson(encodeStrategyLegacyJson(s) as string), s);
  }
});

test('numbers a proto3 encoder left out read as zero; nonsense is an error that says why', () => {
  assert.deepEqual(parseStrategyResponseJson('{"probabilisticSampling":{}}'), {
    strategyType: 'PROBABILISTIC',
    probabilisticSampling: { samplingRate: 0 },
  });
  for (const [body, message] of [
    ['<html>', /not JSON/],
    ['[1]', /not a JSON object/],
    ['{"strategyType":"ADAPTIVE"}', /unknown strategyType/],
    ['{"strategyType":"RATE_LIMITING"}', /without rateLimitingSampling/],
    ['{}', /without probabilisticSampling/],
  ] as const) {
    const r = parseStrategyResponseJson(body);
    assert.ok(r instanceof Error, body);
    assert.match(r.message, message);
  }
});
