/**
 * Metrics of the Jaeger agent UDP receivers, beyond the shared receiver counters: UDP cannot push back, so packets
 * that find the queue full and spans the sink refuses are lost and must at least be counted.
 */
import { Counter, type Registry } from 'prom-client';

export interface UdpReceiverMetrics {
  /** Datagrams dropped before decoding because the packet queue was full (`reason`: queue_full). */
  packetsDropped: Counter<'receiver' | 'transport' | 'protocol' | 'reason'>;
  /** Decoded spans lost because the sink refused them (`reason`: queue_full, shutting_down). */
  spansDropped: Counter<'receiver' | 'transport' | 'protocol' | 'reason'>;
}

const cache = new WeakMap<Registry, UdpReceiverMetrics>();

/** The UDP metrics of `registry`, created on first use so that the compact and binary receivers share them. */
export function udpReceiverMetrics(registry: Registry): UdpReceiverMetrics {
  let m = cache.get(registry);
  if (m === undefined) {
    const labelNames = ['receiver', 'transport', 'protocol', 'reason'] as const;
    m = {
      packetsDropped: new Counter({
        name: 'ariadne_receiver_udp_packets_dropped_total',
        help: 'UDP datagrams dropped unread because the receive queue was full.',
        labelNames,
        registers: [registry],
      }),
      spansDropped: new Counter({
        name: 'ariadne_receiver_udp_spans_dropped_total',
        help: 'Spans from UDP datagrams lost because the pipeline refused them (UDP cannot ask the client to retry).',
        labelNames,
        registers: [registry],
      }),
    };
    cache.set(registry, m);
  }
  return m;
}
