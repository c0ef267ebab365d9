/**
 * Appends records to the active segment log with group commit.
 *
 * `reserve` hands out file offsets in call order (synchronously), so the log's record order is decided on the event
 * loop; `write` then fills the reserved range with a positional write on the thread pool, several at once.
 * `waitDurable(end)` resolves once every byte below `end` is written and covered by an fdatasync. Syncs are grouped:
 * one starts when some waiter's bytes are all written and at least `fsyncIntervalMs` passed since the previous one
 * started, and it covers every waiter whose bytes were written before it began.
 *
 * Durability promise built on this: a batch is acknowledged only after the sync covering it, and never before the
 * bytes in front of it are durable too, so recovery (which stops at the first torn record) never drops an
 * acknowledged write.
 */
import { close, fdatasync, writev } from 'node:fs';
import { StorageError } from '../api/index.js';

interface Pending {
  end: number;
  done: boolean;
}

interface Waiter {
  end: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export interface SyncObserver {
  (seconds: number): void;
}

export class LogAppender {
  private reserved: number;
  private written: number;
  private synced: number;
  private readonly pending: Pending[] = [];
  private waiters: Waiter[] = [];
  private syncing = false;
  private lastSyncStart = 0;
  private timer: NodeJS.Timeout | undefined;
  private failure: Error | undefined;
  private closed = false;

  constructor(
    private readonly fd: number,
    size: number,
    durableSize: number,
    private readonly fsyncIntervalMs: number,
    private readonly onSync: SyncObserver = () => {},
  ) {
    this.reserved = size;
    this.written = size;
    this.synced = durableSize;
  }

  /** Bytes reserved so far: the log's length once every write lands. */
  get size(): number {
    return this.reserved;
  }

  get failed(): Error | undefined {
    return this.failure;
  }

  /** Claims `length` bytes at the end of the log and returns their offset. */
  reserve(length: number): number {
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) throw new StorageError('segment_closed', 'the segment log no longer takes writes', { retryable: true });
    const offset = this.reserved;
    this.reserved += length;
    this.pending.push({ end: this.reserved, done: false });
    return offset;
  }

  /** Writes `buffers` at `offset` (a range from `reserve`) and resolves when they are durable. */
  async append(offset: number, buffers: Buffer[]): Promise<void> {
    let end = offset;
    for (const b of buffers) end += b.length;
    const slot = this.pending.find((p) => p.end === end);
    try {
      await this.writeAll(offset, buffers);
    } catch (err) {
      this.fail(err);
      throw this.failure;
    }
    if (slot !== undefined) slot.done = true;
    while (this.pending.length > 0 && this.pending[0]!.done) this.written = this.pending.shift()!.end;
    if (this.failure !== undefined) throw this.failure;
    await new Promise<void>((resolve, reject) => {
      this.waiters.push({ end, resolve, reject });
      this.maybeSync();
    });
  }

  /** Waits for every reserved write to land and be synced; the log then takes no more writes. */
  async close(): Promise<void> {
    if (this.closed) return;
    const end = this.reserved;
    if (this.failure === undefined && end > this.synced) {
      await new Promise<void>((resolve, reject) => {
        this.waiters.push({ end, resolve, reject });
        this.maybeSync();
      }).catch(() => {});
    }
    this.closed = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await new Promise<void>((resolve) => close(this.fd, () => resolve()));
  }

  private writeAll(offset: number, buffers: Buffer[]): Promise<void> {
    return new Promise((resolve, reject) => {
      let position = offset;
      let rest = buffers;
      const step = (): void => {
        writev(this.fd, rest, position, (err, n) => {
          if (err) return reject(err);
          position += n;
          let skip = n;
          while (rest.length > 0 && skip >= rest[0]!.length) skip -= rest.shift()!.length;
          if (rest.length === 0) return resolve();
          if (skip > 0) rest = [rest[0]!.subarray(skip), ...rest.slice(1)];
          step();
        });
      };
      step();
    });
  }

  private maybeSync(): void {
    if (this.syncing || this.failure !== undefined) return;
    const target = this.written;
    if (!this.waiters.some((w) => w.end <= target)) return;
    const wait = this.lastSyncStart + this.fsyncIntervalMs - Date.now();
    if (wait > 0) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.maybeSync();
      }, wait);
      return;
    }
    this.syncing = true;
    this.lastSyncStart = Date.now();
    const t0 = process.hrtime.bigint();
    fdatasync(this.fd, (err) => {
      this.syncing = false;
      if (err) {
        this.fail(err);
        return;
      }
      this.onSync(Number(process.hrtime.bigint() - t0) / 1e9);
      this.synced = Math.max(this.synced, target);
      const still: Waiter[] = [];
      for (const w of this.waiters) {
        if (w.end <= this.synced) w.resolve();
        else still.push(w);
      }
      this.waiters = still;
      this.maybeSync();
    });
  }

  private fail(err: unknown): void {
    if (this.failure !== undefined) return;
    this.failure = new StorageError('segment_write_failed', `writing the segment log failed: ${(err as Error).message}`, {
      retryable: true,
      cause: err,
    });
    for (const w of this.waiters) w.reject(this.failure);
    this.waiters = [];
  }
}
