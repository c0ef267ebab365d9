/**
 * The sink the agent's UDP receivers hand spans to: the forwarding pipeline, with every offered span counted as
 * received and every refused one as dropped by reason. UDP cannot ask the client to retry, so a refusal is a loss and
 * must show in `ariadne_agent_spans_dropped_total`.
 */
import type { SpanSink } from '../pipeline/index.js';
import type { AgentMetrics } from './agent-metrics.js';

export function createCountingSink<B>(next: SpanSink<B>, metrics: AgentMetrics): SpanSink<B> {
  const queueFull = { reason: 'queue_full' };
  const shuttingDown = { reason: 'shutting_down' };
  return {
    accept(batch, spanCount, origin) {
      metrics.spansReceived.inc(spanCount);
      const outcome = next.accept(batch, spanCount, origin);
      if (outcome.status === 'refused') {
        metrics.spansDropped.inc(outcome.reason === 'queue_full' ? queueFull : shuttingDown, spanCount);
      }
      return outcome;
    },
  };
}
