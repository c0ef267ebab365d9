/** Worker thread entry: compresses the page bodies the store sends (see page-compressor.ts). */
import { parentPort } from 'node:worker_threads';
import { packBodies, unpackBodies, type PackedBodies } from './page-compressor.js';
import type { Codec } from './page-format.js';
import { compressPageSync } from './page-record.js';

interface Task {
  id: number;
  codec: Codec;
  packed: PackedBodies;
}

parentPort?.on('message', (task: Task) => {
  try {
    const packed = packBodies(unpackBodies(task.packed).map((b) => compressPageSync(b, task.codec)));
    parentPort!.postMessage({ id: task.id, ok: true, packed }, [packed.data.buffer as ArrayBuffer]);
  } catch (err) {
    parentPort!.postMessage({ id: task.id, ok: false, error: (err as Error).message });
  }
});
