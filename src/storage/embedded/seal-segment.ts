/**
 * Sealing: writes a segment's index file from its log. Done on a worker thread for segments that filled up under
 * load (sorting and writing the index of a full segment takes long enough to stall the event loop), and inline at
 * startup and for small segments.
 */
import { Worker } from 'node:worker_threads';
import { readSegmentContents } from './segment-contents.js';
import { writeSegmentIndex } from './segment-index-file.js';

export interface SealTask {
  logPath: string;
  idxPath: string;
  sealedAtMs: number;
}

/** Scans the log and writes its index; returns the log length the index covers. */
export function sealSegmentFiles(task: SealTask): number {
  const { contents, validLength } = readSegmentContents(task.logPath);
  writeSegmentIndex(task.idxPath, contents, validLength, task.sealedAtMs);
  return validLength;
}

/** One worker thread that seals segments, one task at a time; it does not keep the process alive when idle. */
export class SealWorker {
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  run(task: SealTask): Promise<number> {
    const next = this.queue.then(() => this.runNow(task));
    this.queue = next.catch(() => {});
    return next;
  }

  async close(): Promise<void> {
    await this.queue;
    const w = this.worker;
    this.worker = undefined;
    if (w !== undefined) await w.terminate();
  }

  private runNow(task: SealTask): Promise<number> {
    const worker = (this.worker ??= new Worker(new URL('./seal-worker.js', import.meta.url)));
    worker.ref();
    return new Promise<number>((resolve, reject) => {
      const onError = (err: Error): void => {
        cleanup();
        this.worker = undefined;
        reject(err);
      };
      const onMessage = (msg: { ok: true; logSize: number } | { ok: false; error: string }): void => {
        cleanup();
        if (msg.ok) resolve(msg.logSize);
        else reject(new Error(msg.error));
      };
      const cleanup = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.unref();
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.postMessage(task);
    });
  }
}
