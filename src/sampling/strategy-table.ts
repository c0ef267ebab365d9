/**
 * Resolves a parsed strategies file into the responses served per service, with Jaeger's rules:
 *
 * - `probabilistic` → PROBABILISTIC with `samplingRate = param`; `ratelimiting` → RATE_LIMITING with
 *   `maxTracesPerSecond = trunc(param)`; any other type → the default (probabilistic `defaultSamplingProbability`),
 *   with a warning.
 * - `operation_strategies` become `operationSampling`: its `defaultSamplingProbability` is the strategy's own rate when
 *   probabilistic, else the configured default; lower bound 0. Operation entries support probabilistic only: a
 *   `ratelimiting` one is dropped with a warning.
 * - A service without operation strategies inherits the default strategy's `operationSampling`, with its own rate
 *   as `defaultSamplingProbability` when it is probabilistic. A service with its own list gets the default's
 *   entries appended for operations it does not list (its own entries win).
 * - Lookup: exact service name, else the default strategy (from the file, else probabilistic
 *   `defaultSamplingProbability`). A service listed twice keeps its last entry, with a warning.
 */
import type { FileDefaultStrategy, FileOperationStrategy, FileStrategy, StrategiesFile } from './strategies-file.js';
import type { OperationSamplingStrategy, PerOperationSampling, SamplingStrategyResponse } from './strategy-provider.js';

export interface StrategyTable {
  readonly defaultStrategy: SamplingStrategyResponse;
  readonly services: ReadonlyMap<string, SamplingStrategyResponse>;
}

/** Receives the resolution warnings (unknown types, dropped operation entries, duplicate services). */
export type StrategyWarning = (message: string, path: string) => void;

/** The table when there is no strategies file: every service gets probabilistic `defaultSamplingProbability`. */
export function defaultStrategyTable(defaultSamplingProbability: number): StrategyTable {
  return { defaultStrategy: deepFreeze(probabilistic(defaultSamplingProbability)), services: new Map() };
}

export function buildStrategyTable(
  file: StrategiesFile,
  defaultSamplingProbability: number,
  warn: StrategyWarning = () => undefined,
): StrategyTable {
  const resolver = { defaultSamplingProbability, warn };
  const defaultStrategy =
    file.default_strategy === undefined
      ? probabilistic(defaultSamplingProbability)
      : resolveWithOperations(file.default_strategy, 'default_strategy', resolver);
  const defaultOps = defaultStrategy.operationSampling;
  const services = new Map<string, SamplingStrategyResponse>();
  file.service_strategies.forEach((s, i) => {
    const path = `service_strategies[${i}]`;
    if (services.has(s.service)) warn(`service "${s.service}" is listed more than once; the last entry wins`, path);
    let strategy = resolveWithOperations(s, path, resolver);
    if (defaultOps !== undefined) strategy = inheritDefaultOperations(strategy, defaultOps);
    services.set(s.service, deepFreeze(strategy));
  });
  return { defaultStrategy: deepFreeze(defaultStrategy), services };
}

/** The strategy for `service` in `table`. */
export function lookupStrategy(table: StrategyTable, service: string): SamplingStrategyResponse {
  return table.services.get(service) ?? table.defaultStrategy;
}

interface Resolver {
  defaultSamplingProbability: number;
  warn: StrategyWarning;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function resolveWithOperations(s: FileDefaultStrategy, path: string, r: Resolver): Mutable<SamplingStrategyResponse> {
  const strategy: Mutable<SamplingStrategyResponse> = resolveStrategy(s, path, r);
  if (s.operation_strategies.length === 0) return strategy;
  const perOperationStrategies: OperationSamplingStrategy[] = [];
  s.operation_strategies.forEach((op, i) => {
    const resolved = resolveOperation(op, `${path}.operation_strategies[${i}]`, r);
    if (resolved !== undefined) perOperationStrategies.push(resolved);
  });
  strategy.operationSampling = {
    defaultSamplingProbability: strategy.probabilisticSampling?.samplingRate ?? r.defaultSamplingProbability,
    defaultLowerBoundTracesPerSecond: 0,
    perOperationStrategies,
  };
  return strategy;
}

function resolveOperation(op: FileOperationStrategy, path: string, r: Resolver): OperationSamplingStrategy | undefined {
  const s = resolveStrategy(op, path, r);
  if (s.probabilisticSampling === undefined) {
    r.warn(
      `operation "${op.operation}": operation strategies support probabilistic sampling only; ` +
        'the entry is ignored and the operation gets the default probability',
      path,
    );
    return undefined;
  }
  return { operation: op.operation, probabilisticSampling: s.probabilisticSampling };
}

function resolveStrategy(s: FileStrategy, path: string, r: Resolver): SamplingStrategyResponse {
  switch (s.type) {
    case 'probabilistic':
      return probabilistic(s.param);
    case 'ratelimiting':
      return { strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: Math.trunc(s.param) } };
    default:
      r.warn(
        `unknown sampling type "${s.type}" (use "probabilistic" or "ratelimiting"); ` +
          `using probabilistic ${r.defaultSamplingProbability}`,
        path,
      );
      return probabilistic(r.defaultSamplingProbability);
  }
}

function inheritDefaultOperations(
  strategy: Mutable<SamplingStrategyResponse>,
  defaultOps: PerOperationSampling,
): SamplingStrategyResponse {
  const own = strategy.operationSampling;
  if (own === undefined) {
    const rate = strategy.probabilisticSampling?.samplingRate;
    strategy.operationSampling = rate === undefined ? defaultOps : { ...defaultOps, defaultSamplingProbability: rate };
    return strategy;
  }
  const listed = new Set(own.perOperationStrategies.map((o) => o.operation));
  const inherited = defaultOps.perOperationStrategies.filter((o) => !listed.has(o.operation));
  if (inherited.length > 0) {
    strategy.operationSampling = { ...own, perOperationStrategies: [...own.perOperationStrategies, ...inherited] };
  }
  return strategy;
}

function probabilistic(samplingRate: number): Mutable<SamplingStrategyResponse> {
  return { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate } };
}

/** Responses are shared between requests; freezing makes an accidental mutation throw instead of leaking. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
