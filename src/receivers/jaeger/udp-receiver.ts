/**
 * Jaeger agent UDP receivers: `emitBatch` datagrams in the Thrift compact protocol (default port 6831) or binary
 * protocol (6832). Datagrams go into a bounded queue and are decoded on a `setImmediate` loop, a few per turn, so a
 * burst cannot starve the event loop; when the queue is full new datagrams are dropped and counted. Undecodable
 * datagrams count as bad requests; spans the sink refuses are dropped and counted (UDP cannot push back).
 *
 * What a datagram becomes is the caller's choice: the span model by default (collectors), or anything a `decode`
 * function makes of it (the agent transcodes compact datagrams straight into OTLP request bytes).
 *
 * Decoding stays on the event loop's thread: a worker thread would have to hand decoded span-model batches back, and
 * structured cloning one costs the receiving thread ~5x what decoding it does (measured on bench:udp's datagrams: ~32
 * µs per span to deserialize against ~6 µs to decode; docs/benchmarks.md "UDP agent"). Encoded bytes, as the agent
 * makes, could be transferred without that cost: the next step for the agent's throughput.
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Registry } from 'prom-client';
import type { TraceBatch } from '../../model/index.js';
import type { BatchOrigin, SpanSink } from '../../pipeline/index.js';
import type { Logger } from '../../telemetry/index.js';
import { decodeJaegerAgentBinaryDatagram, decodeJaegerAgentCompactDatagram, type TraceDecodeResult } from '../../translate/index.js';
import type { Receiver } from '../receiver.js';
import { udpAccounting, warnIfBufferCapped } from './udp-metrics.js';

export type AgentProtocol = 'compact' | 'binary';

/** What `decode` makes of a datagram: a batch of `spanCount` spans (some may have been rejected), or why it cannot. */
export type DatagramDecodeResult<B> =
  | { ok: true; batch: B; spanCount: number; rejectedSpans: number }
  | { ok: false; error: string };

export interface JaegerUdpReceiverOptions<B = TraceBatch> {
  protocol: AgentProtocol;
  host: string;
  port: number;
  sink: SpanSink<B>;
  /** Turns one datagram into a batch; never throws for bad input. Default: the span model decoder of `protocol`. */
  decode?: (datagram: Buffer) => DatagramDecodeResult<B>;
  logger: Logger;
  registry: Registry;
  /** Requested kernel receive buffer (SO_RCVBUF). Default 8 MiB; a warning is logged when the kernel grants less. */
  socketBufferBytes?: number;
  /** Datagrams waiting to be decoded before new ones are dropped. Default 1000. */
  queueSize?: number;
}

/** Jaeger agent's limit; larger datagrams are truncated by the kernel and rejected as undecodable. */
export const MAX_DATAGRAM_BYTES = 65_000;
const DECODES_PER_TURN = 64;

const DECODERS: Record<AgentProtocol, (d: Uint8Array) => TraceDecodeResult> = {
  compact: decodeJaegerAgentCompactDatagram,
  binary: decodeJaegerAgentBinaryDatagram,
};

export function createJaegerUdpReceiver(options: JaegerUdpReceiverOptions): Receiver;
export function createJaegerUdpReceiver<B>(options: JaegerUdpReceiverOptions<B> & { decode: (datagram: Buffer) => DatagramDecodeResult<B> }): Receiver;
export function createJaegerUdpReceiver<B>(options: JaegerUdpReceiverOptions<B>): Receiver {
  const { protocol, host, sink, logger } = options;
  const name = `jaeger-thrift-${protocol}`;
  // Without `decode` the batches are the span model (the first overload).
  const decode = options.decode ?? (DECODERS[protocol] as unknown as (datagram: Buffer) => DatagramDecodeResult<B>);
  const capacity = Math.max(1, options.queueSize ?? 1000);
  // SO_RCVBUF is a C int: larger requests are clamped (the kernel caps them far lower anyway).
  const bufferBytes = Math.min(options.socketBufferBytes ?? 8 * 1024 * 1024, 2 ** 31 - 1);
  const counts = udpAccounting(options.registry, protocol);
  const origin: BatchOrigin = { receiver: 'jaeger', transport: 'udp' };

  // Ring buffer of pending datagrams.
  const queue: Array<Buffer | undefined> = new Array<Buffer | undefined>(capacity);
  let head = 0;
  let length = 0;
  let scheduled = false;
  let socket: Socket | undefined;
  let bound: { host: string; port: number } = { host, port: options.port };
  let stopPromise: Promise<void> | undefined;

  const onMessage = (msg: Buffer): void => {
    if (length === capacity) {
      counts.packetDropped();
      return;
    }
    queue[(head + length) % capacity] = msg;
    length++;
    if (!scheduled) {
      scheduled = true;
      setImmediate(drain);
    }
  };

  function drain(): void {
    scheduled = false;
    for (let n = 0; n < DECODES_PER_TURN && length > 0; n++) {
      const msg = queue[head]!;
      queue[head] = undefined;
      head = (head + 1) % capacity;
      length--;
      handle(msg);
    }
    if (length > 0) {
      scheduled = true;
      setImmediate(drain);
    }
  }

  function handle(msg: Buffer): void {
    if (msg.length > MAX_DATAGRAM_BYTES) {
      counts.tooLarge(1);
      return;
    }
    let decoded: DatagramDecodeResult<B>;
    try {
      decoded = decode(msg);
    } catch (err) {
      logger.error({ err }, `${name}: decoder failed unexpectedly`);
      counts.undecodable(1);
      return;
    }
    if (!decoded.ok) {
      counts.undecodable(1);
      logger.debug({ error: decoded.error, bytes: msg.length }, `${name}: dropped undecodable datagram`);
      return;
    }
    if (decoded.rejectedSpans > 0) counts.rejectedSpans(decoded.rejectedSpans);
    if (decoded.spanCount === 0) return;
    const outcome = sink.accept(decoded.batch, decoded.spanCount, origin);
    if (outcome.status === 'refused') {
      counts.refusedSpans(outcome.reason, decoded.spanCount);
    }
  }

  return {
    name,
    start: () =>
      new Promise<void>((resolve, reject) => {
        const s = createSocket({ type: host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: bufferBytes });
        const onError = (err: Error): void => {
          s.close();
          reject(new Error(`${name} receiver cannot bind UDP ${host}:${options.port}: ${err.message}`));
        };
        s.once('error', onError);
        s.bind(options.port, host, () => {
          s.off('error', onError);
          s.on('error', (err) => logger.error({ err }, `${name} socket error`));
          s.on('message', onMessage);
          socket = s;
          const a = s.address();
          bound = { host, port: a.port };
          checkBuffer(s, bufferBytes, name, logger);
          resolve();
        });
      }),
    stop: () =>
      (stopPromise ??= new Promise<void>((resolve) => {
        const s = socket;
        socket = undefined;
        if (s === undefined) return resolve();
        s.close(() => {
          // Decode what was already received before reporting stopped.
          while (length > 0) drain();
          resolve();
        });
      })),
    address: () => bound,
  };
}

function checkBuffer(s: Socket, requested: number, name: string, logger: Logger): void {
  let granted: number;
  try {
    granted = s.getRecvBufferSize();
  } catch {
    return;
  }
  warnIfBufferCapped(logger, name, requested, granted);
}
