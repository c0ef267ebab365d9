/**
 * Compresses a write's page bodies on a worker thread, all pages in one message: one round trip per write instead of
 * a zlib stream object (and its garbage) per page on the event loop, and on a machine with a spare core the
 * compression of one write overlaps the encoding of the next.
 *
 * Each way the pages travel as one buffer (bodies back to back, with their lengths), transferred, not copied: one
 * transfer per message instead of one per page, and compressed bodies no longer sit each in its own zlib output
 * chunk (16 KiB for a page of a few KiB), which the event loop's heap accounting counted in full.
 */
import { Worker } from 'node:worker_threads';
import { StorageError } from '../api/index.js';
import type { Codec } from './page-format.js';

/** Page bodies back to back in `data`: body i is `lengths[i]` bytes, after the bodies before it. */
export interface PackedBodies {
  data: Uint8Array;
  lengths: number[];
}

type Reply = { id: number; ok: true; packed: PackedBodies } | { id: number; ok: false; error: string };

/** `bodies` copied into one buffer of their own (transferable). */
export function packBodies(bodies: readonly Uint8Array[]): PackedBodies {
  let total = 0;
  for (const b of bodies) total += b.byteLength;
  const data = new Uint8Array(total);
  const lengths: number[] = [];
  let at = 0;
  for (const b of bodies) {
    data.set(b, at);
    at += b.byteLength;
    lengths.push(b.byteLength);
  }
  return { data, lengths };
}

/** The bodies of `packed`, as views of its buffer. */
export function unpackBodies(packed: PackedBodies): Buffer[] {
  const out: Buffer[] = [];
  let at = packed.data.byteOffset;
  for (const n of packed.lengths) {
    out.push(Buffer.from(packed.data.buffer, at, n));
    at += n;
  }
  return out;
}

interface Pending {
  resolve: (bodies: Buffer[]) => void;
  reject: (err: Error) => void;
}

export class PageCompressor {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(private readonly codec: Codec) {}

  /** The compressed bodies, in order (`bodies` are copied: the caller keeps them). */
  compress(bodies: readonly Buffer[]): Promise<Buffer[]> {
    const worker = this.worker ?? this.start();
    const id = this.nextId++;
    const packed = packBodies(bodies);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) worker.ref();
      worker.postMessage({ id, codec: this.codec, packed }, [packed.data.buffer as ArrayBuffer]);
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
      if (reply.ok) p.resolve(unpackBodies(reply.packed));
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
