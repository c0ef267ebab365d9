export type { AcceptOutcome, BatchOrigin, SpanSink } from './span-sink.js';
export { createPreparingPipeline, createSpanPipeline, mergeTraceBatches } from './span-pipeline.js';
export type { BatchWriter, DrainResult, PipelineStats, SpanPipeline, SpanPipelineOptions } from './span-pipeline.js';
export { createBatchQueue } from './batch-queue.js';
export type { BatchQueue, QueuedBatch } from './batch-queue.js';
