/** Prometheus metrics of the span pipeline, registered once per registry. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface PipelineMetrics {
  receivedSpans: Counter<'receiver' | 'transport'>;
  acceptedSpans: Counter<'receiver' | 'transport'>;
  refusedSpans: Counter<'receiver' | 'transport' | 'reason'>;
  droppedSpans: Counter<'reason'>;
  savedSpans: Counter;
  storageWriteErrors: Counter<'retryable'>;
  queueLength: Gauge;
  queueCapacity: Gauge;
  inQueueLatency: Histogram;
  saveLatency: Histogram;
  batchSize: Histogram;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createPipelineMetrics(registry: Registry): PipelineMetrics {
  const registers = [registry];
  const rt = ['receiver', 'transport'] as const;
  return {
    receivedSpans: new Counter({
      name: 'ariadne_receiver_received_spans_total',
      help: 'Spans offered to the pipeline by receivers (accepted + refused).',
      labelNames: rt,
      registers,
    }),
    acceptedSpans: new Counter({
      name: 'ariadne_receiver_accepted_spans_total',
      help: 'Spans accepted into the pipeline queue and acknowledged to the client.',
      labelNames: rt,
      registers,
    }),
    refusedSpans: new Counter({
      name: 'ariadne_receiver_refused_spans_total',
      help: 'Spans refused with a retryable error because the queue was full or the server was shutting down.',
      labelNames: [...rt, 'reason'],
      registers,
    }),
    droppedSpans: new Counter({
      name: 'ariadne_pipeline_dropped_spans_total',
      help: 'Accepted spans that could not be stored (permanent storage error, or shutdown deadline reached).',
      labelNames: ['reason'],
      registers,
    }),
    savedSpans: new Counter({
      name: 'ariadne_pipeline_saved_spans_total',
      help: 'Spans written to storage.',
      registers,
    }),
    storageWriteErrors: new Counter({
      name: 'ariadne_storage_write_errors_total',
      help: 'Failed storage writes; retryable ones are written again.',
      labelNames: ['retryable'],
      registers,
    }),
    queueLength: new Gauge({
      name: 'ariadne_pipeline_queue_length',
      help: 'Spans waiting in the queue.',
      registers,
    }),
    queueCapacity: new Gauge({
      name: 'ariadne_pipeline_queue_capacity',
      help: 'Maximum spans the queue holds (waiting plus being written).',
      registers,
    }),
    inQueueLatency: new Histogram({
      name: 'ariadne_pipeline_in_queue_latency_seconds',
      help: 'Time a batch waited in the queue before a worker took it.',
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    saveLatency: new Histogram({
      name: 'ariadne_pipeline_save_latency_seconds',
      help: 'Time one storage write took.',
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    batchSize: new Histogram({
      name: 'ariadne_pipeline_batch_size_spans',
      help: 'Spans per storage write.',
      buckets: [1, 10, 50, 100, 500, 1000, 2000, 5000, 10000],
      registers,
    }),
  };
}
