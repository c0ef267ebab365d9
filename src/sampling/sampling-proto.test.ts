import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSamplingStrategyParameters, encodeSamplingStrategyResponse } from './sampling-proto.js';
import { encodeStrategyProtoJson } from './strategy-json.js';
import type { SamplingStrategyResponse } from './strategy-provider.js';
import { decodeSamplingStrategyResponse, encodeSamplingStrategyParameters } from './testing/sampling-api-v2-schema.js';

const CASES: Record<string, SamplingStrategyResponse> = {
  probabilistic: { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.25 } },
  'probabilistic zero': { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0 } },
  'rate limiting': { strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: 300_000 } },
  'per operation': {
    strategyType: 'PROBABILISTIC',
    probabilisticSampling: { samplingRate: 0.5 },
    operationSampling: {
      defaultSamplingProbability: 0.5,
      defaultLowerBoundTracesPerSecond: 0.25,
      perOperationStrategies: [
        { operation: '/health', probabilisticSampling: { samplingRate: 0 } },
        { operation: 'GET /ünïcode', probabilisticSampling: { samplingRate: 1 } },
      ],
      defaultUpperBoundTracesPerSecond: 9,
    },
  },
};

describe('SamplingStrategyResponse protobuf encoding', () => {
  for (const [name, response] of Object.entries(CASES)) {
    test(`${name}: protobufjs decodes it to the same object the HTTP endpoint serves as JSON`, () => {
      const decoded = decodeSamplingStrategyResponse(encodeSamplingStrategyResponse(response));
      assert.deepEqual(decoded, JSON.parse(encodeStrategyProtoJson(response)));
    });
  }

  test('proto3 defaults are left out: a probabilistic 0 strategy is one empty sub-message', () => {
    assert.deepEqual([...encodeSamplingStrategyResponse(CASES['probabilistic zero']!)], [0x12, 0x00]);
  });
});

describe('SamplingStrategyParameters decoding', () => {
  test('reads serviceName from protobufjs-encoded bytes', () => {
    assert.equal(decodeSamplingStrategyParameters(encodeSamplingStrategyParameters('checkout-ü')), 'checkout-ü');
    assert.equal(decodeSamplingStrategyParameters(new Uint8Array()), '');
  });

  test('skips unknown fields of every wire type', () => {
    const known = encodeSamplingStrategyParameters('svc');
    const unknown = [0x10, 0x96, 0x01, 0x19, 1, 2, 3, 4, 5, 6, 7, 8, 0x22, 0x01, 0x41, 0x2d, 1, 2, 3, 4];
    assert.equal(decodeSamplingStrategyParameters(Uint8Array.from([...unknown, ...known])), 'svc');
  });

  test('truncated or malformed bytes are an Error, not a throw', () => {
    const known = encodeSamplingStrategyParameters('service');
    for (const bytes of [known.subarray(0, known.length - 2), Uint8Array.of(0x0a), Uint8Array.of(0x80), Uint8Array.of(0x0b), Uint8Array.of(0x19, 1)]) {
      assert.ok(decodeSamplingStrategyParameters(bytes) instanceof Error, Buffer.from(bytes).toString('hex'));
    }
  });
});
