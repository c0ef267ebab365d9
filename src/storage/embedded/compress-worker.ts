/** Worker thread entry: compresses the page bodies the store sends (see page-compressor.ts). */
import { parentPort } from 'node:worker_threads';
import { compressPageSync } from './page-record.js';
import type { Codec } from './page-format.js';

interface Task {
  id: number;
  codec: Codec;
  bodies: Uint8Array[];
}

parentPort?.on('message', (task: Task) => {
  try {
    const out = task.bodies.map((b) => compressPageSync(Buffer.from(b.buffer, b.byteOffset, b.byteLength), task.codec));
    parentPort!.postMessage({ id: task.id, ok: true, bodies: out }, out.map((b) => b.buffer as ArrayBuffer));
  } catch (err) {
    parentPort!.postMessage({ id: task.id, ok: false, error: (err as Error).message });
  }
});
