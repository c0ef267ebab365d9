/**
 * Metrics of the agent role, beyond the pipeline's and the UDP receivers' own: what was sent to which collector, what
 * failed, and every span lost, by reason, in one counter. Drop reasons:
 * - `queue_full`, `shutting_down`: decoded from UDP while the queue had no room or the agent was stopping;
 * - `rejected_by_collector`: the collector answered with an OTLP partial success rejecting them;
 * - `collector_error`: a permanent export error (e.g. INVALID_ARGUMENT, UNIMPLEMENTED), not retried;
 * - `too_large`: one span bigger than the largest export request allowed;
 * - `shutdown_deadline`: still queued or in flight when the SIGTERM drain deadline passed.
 * Datagrams lost before decoding (socket buffer or packet queue full) are counted in packets, not spans, by
 * `ariadne_receiver_udp_packets_dropped_total`.
 */
import { Counter, type Registry } from 'prom-client';

export type AgentDropReason =
  | 'queue_full'
  | 'shutting_down'
  | 'rejected_by_collector'
  | 'collector_error'
  | 'too_large'
  | 'shutdown_deadline';

export interface AgentMetrics {
  /** Spans decoded from UDP and offered to the queue. */
  spansReceived: Counter;
  spansDropped: Counter<'reason'>;
  /** Spans the collector acknowledged (sent minus rejected). */
  spansForwarded: Counter;
  batchesSent: Counter<'collector'>;
  batchesFailed: Counter<'collector' | 'code'>;
}

const cache = new WeakMap<Registry, AgentMetrics>();

/** The agent metrics of `registry`, created on first use. */
export function agentMetrics(registry: Registry): AgentMetrics {
  let m = cache.get(registry);
  if (m !== undefined) return m;
  const registers = [registry];
  m = {
    spansReceived: new Counter({
      name: 'ariadne_agent_spans_received_total',
      help: 'Spans decoded from Jaeger UDP datagrams and offered to the forwarding queue.',
      registers,
    }),
    spansDropped: new Counter({
      name: 'ariadne_agent_spans_dropped_total',
      help: 'Spans the agent lost, by reason (queue_full, shutting_down, rejected_by_collector, collector_error, too_large, shutdown_deadline).',
      labelNames: ['reason'],
      registers,
    }),
    spansForwarded: new Counter({
      name: 'ariadne_agent_spans_forwarded_total',
      help: 'Spans a collector acknowledged.',
      registers,
    }),
    batchesSent: new Counter({
      name: 'ariadne_agent_batches_sent_total',
      help: 'Export requests a collector acknowledged, by collector.',
      labelNames: ['collector'],
      registers,
    }),
    batchesFailed: new Counter({
      name: 'ariadne_agent_batches_failed_total',
      help: 'Export requests that failed, by collector and gRPC status (retryable ones are retried).',
      labelNames: ['collector', 'code'],
      registers,
    }),
  };
  cache.set(registry, m);
  return m;
}
