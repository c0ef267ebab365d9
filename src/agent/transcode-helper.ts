/**
 * A helper transcoding thread of the agent's threaded UDP receiver (`agent.transcode_threads` ≥ 2): the socket's
 * thread (transcode-worker.ts) deals it a share of the datagrams over a MessagePort; it transcodes them and posts the
 * OTLP request bytes to the main thread like the socket's thread does (TranscodeOutput).
 *
 * From the socket's thread (`workerData.datagrams`): `datagrams` {bytes, ends} (datagram `i` at `[ends[i-1], ends[i])`)
 * | `stop` (sent after the last datagrams). To it: `done` {count} after each `datagrams` message, so that it can bound
 * what is in flight. To the main thread: `batch` (TranscodedBatch) | `stopped` (after everything it was dealt).
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import type { KeyValue } from '../model/index.js';
import type { AgentProtocol } from '../receivers/index.js';
import type { SharedRing } from './byte-ring.js';
import { datagramEncoder } from './datagram-encoders.js';
import { TranscodeOutput, type HandOverPolicy } from './transcode-output.js';

export interface TranscodeHelperData {
  protocol: AgentProtocol;
  tags: KeyValue[];
  /** The helper's end of its channel to the socket's thread. */
  datagrams: MessagePort;
  handOver: HandOverPolicy;
  /** Where this thread's output goes (see TranscodeOutput). */
  ring: SharedRing;
}

/** Datagrams dealt to a helper, back to back in `bytes`. */
export interface DealtDatagrams {
  type: 'datagrams';
  bytes: ArrayBuffer;
  ends: number[];
}

const data = workerData as TranscodeHelperData;
const main = parentPort!;
const output = new TranscodeOutput(datagramEncoder(data.protocol, data.tags), main, data.handOver, data.ring);

data.datagrams.on('message', (m: DealtDatagrams | { type: 'stop' }) => {
  if (m.type === 'stop') {
    output.flush();
    main.postMessage({ type: 'stopped' });
    data.datagrams.close();
    return;
  }
  for (let i = 0, from = 0; i < m.ends.length; i++) {
    output.add(Buffer.from(m.bytes, from, m.ends[i]! - from));
    from = m.ends[i]!;
  }
  data.datagrams.postMessage({ type: 'done', count: m.ends.length });
});
