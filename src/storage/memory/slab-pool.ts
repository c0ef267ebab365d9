/**
 * The memory store's trace buffers, carved out of fixed-size slabs that the pool keeps and reuses itself.
 *
 * Why not one Buffer per trace, or slabs left to the garbage collector: both were measured under
 * `npm run bench:ingest`. A Buffer of its own per trace cost 3 % of the server's CPU. Slabs dropped to the garbage
 * collector cost far more: each new slab is fresh memory (page faults on first touch) and external memory that V8
 * answers with full collections, and a slab only came back after one. Reusing slabs whose traces have all gone (the
 * store evicts oldest first, so slabs empty in roughly the order they filled) took the all-in-one at its trace bound
 * from 96k to 111–115k spans per CPU-second in the same bench.
 *
 * Contract: `allocate` returns a region and the slab it lives in; every region is given back exactly once with
 * `release(slab, bytes)` (bytes = the region's length) when nothing reads it any more. A slab whose regions have all
 * been given back is reused for new regions. Regions larger than `MAX_SLICE` get a Buffer of their own (slab -1).
 */
export const SLAB_BYTES = 256 * 1024;
/** Larger regions get an allocation of their own: one large trace would otherwise pin most of a slab. */
export const MAX_SLICE = SLAB_BYTES / 8;
/** Empty slabs kept for reuse beyond this many are left to the garbage collector (e.g. after the store shrank). */
const MAX_FREE_SLABS = 64;

/** A region handed out by the pool: `buf` (exactly the bytes asked for) inside slab `slab` (-1: its own Buffer). */
export interface SlabRegion {
  buf: Buffer;
  slab: number;
}

export class SlabPool {
  private readonly slabs: (Buffer | undefined)[] = [];
  /** Bytes of live regions per slab. */
  private readonly live: number[] = [];
  private readonly free: number[] = [];
  /** Indexes in `slabs` whose slab was left to the garbage collector, for the next new slab. */
  private readonly unusedIndexes: number[] = [];
  private current = -1;
  private used = 0;

  /** Slabs the pool holds (in use or free). */
  get slabCount(): number {
    return this.slabs.length - this.unusedIndexes.length;
  }

  allocate(bytes: number, out: SlabRegion): void {
    if (bytes > MAX_SLICE) {
      out.buf = Buffer.allocUnsafeSlow(bytes);
      out.slab = -1;
      return;
    }
    if (this.current < 0 || this.used + bytes > SLAB_BYTES) this.nextSlab();
    const slab = this.current;
    out.buf = this.slabs[slab]!.subarray(this.used, this.used + bytes);
    out.slab = slab;
    this.used += bytes;
    this.live[slab]! += bytes;
  }

  /** Gives back a region of `bytes` in `slab` (a no-op for regions with a Buffer of their own). */
  release(slab: number, bytes: number): void {
    if (slab < 0) return;
    const left = (this.live[slab]! -= bytes);
    if (left === 0 && slab !== this.current) this.retire(slab);
  }

  /** Forgets every slab (all regions are given up at once, e.g. when the store is cleared). */
  clear(): void {
    this.slabs.length = 0;
    this.live.length = 0;
    this.free.length = 0;
    this.unusedIndexes.length = 0;
    this.current = -1;
    this.used = 0;
  }

  private nextSlab(): void {
    const previous = this.current;
    const reused = this.free.pop();
    if (reused !== undefined) {
      this.current = reused;
    } else {
      const index = this.unusedIndexes.pop() ?? this.slabs.length;
      this.slabs[index] = Buffer.allocUnsafeSlow(SLAB_BYTES);
      this.live[index] = 0;
      this.current = index;
    }
    this.used = 0;
    // The slab being left may already be empty (its regions released while it was current).
    if (previous >= 0 && this.live[previous] === 0) this.retire(previous);
  }

  private retire(slab: number): void {
    if (this.free.length < MAX_FREE_SLABS) {
      this.free.push(slab);
    } else {
      this.slabs[slab] = undefined;
      this.unusedIndexes.push(slab);
    }
  }
}
