/**
 * A helper transcoding thread of the agent's threaded UDP receiver (`agent.transcode_threads` ≥ 2): the socket's
 * thread (transcode-worker.ts) deals it a share of the datagrams over a MessagePort; it transcodes them and posts the
 * OTLP request bytes to the main thread like the socket's thread does (TranscodeOutput).
 *
 * From the socket's thread (`workerData.datagrams`): `datagrams` (DealtDatagrams) | `stop` (sent after the last
 * datagrams). To it: `done` {count} after each `datagrams` message, so that it can bound
 * what is in flight. To the main thread: `batch` (TranscodedBatch) | `stopped` (after everything it was dealt).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { KeyValue } from '../model/index.js';
import type { AgentProtocol } from '../receivers/index.js';
import { RingReader, type SharedRing } from './byte-ring.js';
import { datagramAppender } from './datagram-encoders.js';
import { TranscodeOutput, type HandOverPolicy } from './transcode-output.js';

export interface TranscodeHelperData {
  protocol: AgentProtocol;
  tags: KeyValue[];
  /** The helper's end of its channel to the socket's thread. */
  datagrams: MessagePort;
  /** The ring its datagrams arrive in (see DealtDatagrams). */
  inbound: SharedRing;
  handOver: HandOverPolicy;
  /** Where this thread's output goes (see TranscodeOutput). */
  ring: SharedRing;
}

/**
 * Datagrams dealt to a helper, back to back from `position` in its inbound ring, or in `bytes` (transferred) when
 * `position` is -1; datagram `i` ends `ends[i]` bytes from the start.
 */
export interface DealtDatagrams {
  type: 'datagrams';
  position: number;
  bytes: ArrayBuffer | undefined;
  ends: number[];
}

const data = workerData as TranscodeHelperData;
const main = parentPort!;
const output = new TranscodeOutput(datagramAppender(data.protocol, data.tags), main, data.handOver, data.ring);
const inbound = new RingReader(data.inbound);

data.datagrams.on('message', (m: DealtDatagrams | { type: 'stop' }) => {
  if (m.type === 'stop') {
    output.flush();
    main.postMessage({ type: 'stopped' });
    data.datagrams.close();
    return;
  }
  const total = m.ends[m.ends.length - 1] ?? 0;
  const taken = m.position >= 0 ? inbound.take(m.position, total) : undefined;
  const all = taken?.view ?? Buffer.from(m.bytes!);
  for (let i = 0, from = 0; i < m.ends.length; i++) {
    output.add(all.subarray(from, m.ends[i]!));
    from = m.ends[i]!;
  }
  taken?.release(); // transcoding copied what it needed
  data.datagrams.postMessage({ type: 'done', count: m.ends.length });
});
