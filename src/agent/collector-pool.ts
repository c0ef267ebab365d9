/**
 * The collectors an agent forwards to: one grpc-js channel each, chosen round-robin, with a short cool-down after a
 * failure so that a dead or hanging collector is tried last (not first, on every other batch) until it answers again.
 */
import { Client, credentials, type ChannelOptions } from '@grpc/grpc-js';

export interface Collector {
  /** The configured target, e.g. `collector:4317` or `dns:///collector-headless:4317`; used as a metrics label. */
  readonly target: string;
  readonly client: Client;
}

export interface CollectorPoolOptions {
  targets: readonly string[];
  /** gzip request compression. */
  gzip: boolean;
  /** Largest request the channel may send (the forwarder splits batches to stay under it). */
  maxSendMessageBytes: number;
}

export interface CollectorPool {
  /**
   * Every collector once, in the order to try them for the next request: round-robin among those not cooling down,
   * then the cooling ones (soonest available first), so a request fails over across all before giving up.
   */
  order(): Collector[];
  /** Records a successful call: the collector is preferred again. */
  succeeded(collector: Collector): void;
  /** Records a failed call: the collector cools down, longer after each consecutive failure (up to 5 s). */
  failed(collector: Collector): void;
  close(): void;
}

const COOL_DOWN_MIN_MS = 100;
const COOL_DOWN_MAX_MS = 5_000;
const GZIP = 2; // grpc-js CompressionAlgorithms.gzip

interface Entry {
  collector: Collector;
  coolUntil: number;
  failures: number;
}

export function createCollectorPool(options: CollectorPoolOptions): CollectorPool {
  const entries: Entry[] = options.targets.map((target) => ({
    collector: { target, client: new Client(target, credentials.createInsecure(), channelOptions(target, options)) },
    coolUntil: 0,
    failures: 0,
  }));
  const byCollector = new Map<Collector, Entry>(entries.map((e) => [e.collector, e]));
  let next = 0;
  return {
    order() {
      const now = Date.now();
      const n = entries.length;
      const start = next;
      next = (next + 1) % n;
      const ready: Collector[] = [];
      const cooling: Entry[] = [];
      for (let i = 0; i < n; i++) {
        const e = entries[(start + i) % n]!;
        if (e.coolUntil <= now) ready.push(e.collector);
        else cooling.push(e);
      }
      if (cooling.length > 1) cooling.sort((a, b) => a.coolUntil - b.coolUntil);
      for (const e of cooling) ready.push(e.collector);
      return ready;
    },
    succeeded(collector) {
      const e = byCollector.get(collector);
      if (e === undefined) return;
      e.failures = 0;
      e.coolUntil = 0;
    },
    failed(collector) {
      const e = byCollector.get(collector);
      if (e === undefined) return;
      e.failures++;
      e.coolUntil = Date.now() + Math.min(COOL_DOWN_MAX_MS, COOL_DOWN_MIN_MS * 2 ** Math.min(e.failures - 1, 16));
    },
    close() {
      for (const e of entries) e.collector.client.close();
    },
  };
}

function channelOptions(target: string, options: CollectorPoolOptions): ChannelOptions {
  const out: ChannelOptions = {
    'grpc.max_send_message_length': options.maxSendMessageBytes,
    // grpc-js backs off reconnects up to 120 s by default: a collector back after a restart would be ignored that long.
    'grpc.initial_reconnect_backoff_ms': 100,
    'grpc.max_reconnect_backoff_ms': 2_000,
    // The pipeline retries with its own back-off; a transparent retry inside the channel would only hide failures.
    'grpc.enable_retries': 0,
  };
  // A DNS name with several addresses (a headless Service) spreads requests over all of them, as Jaeger's agent did.
  if (target.startsWith('dns:')) out['grpc.service_config'] = JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] });
  if (options.gzip) out['grpc.default_compression_algorithm'] = GZIP;
  return out;
}
