/**
 * The two JSON forms of a sampling strategy that Jaeger's HTTP endpoints serve:
 *
 * - proto3 JSON (`/sampling` on 5778, `/api/sampling` on 14268): camelCase fields, enums as names, defaults emitted
 *   (so `"strategyType":"PROBABILISTIC"` appears although it is the zero value) but absent messages left out, never
 *   null. `jaeger-client` (npm) compares `strategyType` with the string `'PROBABILISTIC'`, so this is the form it needs.
 * - legacy Thrift 0.9.2 JSON (`/?service=` on 5778, and every other path in Jaeger v2): the same fields with
 *   `strategyType` as its integer code (0 probabilistic, 1 rate limiting), `maxTracesPerSecond` an int16.
 *
 * Field order follows the proto and Thrift declarations, as Jaeger's encoders emit them.
 */
import type { PerOperationSampling, SamplingStrategyResponse } from './strategy-provider.js';

/** Thrift's `RateLimitingSamplingStrategy.maxTracesPerSecond` is an i16. */
export const LEGACY_MAX_TRACES_PER_SECOND = 32_767;

const protoJsonCache = new WeakMap<SamplingStrategyResponse, string>();

/** proto3 JSON of `response`. Memoised per response object: providers hand out the same object until a reload. */
export function encodeStrategyProtoJson(response: SamplingStrategyResponse): string {
  let json = protoJsonCache.get(response);
  if (json === undefined) {
    json = JSON.stringify({
      strategyType: response.strategyType,
      ...members(response),
    });
    protoJsonCache.set(response, json);
  }
  return json;
}

/**
 * Legacy Thrift JSON of `response`, or an Error when the strategy cannot be expressed in Thrift (a rate limit above
 * 32767 traces/s), which Jaeger answers with 500 too.
 */
export function encodeStrategyLegacyJson(response: SamplingStrategyResponse): string | Error {
  const limit = response.rateLimitingSampling?.maxTracesPerSecond;
  if (limit !== undefined && limit > LEGACY_MAX_TRACES_PER_SECOND) {
    return new Error(
      `maxTracesPerSecond ${limit} does not fit the legacy Thrift encoding (at most ${LEGACY_MAX_TRACES_PER_SECOND}); ` +
        'clients should request /sampling instead',
    );
  }
  return JSON.stringify({
    strategyType: response.strategyType === 'RATE_LIMITING' ? 1 : 0,
    ...members(response),
  });
}

function members(response: SamplingStrategyResponse): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (response.probabilisticSampling !== undefined) {
    out['probabilisticSampling'] = { samplingRate: response.probabilisticSampling.samplingRate };
  }
  if (response.rateLimitingSampling !== undefined) {
    out['rateLimitingSampling'] = { maxTracesPerSecond: response.rateLimitingSampling.maxTracesPerSecond };
  }
  if (response.operationSampling !== undefined) out['operationSampling'] = perOperation(response.operationSampling);
  return out;
}

function perOperation(s: PerOperationSampling): Record<string, unknown> {
  return {
    defaultSamplingProbability: s.defaultSamplingProbability,
    defaultLowerBoundTracesPerSecond: s.defaultLowerBoundTracesPerSecond,
    perOperationStrategies: s.perOperationStrategies.map((o) => ({
      operation: o.operation,
      probabilisticSampling: { samplingRate: o.probabilisticSampling.samplingRate },
    })),
    defaultUpperBoundTracesPerSecond: s.defaultUpperBoundTracesPerSecond ?? 0,
  };
}
