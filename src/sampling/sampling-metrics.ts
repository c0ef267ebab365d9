/**
 * Remote sampling metrics, shared by every endpoint serving strategies in one registry (5778 HTTP, 14268
 * `/api/sampling`, gRPC on 14250) and by the strategies-file provider.
 */
import { Counter, type Registry } from 'prom-client';

/** How a sampling request ended. */
export type SamplingRequestOutcome = 'ok' | 'bad_request' | 'method_not_allowed' | 'unavailable' | 'error';

export interface SamplingMetrics {
  /** Strategy requests by `transport` (http, grpc) and `outcome`. */
  requests: Counter<'transport' | 'outcome'>;
  /** Strategy (re)loads by `outcome` (ok, failed); a failed load keeps the previous strategies. */
  reloads: Counter<'outcome'>;
}

const cache = new WeakMap<Registry, SamplingMetrics>();

/** The sampling metrics of `registry`, created on first use. */
export function samplingMetrics(registry: Registry): SamplingMetrics {
  let m = cache.get(registry);
  if (m === undefined) {
    m = {
      requests: new Counter({
        name: 'ariadne_sampling_requests_total',
        help: 'Remote sampling strategy requests, by transport (http, grpc) and outcome.',
        labelNames: ['transport', 'outcome'],
        registers: [registry],
      }),
      reloads: new Counter({
        name: 'ariadne_sampling_strategy_reloads_total',
        help: 'Loads of the sampling strategies file, by outcome (ok, failed); a failed load keeps the previous strategies.',
        labelNames: ['outcome'],
        registers: [registry],
      }),
    };
    cache.set(registry, m);
  }
  return m;
}
