/** What the route plugins share: storage readers, the adjusted-trace service, logging, metrics and the clock. */
import type { DependencyReader, TraceReader } from '../storage/api/index.js';
import type { Logger } from '../telemetry/index.js';
import type { QueryMetrics } from './query-metrics.js';
import type { TraceService } from './trace-service.js';

export interface QueryContext {
  reader: TraceReader;
  dependencies: DependencyReader;
  traces: TraceService;
  logger: Logger;
  metrics: QueryMetrics;
  /** Current time, ns since the epoch. */
  nowNs(): bigint;
  /** How far back a classic search looks when it has neither `start` nor `lookback` (Jaeger: 2 days). */
  defaultSearchLookbackNs: bigint;
}
