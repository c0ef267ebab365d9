/**
 * Compresses a write's page bodies on a worker thread, all pages in one message: one round trip per write instead of
 * a zlib stream object (and its garbage) per page on the event loop, and on a machine with a spare core the
 * compression of one write overlaps the encoding of the next. The bodies' memory is transferred, not copied.
 */
import { Worker } from 'node:worker_threads';
import { StorageError } from '../api/index.js';
import type { Codec } from './page-format.js';

type Reply = { id: number; ok: true; bodies: Uint8Array[] } | { id: number; ok: false; error: string };

interface Pending {
  resolve: (bodies: Buffer[]) => void;
  reject: (err: Error) => void;
}

export class PageCompressor {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly codec: Codec) {}

  /** The compressed bodies, in order. `bodies` are unusable afterwards (their memory moves to the worker). */
  compress(bodies: Buffer[]): Promise<Buffer[]> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    const transfer = bodies.map((b) => b.buffer as ArrayBuffer);
    // A body sharing its ArrayBuffer with others (pooled small Buffers) cannot be transferred: copy those.
    const owned = bodies.map((b, i) => (b.byteOffset === 0 && b.byteLength === transfer[i]!.byteLength ? b : Buffer.from(b)));
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, codec: this.codec, bodies: owned }, [...new Set(owned.map((b) => b.buffer as ArrayBuffer))]);
    });
  }

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w !== undefined) await w.terminate();
  }

  private start(): Worker {
    const worker = new Worker(new URL('./compress-worker.js', import.meta.url));
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const p = this.pending.get(reply.id);
      if (p === undefined) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.ok) p.resolve(reply.bodies.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength)));
      else p.reject(new StorageError('compression_failed', `compressing pages failed: ${reply.error}`, { retryable: true }));
    });
    const fail = (err: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) {
        p.reject(new StorageError('compression_failed', `the compression worker stopped: ${err.message}`, { retryable: true, cause: err }));
      }
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.pending.size > 0) fail(new Error(`exit code ${code}`));
      else if (this.worker === worker) this.worker = undefined;
    });
    this.worker = worker;
    return worker;
  }
}
