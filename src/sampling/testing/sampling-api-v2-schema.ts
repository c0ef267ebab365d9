/**
 * jaeger-idl `proto/api_v2/sampling.proto` (gogoproto and google.api options left out) loaded into protobufjs, so
 * tests check the hand-written encoding against a real protobuf implementation, and call `SamplingManager` as a
 * generated client would.
 */
import protobuf from 'protobufjs';

const SAMPLING_PROTO = `
syntax = "proto3";
package jaeger.api_v2;
enum SamplingStrategyType { PROBABILISTIC = 0; RATE_LIMITING = 1; }
message ProbabilisticSamplingStrategy { double samplingRate = 1; }
message RateLimitingSamplingStrategy { int32 maxTracesPerSecond = 1; }
message OperationSamplingStrategy { string operation = 1; ProbabilisticSamplingStrategy probabilisticSampling = 2; }
message PerOperationSamplingStrategies {
  double defaultSamplingProbability = 1; double defaultLowerBoundTracesPerSecond = 2;
  repeated OperationSamplingStrategy perOperationStrategies = 3; double defaultUpperBoundTracesPerSecond = 4;
}
message SamplingStrategyResponse {
  SamplingStrategyType strategyType = 1; ProbabilisticSamplingStrategy probabilisticSampling = 2;
  RateLimitingSamplingStrategy rateLimitingSampling = 3; PerOperationSamplingStrategies operationSampling = 4;
}
message SamplingStrategyParameters { string serviceName = 1; }
`;

const root = protobuf.parse(SAMPLING_PROTO, { keepCase: true }).root;
root.resolveAll();

export const SamplingStrategyResponseType = root.lookupType('jaeger.api_v2.SamplingStrategyResponse');
export const SamplingStrategyParametersType = root.lookupType('jaeger.api_v2.SamplingStrategyParameters');

/**
 * A decoded response in proto3 JSON form (enum names, defaults included, absent messages left out): the same shape
 * as the HTTP endpoint's JSON, so the two can be compared directly.
 */
export function decodeSamplingStrategyResponse(bytes: Uint8Array): unknown {
  const message = SamplingStrategyResponseType.decode(bytes);
  const object = SamplingStrategyResponseType.toObject(message, { enums: String, defaults: true, arrays: true });
  // protobufjs renders absent messages as null with `defaults`; the JSON endpoints leave them out.
  for (const [key, value] of Object.entries(object)) if (value === null) delete object[key];
  return object;
}

export function encodeSamplingStrategyParameters(serviceName: string): Uint8Array {
  return SamplingStrategyParametersType.encode(SamplingStrategyParametersType.create({ serviceName })).finish();
}
