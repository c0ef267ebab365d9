/**
 * The memory store's Prometheus metrics, labelled `backend="memory"`: traces evicted to stay within `max_traces`, and
 * gauges of the traces and spans held. Created once per registry; several stores on one registry (tests) add up.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export interface StoredCounts {
  traces: number;
  spans: number;
}

interface RegistryMetrics {
  evicted: Counter<'backend'>;
  sources: Set<() => StoredCounts>;
}

const LABELS = { backend: 'memory' } as const;
const cache = new WeakMap<Registry, RegistryMetrics>();

export interface MemoryStoreMetrics {
  traceEvicted(): void;
  /** Stops counting this store in the gauges. */
  detach(): void;
}

export function createMemoryStoreMetrics(registry: Registry, counts: () => StoredCounts): MemoryStoreMetrics {
  const m = metricsOf(registry);
  m.sources.add(counts);
  m.evicted.inc(LABELS, 0);
  return {
    traceEvicted: () => m.evicted.inc(LABELS),
    detach: () => m.sources.delete(counts),
  };
}

function metricsOf(registry: Registry): RegistryMetrics {
  let m = cache.get(registry);
  if (m !== undefined) return m;
  const sources = new Set<() => StoredCounts>();
  const sum = (pick: (c: StoredCounts) => number): number => {
    let n = 0;
    for (const source of sources) n += pick(source());
    return n;
  };
  m = {
    sources,
    evicted: new Counter({
      name: 'ariadne_storage_evicted_traces_total',
      help: 'Traces removed from storage to make room for new ones (memory: oldest first beyond max_traces).',
      labelNames: ['backend'],
      registers: [registry],
    }),
  };
  new Gauge({
    name: 'ariadne_storage_traces',
    help: 'Traces currently held by the storage backend.',
    labelNames: ['backend'],
    registers: [registry],
    collect() {
      this.set(LABELS, sum((c) => c.traces));
    },
  });
  new Gauge({
    name: 'ariadne_storage_spans',
    help: 'Spans currently held by the storage backend.',
    labelNames: ['backend'],
    registers: [registry],
    collect() {
      this.set(LABELS, sum((c) => c.spans));
    },
  });
  cache.set(registry, m);
  return m;
}
