/**
 * Worker-thread side of the agent's threaded UDP receiver (threaded-udp-receiver.ts): owns the UDP socket, transcodes
 * each datagram into OTLP request bytes (datagram-encoders.ts) and, once per event-loop turn, transfers what it made to
 * the main thread as one buffer, with the counts the receiver's metrics need. Nothing here touches the span pipeline.
 *
 * Messages to the main thread: `listening` {port} | `error` {message} | `batch` (see `TranscodedBatch`) | `stopped`.
 * From it: `stop` (close the socket, send what is left, then `stopped`).
 */
import { createSocket } from 'node:dgram';
import { parentPort, workerData } from 'node:worker_threads';
import type { KeyValue } from '../model/index.js';
import type { AgentProtocol } from '../receivers/index.js';
import { MAX_DATAGRAM_BYTES } from '../receivers/jaeger/index.js';
import { datagramEncoder } from './datagram-encoders.js';

export interface TranscodeWorkerData {
  protocol: AgentProtocol;
  host: string;
  port: number;
  socketBufferBytes: number;
  tags: KeyValue[];
}

/** One turn's output: requests back to back in `bytes`, request `i` at `[ends[i-1], ends[i])`. */
export interface TranscodedBatch {
  type: 'batch';
  bytes: ArrayBuffer;
  ends: number[];
  spanCounts: number[];
  badDatagrams: number;
  tooLarge: number;
  rejectedSpans: number;
}

const data = workerData as TranscodeWorkerData;
const port = parentPort!;
const encode = datagramEncoder(data.protocol, data.tags);
let requests: Uint8Array[] = [];
let spanCounts: number[] = [];
let bytes = 0;
let badDatagrams = 0;
let tooLarge = 0;
let rejectedSpans = 0;
let scheduled = false;

function flush(): void {
  scheduled = false;
  if (requests.length === 0 && badDatagrams === 0 && tooLarge === 0 && rejectedSpans === 0) return;
  const out = new Uint8Array(bytes);
  const ends: number[] = [];
  let at = 0;
  for (const r of requests) {
    out.set(r, at);
    at += r.byteLength;
    ends.push(at);
  }
  const message: TranscodedBatch = { type: 'batch', bytes: out.buffer, ends, spanCounts, badDatagrams, tooLarge, rejectedSpans };
  port.postMessage(message, [out.buffer]);
  requests = [];
  spanCounts = [];
  bytes = 0;
  badDatagrams = 0;
  tooLarge = 0;
  rejectedSpans = 0;
}

function onMessage(msg: Buffer): void {
  if (msg.length > MAX_DATAGRAM_BYTES) {
    tooLarge++;
  } else {
    let r: ReturnType<typeof encode>;
    try {
      r = encode(msg);
    } catch {
      r = { ok: false, error: 'decoder failed unexpectedly' };
    }
    if (!r.ok) {
      badDatagrams++;
    } else {
      rejectedSpans += r.rejectedSpans;
      for (let i = 0; i < r.batch.requests.length; i++) {
        requests.push(r.batch.requests[i]!);
        spanCounts.push(r.batch.spanCounts[i]!);
        bytes += r.batch.requests[i]!.byteLength;
      }
    }
  }
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

const socket = createSocket({ type: data.host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: data.socketBufferBytes });
socket.once('error', (err) => port.postMessage({ type: 'error', message: err.message }));
socket.bind(data.port, data.host, () => {
  socket.on('message', onMessage);
  port.postMessage({ type: 'listening', port: socket.address().port, grantedBufferBytes: socket.getRecvBufferSize() });
});
port.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return;
  socket.close(() => {
    flush();
    port.postMessage({ type: 'stopped' });
  });
});
