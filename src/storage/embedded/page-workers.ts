/**
 * Worker threads that take page work off the event loop: compressing a write's page bodies, and encoding a batch
 * into pages from its received bytes and compressing them (encode-task.ts). One message per batch or write each way.
 *
 * Bodies travel as one buffer (back to back, with their lengths), transferred, not copied: one transfer per message
 * instead of one per page, and compressed bodies no longer sit each in its own zlib output chunk (16 KiB for a page of
 * a few KiB), which the event loop's heap accounting counted in full.
 *
 * Work goes to the thread with the fewest tasks outstanding. Threads start on first use and keep the process alive
 * only while they have work.
 */
import { Worker } from 'node:worker_threads';
import { StorageError } from '../api/index.js';
import type { EncodeTask } from './encode-task.js';
import type { EncodedPage } from './page-builder.js';
import type { Codec, PageMeta } from './page-format.js';

/** What each thread is started with. */
export interface PageWorkerData {
  /** Encode batches with the native encoder when it loads (native-pages.ts). */
  nativePages: boolean;
}

/** Page bodies back to back in `data`: body i is `lengths[i]` bytes, after the bodies before it. */
export interface PackedBodies {
  data: Uint8Array;
  lengths: number[];
}

/** What the page worker is asked (page-worker.ts). */
export type PageWorkerRequest =
  | { id: number; kind: 'compress'; codec: Codec; packed: PackedBodies }
  | { id: number; kind: 'encode'; codec: Codec; task: EncodeTask };

/** What it answers: compressed bodies, with the pages' metas for an encode. */
export type PageWorkerReply =
  | { id: number; ok: true; packed: PackedBodies; metas?: PageMeta[]; native?: boolean }
  | { id: number; ok: false; error: string; retryable: boolean };

/** Pages encoded and compressed on a worker thread. */
export interface EncodedOffThread {
  /** The pages, without their uncompressed bodies. */
  pages: EncodedPage[];
  compressed: Buffer[];
  /** Whether the native encoder built them. */
  native: boolean;
}

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

const NO_BODY = Buffer.alloc(0);

/** A meta as sent by a thread: a Buffer crosses threads as a plain Uint8Array (whose `toString` ignores encodings). */
function asBufferFields(meta: PageMeta): PageMeta {
  const ids = meta.chunkTraceIds as Uint8Array;
  meta.chunkTraceIds = Buffer.from(ids.buffer, ids.byteOffset, ids.byteLength);
  return meta;
}

interface Pending {
  resolve: (reply: PageWorkerReply & { ok: true }) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker | undefined;
  pending: Map<number, Pending>;
}

export class PageWorkers {
  private readonly slots: Slot[] = [];
  private nextId = 1;

  /** `threads` ≥ 1: how many worker threads at most. */
  constructor(
    private readonly codec: Codec,
    threads: number,
    private readonly data: PageWorkerData = { nativePages: true },
  ) {
    for (let i = 0; i < Math.max(1, threads); i++) this.slots.push({ worker: undefined, pending: new Map() });
  }

  get threads(): number {
    return this.slots.length;
  }

  /** The compressed bodies, in order (`bodies` are copied: the caller keeps them). */
  async compress(bodies: readonly Buffer[]): Promise<Buffer[]> {
    const packed = packBodies(bodies);
    const reply = await this.send({ id: this.nextId++, kind: 'compress', codec: this.codec, packed }, [packed.data.buffer as ArrayBuffer]);
    return unpackBodies(reply.packed);
  }

  /** The task's pages, encoded and compressed on a thread (its bytes are copied: the caller keeps the task). */
  async encode(task: EncodeTask): Promise<EncodedOffThread> {
    // A view is cloned with its whole ArrayBuffer: send views of part of a larger buffer (pooled, framed) as copies.
    const bufs = task.bufs.map((b) => (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b : new Uint8Array(b)));
    const reply = await this.send({ id: this.nextId++, kind: 'encode', codec: this.codec, task: { ...task, bufs } }, []);
    const pages = (reply.metas ?? []).map((meta) => ({ meta: asBufferFields(meta), body: NO_BODY }));
    return { pages, compressed: unpackBodies(reply.packed), native: reply.native === true };
  }

  async close(): Promise<void> {
    const workers = this.slots.map((s) => s.worker);
    for (const s of this.slots) s.worker = undefined;
    await Promise.all(workers.map((w) => w?.terminate()));
  }

  private send(request: PageWorkerRequest, transfer: ArrayBuffer[]): Promise<PageWorkerReply & { ok: true }> {
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.pending.size < slot.pending.size) slot = s;
    const worker = slot.worker ?? this.start(slot);
    return new Promise((resolve, reject) => {
      slot.pending.set(request.id, { resolve, reject });
      if (slot.pending.size === 1) worker.ref();
      worker.postMessage(request, transfer);
    });
  }

  private start(slot: Slot): Worker {
    const worker = new Worker(new URL('./page-worker.js', import.meta.url), { workerData: this.data });
    worker.unref();
    worker.on('message', (reply: PageWorkerReply) => {
      const p = slot.pending.get(reply.id);
      if (p === undefined) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      if (reply.ok) p.resolve(reply);
      else p.reject(new StorageError('page_work_failed', `encoding or compressing pages failed: ${reply.error}`, { retryable: reply.retryable }));
    });
    const fail = (err: Error): void => {
      if (slot.worker === worker) slot.worker = undefined;
      for (const p of slot.pending.values()) {
        p.reject(new StorageError('page_work_failed', `a page worker thread stopped: ${err.message}`, { retryable: true, cause: err }));
      }
      slot.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (slot.pending.size > 0) fail(new Error(`exit code ${code}`));
      else if (slot.worker === worker) slot.worker = undefined;
    });
    slot.worker = worker;
    return worker;
  }
}
