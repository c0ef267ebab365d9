/**
 * Query API metrics: `ariadne_query_requests_total{operation,result}` and `ariadne_query_latency_seconds{operation}`.
 * `operation` names the route (find_traces, get_trace, v3_trace_summaries, …); `result` is ok, bad_request, not_found
 * or error (5xx).
 */
import type { FastifyInstance } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';

export interface QueryMetrics {
  requests: Counter<'operation' | 'result'>;
  latency: Histogram<'operation'>;
}

const cache = new WeakMap<Registry, QueryMetrics>();

/** The query metrics of `registry`, created on first use so that several apps may share one registry. */
export function queryMetrics(registry: Registry): QueryMetrics {
  let m = cache.get(registry);
  if (m === undefined) {
    m = {
      requests: new Counter({
        name: 'ariadne_query_requests_total',
        help: 'Query API requests by operation and result (ok, bad_request, not_found, error).',
        labelNames: ['operation', 'result'],
        registers: [registry],
      }),
      latency: new Histogram({
        name: 'ariadne_query_latency_seconds',
        help: 'Time to answer a query API request, by operation.',
        labelNames: ['operation'],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      }),
    };
    cache.set(registry, m);
  }
  return m;
}

export function resultLabel(statusCode: number): 'ok' | 'bad_request' | 'not_found' | 'error' {
  if (statusCode < 400) return 'ok';
  if (statusCode === 404) return 'not_found';
  return statusCode < 500 ? 'bad_request' : 'error';
}

/** Route option `config` naming the operation a route's requests are counted under. */
export interface OperationConfig {
  operation: string;
}

/** Counts and times every request answered in `app`'s context (its routes and its not-found handler). */
export function addMetricsHook(app: FastifyInstance, metrics: QueryMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    const config = request.routeOptions.config as Partial<OperationConfig> | undefined;
    const operation = config?.operation ?? 'unknown';
    metrics.requests.inc({ operation, result: resultLabel(reply.statusCode) });
    metrics.latency.observe({ operation }, reply.elapsedTime / 1000);
  });
}
