/**
 * The agent's Jaeger UDP receiver with the transcoding on a worker thread (`agent.transcode_thread`): the worker owns
 * the socket and turns datagrams into OTLP request bytes (transcode-worker.ts); this side offers them to the span
 * pipeline and keeps the metrics, the same ones as the in-thread receiver (src/receivers/jaeger/udp-receiver.ts).
 *
 * Why: transcoding is ~70 % of the agent's main-thread CPU per span (docs/benchmarks.md, "UDP agent"), and bytes cross
 * threads by transfer, without the structured-clone cost that rules out a worker for span-model batches. With a core
 * to spare the agent then receives at the speed of the worker and forwards at the speed of the main thread.
 * Differences from the in-thread receiver: datagrams wait in the kernel's socket buffer rather than in a packet queue
 * of ours (a full buffer drops in the kernel), and the pipeline is offered one turn's datagrams at once, so a full
 * queue refuses them together (still counted span by span).
 */
import { Worker } from 'node:worker_threads';
import type { Registry } from 'prom-client';
import type { KeyValue } from '../model/index.js';
import type { BatchOrigin, SpanSink } from '../pipeline/index.js';
import type { AgentProtocol, Receiver } from '../receivers/index.js';
import type { Logger } from '../telemetry/index.js';
import { udpAccounting, warnIfBufferCapped } from '../receivers/jaeger/udp-metrics.js';
import type { EncodedSpans } from './encoded-spans.js';
import type { TranscodedBatch, TranscodeWorkerData } from './transcode-worker.js';

export interface ThreadedUdpReceiverOptions {
  protocol: AgentProtocol;
  host: string;
  port: number;
  sink: SpanSink<EncodedSpans>;
  tags: readonly KeyValue[];
  logger: Logger;
  registry: Registry;
  socketBufferBytes: number;
}

type WorkerMessage = TranscodedBatch | { type: 'listening'; port: number; grantedBufferBytes: number } | { type: 'error'; message: string } | { type: 'stopped' };

export function createThreadedUdpReceiver(options: ThreadedUdpReceiverOptions): Receiver {
  const { protocol, host, sink, logger } = options;
  const name = `jaeger-thrift-${protocol}`;
  const counts = udpAccounting(options.registry, protocol);
  const origin: BatchOrigin = { receiver: 'jaeger', transport: 'udp' };
  let worker: Worker | undefined;
  let bound = { host, port: options.port };
  let stopPromise: Promise<void> | undefined;

  const onBatch = (b: TranscodedBatch): void => {
    if (b.badDatagrams > 0) counts.undecodable(b.badDatagrams);
    if (b.tooLarge > 0) counts.tooLarge(b.tooLarge);
    if (b.rejectedSpans > 0) counts.rejectedSpans(b.rejectedSpans);
    if (b.ends.length === 0) return;
    const all = new Uint8Array(b.bytes);
    const requests: Uint8Array[] = [];
    let spanCount = 0;
    for (let i = 0, from = 0; i < b.ends.length; i++) {
      requests.push(all.subarray(from, b.ends[i]!));
      from = b.ends[i]!;
      spanCount += b.spanCounts[i]!;
    }
    const outcome = sink.accept({ requests, spanCounts: b.spanCounts }, spanCount, origin);
    if (outcome.status === 'refused') counts.refusedSpans(outcome.reason, spanCount);
  };

  return {
    name,
    start: () =>
      new Promise<void>((resolve, reject) => {
        const workerData: TranscodeWorkerData = { protocol, host, port: options.port, socketBufferBytes: options.socketBufferBytes, tags: [...options.tags] };
        const w = new Worker(new URL('./transcode-worker.js', import.meta.url), { workerData });
        worker = w;
        let listening = false;
        w.on('message', (m: WorkerMessage) => {
          if (m.type === 'batch') onBatch(m);
          else if (m.type === 'listening') {
            listening = true;
            bound = { host, port: m.port };
            warnIfBufferCapped(logger, name, options.socketBufferBytes, m.grantedBufferBytes);
            resolve();
          } else if (m.type === 'error') {
            if (!listening) {
              void w.terminate();
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
      (stopPromise ??= new Promise<void>((resolve) => {
        const w = worker;
        worker = undefined;
        if (w === undefined) return resolve();
        // Messages are delivered in order: every batch the worker sent is handled before `stopped` arrives.
        w.on('message', (m: WorkerMessage) => {
          if (m.type === 'stopped') void w.terminate().then(() => resolve());
        });
        w.once('exit', () => resolve());
        w.postMessage({ type: 'stop' });
      })),
    address: () => bound,
  };
}
