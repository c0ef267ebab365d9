/**
 * Metrics of the Jaeger agent UDP receivers, beyond the shared receiver counters: UDP cannot push back, so packets
 * that find the queue full and spans the sink refuses are lost and must at least be counted.
 */
import { Counter, type Registry } from 'prom-client';
import { receiverMetrics, type Logger } from '../../telemetry/index.js';

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

/** What one Jaeger UDP receiver counts, labels bound (the in-thread receiver and the agent's threaded one share it). */
export interface UdpAccounting {
  /** Datagrams that could not be decoded. */
  undecodable(n: number): void;
  /** Datagrams above the size limit. */
  tooLarge(n: number): void;
  /** Spans left out of decoded datagrams by validation. */
  rejectedSpans(n: number): void;
  /** Decoded spans the sink refused (lost: UDP cannot ask for a retry). */
  refusedSpans(reason: 'queue_full' | 'shutting_down', n: number): void;
  /** One datagram dropped unread because the packet queue was full. */
  packetDropped(): void;
}

export function udpAccounting(registry: Registry, protocol: string): UdpAccounting {
  const metrics = receiverMetrics(registry);
  const udp = udpReceiverMetrics(registry);
  const decodeLabels = { receiver: 'jaeger', transport: 'udp', reason: 'decode' };
  const tooLargeLabels = { receiver: 'jaeger', transport: 'udp', reason: 'too_large' };
  const spanLabels = { receiver: 'jaeger', transport: 'udp' };
  const queueFullLabels = { receiver: 'jaeger', transport: 'udp', protocol, reason: 'queue_full' };
  return {
    undecodable: (n) => metrics.badRequests.inc(decodeLabels, n),
    tooLarge: (n) => metrics.badRequests.inc(tooLargeLabels, n),
    rejectedSpans: (n) => metrics.rejectedSpans.inc(spanLabels, n),
    refusedSpans: (reason, n) => udp.spansDropped.inc({ receiver: 'jaeger', transport: 'udp', protocol, reason }, n),
    packetDropped: () => udp.packetsDropped.inc(queueFullLabels),
  };
}

/** Linux reports twice the requested size (bookkeeping overhead); less than requested means net.core.rmem_max capped it. */
export function warnIfBufferCapped(logger: Logger, name: string, requested: number, granted: number): void {
  if (granted < requested) {
    logger.warn(
      { requestedBytes: requested, grantedBytes: granted },
      `${name}: the kernel granted a smaller UDP receive buffer than configured; raise net.core.rmem_max to avoid drops under bursts`,
    );
  }
}
