/**
 * The socket's thread of the agent's threaded UDP receiver (threaded-udp-receiver.ts): owns the UDP socket and
 * transcodes datagrams into OTLP request bytes, which reach the main thread as TranscodeOutput says. With helper
 * threads (transcode-helper.ts) it deals each datagram whole to the least busy helper and keeps one in
 * `OWN_EVERY × helpers + 1` for itself; when every helper is `LOCAL_ABOVE` datagrams behind it transcodes the datagram
 * itself too, so a stalled helper holds a bounded number of datagrams (this thread's own transcoding then slows reading,
 * which the kernel's socket buffer absorbs or drops, counted). Nothing here touches the span pipeline.
 *
 * Messages to the main thread: `listening` {port, grantedBufferBytes} | `error` {message} | `batch` (TranscodedBatch)
 * | `stopped`. From it: `stop` (close the socket, hand out and send what is left, tell the helpers, then `stopped`).
 */
import { createSocket } from 'node:dgram';
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { KeyValue } from '../model/index.js';
import type { AgentProtocol } from '../receivers/index.js';
import { MAX_DATAGRAM_BYTES } from '../receivers/jaeger/index.js';
import { RingWriter, type SharedRing } from './byte-ring.js';
import { datagramAppender } from './datagram-encoders.js';
import type { DealtDatagrams } from './transcode-helper.js';
import { TranscodeOutput, type HandOverPolicy } from './transcode-output.js';

export interface TranscodeWorkerData {
  protocol: AgentProtocol;
  host: string;
  port: number;
  socketBufferBytes: number;
  tags: KeyValue[];
  /** This thread's ends of the channels to the helper threads (none: it transcodes everything itself). */
  helpers: MessagePort[];
  /** Per helper, the ring its datagrams are dealt through (a transferred buffer when it is full). */
  helperRings: SharedRing[];
  handOver: HandOverPolicy;
  /** Where this thread's output goes (see TranscodeOutput). */
  ring: SharedRing;
}

/**
 * Datagrams dealt to a helper and not yet reported transcoded from which it counts as behind (~50 ms of its work at
 * ~100k spans/s, ~2 MB): when all helpers are, this thread transcodes, and what a stalled helper holds stays bounded.
 */
const LOCAL_ABOVE = 512;
/**
 * Of every `OWN_EVERY × helpers + 1` datagrams this thread transcodes one: reading and dealing take it about as long as
 * one helper's share, so one in three with one helper evens the two threads out (measured at 100k spans/s: the
 * helper at 82 % of a core and this thread at 25 % when it transcoded only what helpers could not take).
 */
const OWN_EVERY = 2;

interface Helper {
  port: MessagePort;
  ring: RingWriter;
  pending: Buffer[];
  pendingBytes: number;
  inFlight: number;
}

const data = workerData as TranscodeWorkerData;
const main = parentPort!;
const output = new TranscodeOutput(datagramAppender(data.protocol, data.tags), main, data.handOver, data.ring);
const helpers: Helper[] = data.helpers.map((port, i) => ({ port, ring: new RingWriter(data.helperRings[i]!), pending: [], pendingBytes: 0, inFlight: 0 }));
for (const h of helpers) {
  h.port.on('message', (m: { type: 'done'; count: number }) => {
    h.inFlight -= m.count;
  });
}
let dealScheduled = false;
/** Datagrams read so far (stop waits until reads stop). */
let received = 0;
/** Longest a stop waits for the socket's buffer to be read empty. */
const STOP_READ_MS = 100;

/** Sends each helper the datagrams dealt to it this turn, back to back in its ring (or a transferred buffer). */
function deal(): void {
  dealScheduled = false;
  for (const h of helpers) {
    if (h.pending.length === 0) continue;
    const { position, target, offset, transfer } = h.ring.place(h.pendingBytes);
    const ends: number[] = [];
    let at = 0;
    for (const d of h.pending) {
      target.set(d, offset + at);
      at += d.length;
      ends.push(at);
    }
    const message: DealtDatagrams = { type: 'datagrams', position, bytes: transfer, ends };
    h.port.postMessage(message, transfer === undefined ? [] : [transfer]);
    h.inFlight += h.pending.length;
    h.pending = [];
    h.pendingBytes = 0;
  }
}

function onMessage(msg: Buffer): void {
  received++;
  // One datagram in `OWN_EVERY × helpers + 1` is transcoded here; the others go to the least busy helper, unless every
  // helper is behind: then here too. Reading the socket comes first on this thread (a late read is a datagram the
  // kernel drops), so the helpers do the bulk of the transcoding.
  const ownTurn = received % (OWN_EVERY * helpers.length + 1) === 0;
  let h: Helper | undefined;
  let least = ownTurn ? 0 : LOCAL_ABOVE; // no helper's backlog is below 0: an own turn stays here
  for (const candidate of helpers) {
    const backlog = candidate.inFlight + candidate.pending.length;
    if (backlog < least) {
      least = backlog;
      h = candidate;
    }
  }
  if (h !== undefined && msg.length <= MAX_DATAGRAM_BYTES) {
    h.pending.push(msg);
    h.pendingBytes += msg.length;
    if (!dealScheduled) {
      dealScheduled = true;
      setImmediate(deal);
    }
    return;
  }
  output.add(msg);
}

const socket = createSocket({ type: data.host.includes(':') ? 'udp6' : 'udp4', recvBufferSize: data.socketBufferBytes });
socket.once('error', (err) => main.postMessage({ type: 'error', message: err.message }));
socket.bind(data.port, data.host, () => {
  socket.on('message', onMessage);
  main.postMessage({ type: 'listening', port: socket.address().port, grantedBufferBytes: socket.getRecvBufferSize() });
});
main.on('message', (m: { type: string }) => {
  if (m.type !== 'stop') return;
  // Datagrams the kernel already holds are read first: until a loop turn reads none (or STOP_READ_MS passes).
  const until = performance.now() + STOP_READ_MS;
  let seen = -1;
  const readRest = (): void => {
    if (received !== seen && performance.now() < until) {
      seen = received;
      setTimeout(readRest, 1);
      return;
    }
    closeSocket();
  };
  readRest();
});

function closeSocket(): void {
  socket.close(() => {
    deal();
    for (const h of helpers) h.port.postMessage({ type: 'stop' }); // after their last datagrams, in order
    output.flush();
    main.postMessage({ type: 'stopped' });
  });
}
