/**
 * The embedded store's Prometheus metrics: what it holds (segments, spans, bytes on disk), what retention removed and
 * why (`reason="age"` past the retention period, `reason="size"` beyond max_disk_size), group-commit fsync latency,
 * bytes written, torn bytes cut at recovery, and spans encoded into pages by which encoder (`encoder="native"`, or
 * "javascript" where the native encoder is not built, is turned off or declined a batch). Created once per registry;
 * several stores on one registry (tests) add up in the gauges.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface StoreGauges {
  segments: number;
  spans: number;
  diskBytes: number;
}

export type DeletionReason = 'age' | 'size';

export type PageEncoder = 'native' | 'javascript';

export interface EmbeddedMetrics {
  deleted(reason: DeletionReason, spans: number): void;
  synced(seconds: number): void;
  written(bytes: number): void;
  truncated(bytes: number): void;
  encoded(spans: number, encoder: PageEncoder): void;
  detach(): void;
}

interface RegistryMetrics {
  deletedSegments: Counter<'reason'>;
  deletedSpans: Counter<'reason'>;
  fsync: Histogram;
  written: Counter;
  truncated: Counter;
  encoded: Counter<'encoder'>;
  sources: Set<() => StoreGauges>;
}

const cache = new WeakMap<Registry, RegistryMetrics>();

export function createEmbeddedMetrics(registry: Registry | undefined, gauges: () => StoreGauges): EmbeddedMetrics {
  if (registry === undefined) {
    return { deleted() {}, synced() {}, written() {}, truncated() {}, encoded() {}, detach() {} };
  }
  const m = metricsOf(registry);
  m.sources.add(gauges);
  return {
    deleted(reason, spans) {
      m.deletedSegments.inc({ reason });
      m.deletedSpans.inc({ reason }, spans);
    },
    synced: (seconds) => m.fsync.observe(seconds),
    written: (bytes) => m.written.inc(bytes),
    truncated: (bytes) => m.truncated.inc(bytes),
    encoded: (spans, encoder) => m.encoded.inc({ encoder }, spans),
    detach: () => m.sources.delete(gauges),
  };
}

function metricsOf(registry: Registry): RegistryMetrics {
  const known = cache.get(registry);
  if (known !== undefined) return known;
  const sources = new Set<() => StoreGauges>();
  const gauge = (name: string, help: string, pick: (g: StoreGauges) => number): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        let n = 0;
        for (const source of sources) n += pick(source());
        this.set(n);
      },
    });
  };
  gauge('ariadne_storage_embedded_segments', 'Segments (log files) the embedded store holds.', (g) => g.segments);
  gauge('ariadne_storage_embedded_spans', 'Spans the embedded store holds.', (g) => g.spans);
  gauge('ariadne_storage_embedded_disk_bytes', 'Bytes of segment logs and indexes on disk.', (g) => g.diskBytes);
  const m: RegistryMetrics = {
    sources,
    deletedSegments: new Counter({
      name: 'ariadne_storage_retention_deleted_segments_total',
      help: 'Segments deleted by retention: reason="age" (older than storage.embedded.retention) or "size" (beyond max_disk_size).',
      labelNames: ['reason'],
      registers: [registry],
    }),
    deletedSpans: new Counter({
      name: 'ariadne_storage_retention_deleted_spans_total',
      help: 'Spans in the segments deleted by retention, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    }),
    fsync: new Histogram({
      name: 'ariadne_storage_embedded_fsync_seconds',
      help: 'Duration of group-commit fdatasync calls.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    written: new Counter({
      name: 'ariadne_storage_embedded_written_bytes_total',
      help: 'Bytes appended to segment logs.',
      registers: [registry],
    }),
    truncated: new Counter({
      name: 'ariadne_storage_embedded_recovered_truncated_bytes_total',
      help: 'Bytes of torn or corrupt log tails cut off at startup (writes a crash interrupted; never acknowledged ones).',
      registers: [registry],
    }),
    encoded: new Counter({
      name: 'ariadne_storage_embedded_encoded_spans_total',
      help: 'Spans encoded into pages, by encoder: "native" (native/), or "javascript" (not built, storage.embedded.native_pages=false, a batch it declined, or spans that did not arrive as OTLP/protobuf).',
      labelNames: ['encoder'],
      registers: [registry],
    }),
  };
  m.encoded.inc({ encoder: 'native' }, 0);
  m.encoded.inc({ encoder: 'javascript' }, 0);
  m.deletedSegments.inc({ reason: 'age' }, 0);
  m.deletedSegments.inc({ reason: 'size' }, 0);
  m.deletedSpans.inc({ reason: 'age' }, 0);
  m.deletedSpans.inc({ reason: 'size' }, 0);
  cache.set(registry, m);
  return m;
}
