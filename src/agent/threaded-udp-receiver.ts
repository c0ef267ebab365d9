/**
 * The agent's Jaeger UDP receiver with the transcoding on worker threads (`agent.transcode_threads` ≥ 1): one worker
 * owns the socket and turns datagrams into OTLP request bytes (transcode-worker.ts), dealing a share of them to
 * `threads − 1` helper workers (transcode-helper.ts); this side offers what they all make to the span pipeline and keeps
 * the metrics, the same ones as the in-thread receiver (src/receivers/jaeger/udp-receiver.ts).
 *
 * Why: transcoding is ~70 % of the agent's main-thread CPU per span (docs/benchmarks.md, "UDP agent"), and bytes cross
 * threads by transfer, without the structured-clone cost that rules out a worker for span-model batches. With a core
 * to spare the agent then receives at the speed of its transcoding threads and forwards at the speed of the main
 * thread; one transcoding thread alone saturates near 100k spans/s.
 * Differences from the in-thread receiver: datagrams wait in the kernel's socket buffer rather than in a packet queue
 * of ours (a full buffer drops in the kernel), and the pipeline is offered a few milliseconds' datagrams at once, so a full
 * queue refuses them together (still counted span by span).
 */
import { MessageChannel, Worker } from 'node:worker_threads';
import type { Registry } from 'prom-client';
import type { KeyValue } from '../model/index.js';
import type { BatchOrigin, SpanSink } from '../pipeline/index.js';
import type { AgentProtocol, Receiver } from '../receivers/index.js';
import type { Logger } from '../telemetry/index.js';
import { udpAccounting, warnIfBufferCapped } from '../receivers/jaeger/udp-metrics.js';
import { createSharedRing, RingReader, type SharedRing } from './byte-ring.js';
import { encodedSpans, releaseEncodedSpans, type EncodedSpans } from './encoded-spans.js';
import type { TranscodeHelperData } from './transcode-helper.js';
import type { HandOverPolicy, TranscodedBatch } from './transcode-output.js';
import type { TranscodeWorkerData } from './transcode-worker.js';

export interface ThreadedUdpReceiverOptions {
  protocol: AgentProtocol;
  host: string;
  port: number;
  sink: SpanSink<EncodedSpans>;
  tags: readonly KeyValue[];
  logger: Logger;
  registry: Registry;
  socketBufferBytes: number;
  /** Transcoding threads: the socket's own plus `threads − 1` helpers (at least 1). */
  threads: number;
  /** When the transcoding threads hand their output over (the agent's max_batch_spans and batch_timeout). */
  handOver: HandOverPolicy;
}

/** Bytes of each transcoding thread's ring: ~20k spans of room at the agent's ~400 B per span. */
const RING_BYTES = 8 * 1024 * 1024;

type WorkerMessage = TranscodedBatch | { type: 'listening'; port: number; grantedBufferBytes: number } | { type: 'error'; message: string } | { type: 'stopped' };

export function createThreadedUdpReceiver(options: ThreadedUdpReceiverOptions): Receiver {
  const { protocol, host, sink, logger } = options;
  const name = `jaeger-thrift-${protocol}`;
  const counts = udpAccounting(options.registry, protocol);
  const origin: BatchOrigin = { receiver: 'jaeger', transport: 'udp' };
  let workers: Worker[] = [];
  let bound = { host, port: options.port };
  let stopPromise: Promise<void> | undefined;

  const onBatch = (b: TranscodedBatch, ring: RingReader): void => {
    if (b.badDatagrams > 0) counts.undecodable(b.badDatagrams);
    if (b.tooLarge > 0) counts.tooLarge(b.tooLarge);
    if (b.rejectedSpans > 0) counts.rejectedSpans(b.rejectedSpans);
    if (b.length === 0) return;
    let batch: EncodedSpans;
    if (b.position >= 0) {
      const { view, release } = ring.take(b.position, b.length);
      batch = { requests: [view], spanCounts: [b.spanCount], release: [release] };
    } else {
      batch = encodedSpans(new Uint8Array(b.bytes!), b.spanCount);
    }
    const outcome = sink.accept(batch, b.spanCount, origin);
    if (outcome.status === 'refused') {
      counts.refusedSpans(outcome.reason, b.spanCount);
      releaseEncodedSpans(batch);
    }
  };

  return {
    name,
    start: () =>
      new Promise<void>((resolve, reject) => {
        const channels = Array.from({ length: Math.max(1, options.threads) - 1 }, () => new MessageChannel());
        const handOver = options.handOver;
        // Each helper gets datagrams through a ring of its own and hands its output over through another.
        const inboundRings = channels.map(() => createSharedRing(RING_BYTES));
        const helpers = channels.map((c, i) => {
          const ring = createSharedRing(RING_BYTES);
          const reader = new RingReader(ring);
          const helperData: TranscodeHelperData = {
            protocol, tags: [...options.tags], datagrams: c.port2, inbound: inboundRings[i]!, handOver, ring,
          };
          const h = new Worker(new URL('./transcode-helper.js', import.meta.url), { workerData: helperData, transferList: [c.port2] });
          h.on('message', (m: WorkerMessage) => {
            if (m.type === 'batch') onBatch(m, reader);
          });
          h.on('error', (err) => logger.error({ err }, `${name}: a transcoding helper thread failed`));
          return h;
        });
        const ring: SharedRing = createSharedRing(RING_BYTES);
        const reader = new RingReader(ring);
        const workerData: TranscodeWorkerData = {
          protocol, host, port: options.port, socketBufferBytes: options.socketBufferBytes, tags: [...options.tags],
          helpers: channels.map((c) => c.port1), helperRings: inboundRings, handOver, ring,
        };
        const w = new Worker(new URL('./transcode-worker.js', import.meta.url), { workerData, transferList: channels.map((c) => c.port1) });
        workers = [w, ...helpers];
        let listening = false;
        w.on('message', (m: WorkerMessage) => {
          if (m.type === 'batch') onBatch(m, reader);
          else if (m.type === 'listening') {
            listening = true;
            bound = { host, port: m.port };
            warnIfBufferCapped(logger, name, options.socketBufferBytes, m.grantedBufferBytes);
            resolve();
          } else if (m.type === 'error') {
            if (!listening) {
              for (const x of workers) void x.terminate();
              workers = [];
              reject(new Error(`${name} receiver cannot bind UDP ${host}:${options.port}: ${m.message}`));
            } else {
              logger.error({ error: m.message }, `${name} socket error`);
            }
          }
        });
        w.on('error', (err) => {
          logger.error({ err }, `${name}: transcoding thread failed`);
          if (!listening) reject(err);
        });
      }),
    stop: () =>
      (stopPromise ??= (async () => {
        const all = workers;
        workers = [];
        if (all.length === 0) return;
        // Messages from one worker arrive in order: every batch a worker sent is handled before its `stopped`. The
        // socket's thread tells the helpers to stop after dealing them its last datagrams.
        const stopped = all.map(
          (w) =>
            new Promise<void>((resolve) => {
              w.on('message', (m: WorkerMessage) => {
                if (m.type === 'stopped') resolve();
              });
              w.once('exit', () => resolve());
            }),
        );
        all[0]!.postMessage({ type: 'stop' });
        await Promise.all(stopped);
        await Promise.all(all.map((w) => w.terminate()));
      })()),
    address: () => bound,
  };
}
