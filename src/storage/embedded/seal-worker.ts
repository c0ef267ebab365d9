/** Worker thread entry: seals the segments the store sends (see seal-segment.ts). */
import { parentPort } from 'node:worker_threads';
import { sealSegmentFiles, type SealTask } from './seal-segment.js';

parentPort?.on('message', (task: SealTask) => {
  try {
    parentPort!.postMessage({ ok: true, logSize: sealSegmentFiles(task) });
  } catch (err) {
    parentPort!.postMessage({ ok: false, error: (err as Error).message });
  }
});
