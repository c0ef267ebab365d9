/**
 * The sampling strategy a client receives from Jaeger's remote sampling endpoints, in the shape of
 * `jaeger.api_v2.SamplingStrategyResponse` under the proto3 JSON mapping (camelCase names, enums as their names).
 *
 * Clients that read it: `jaeger-client` (npm) RemoteControlledSampler switches on `strategyType` and reads
 * `probabilisticSampling.samplingRate` / `rateLimitingSampling.maxTracesPerSecond`, and prefers `operationSampling`
 * when present; the OTel `jaeger_remote` sampler parses the same JSON (and the same message over gRPC).
 */
export type SamplingStrategyType = 'PROBABILISTIC' | 'RATE_LIMITING';

/** `ProbabilisticSamplingStrategy`: sample a trace with this probability, 0..1. */
export interface ProbabilisticSampling {
  readonly samplingRate: number;
}

/** `RateLimitingSamplingStrategy`: sample at most this many traces per second (an int32 on the wire). */
export interface RateLimitingSampling {
  readonly maxTracesPerSecond: number;
}

/** `OperationSamplingStrategy`: a probabilistic rate for one operation (span name). */
export interface OperationSamplingStrategy {
  readonly operation: string;
  readonly probabilisticSampling: ProbabilisticSampling;
}

/**
 * `PerOperationSamplingStrategies`: per-operation probabilistic rates, with a default rate for operations not listed
 * and a lower bound of traces per second that clients guarantee per operation ("guaranteed throughput").
 */
export interface PerOperationSampling {
  readonly defaultSamplingProbability: number;
  readonly defaultLowerBoundTracesPerSecond: number;
  readonly perOperationStrategies: readonly OperationSamplingStrategy[];
  /** Absent means 0 (unset); the JSON and protobuf encodings emit it as 0, as Jaeger does. */
  readonly defaultUpperBoundTracesPerSecond?: number;
}

/** `SamplingStrategyResponse`. Exactly the members that apply are present; absent ones are omitted, never null. */
export interface SamplingStrategyResponse {
  readonly strategyType: SamplingStrategyType;
  readonly probabilisticSampling?: ProbabilisticSampling;
  readonly rateLimitingSampling?: RateLimitingSampling;
  readonly operationSampling?: PerOperationSampling;
}

/**
 * Answers "which strategy should service X use". Implementations: the strategies-file provider (collector and
 * all-in-one) and, in the agent role, a proxy to the collector.
 *
 * Contract: resolves with a strategy for every service name (an unknown service gets the default strategy); the
 * returned object is shared and must not be mutated. Rejects only when no answer is possible (e.g. the upstream
 * collector is unreachable); callers map a rejection to HTTP 500 / gRPC UNAVAILABLE-or-INTERNAL.
 */
export interface SamplingStrategyProvider {
  strategyFor(serviceName: string): Promise<SamplingStrategyResponse>;
}

/**
 * The rejection a provider uses when an answer is temporarily impossible (e.g. the agent cannot reach its
 * collector): served as HTTP 503 with Retry-After and gRPC UNAVAILABLE, so clients keep their current strategy and
 * retry. Any other rejection is served as HTTP 500 / gRPC INTERNAL.
 */
export class SamplingUnavailableError extends Error {
  override readonly name = 'SamplingUnavailableError';
}

export function isSamplingUnavailableError(err: unknown): err is SamplingUnavailableError {
  return err instanceof SamplingUnavailableError;
}
