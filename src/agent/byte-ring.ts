/**
 * A ring of byte regions in a SharedArrayBuffer, written by one thread (a transcoding thread of the agent) and read and
 * given back by another (the main thread), so that transcoded requests reach the forwarder without a new buffer each.
 *
 * Why: every ArrayBuffer the main thread receives or allocates counts against V8's old-generation limit until the next
 * full collection (external memory since the last mark-compact). At ~90k spans/s the agent's main thread took a
 * transferred buffer per hand-over, a concatenation per export call and grpc-js's framing copy: ~100 MB/s, and a full
 * collection every ~200 ms that cost the main thread and V8's helper threads about half a core (docs/benchmarks.md,
 * "UDP agent"). Regions of this ring are seen through views; only grpc-js's copy is left.
 *
 * Positions count bytes written since the start, modulo 2^32; the ring's size is a power of two, so a position's
 * offset is `position & (size − 1)`. A region never wraps: when it does not fit before the end, the writer skips to
 * the start (the gap is freed with the region). The reader gives regions back in any order and publishes, through
 * Atomics, the position up to which every region was given back; the writer never writes past it.
 */

/** What both sides share: the bytes and the reader's published position. */
export interface SharedRing {
  data: SharedArrayBuffer;
  /** Int32 [0]: position up to which the reader gave every region back. */
  control: SharedArrayBuffer;
}

/** A ring of `sizeBytes` (a power of two); positions start at `startPosition` (tests start near 2^32 to wrap). */
export function createSharedRing(sizeBytes: number, startPosition = 0): SharedRing {
  if (sizeBytes < 1024 || (sizeBytes & (sizeBytes - 1)) !== 0) throw new Error(`ring size must be a power of two ≥ 1024, got ${sizeBytes}`);
  const ring = { data: new SharedArrayBuffer(sizeBytes), control: new SharedArrayBuffer(4) };
  new Int32Array(ring.control)[0] = startPosition | 0;
  return ring;
}

/** The writing side (one thread). */
export class RingWriter {
  readonly bytes: Uint8Array;
  private readonly control: Int32Array;
  private readonly size: number;
  private head: number;

  constructor(ring: SharedRing) {
    this.bytes = new Uint8Array(ring.data);
    this.control = new Int32Array(ring.control);
    this.size = ring.data.byteLength;
    this.head = Atomics.load(this.control, 0) >>> 0;
  }

  /**
   * Reserves `length` contiguous bytes; returns the region's position (write at `bytes[position & (size − 1)]`), or -1
   * when the reader still holds too much.
   */
  reserve(length: number): number {
    const size = this.size;
    if (length > size) return -1;
    const offset = this.head & (size - 1);
    const skip = offset + length > size ? size - offset : 0;
    const used = (this.head - Atomics.load(this.control, 0)) >>> 0;
    if (used + skip + length > size) return -1;
    const position = (this.head + skip) >>> 0;
    this.head = (position + length) >>> 0;
    return position;
  }

  offsetOf(position: number): number {
    return position & (this.size - 1);
  }

  /**
   * Room for `length` bytes to hand over: a region of the ring (`position` ≥ 0), or, when the ring is full (or
   * `length` is 0), a new buffer to transfer instead (`position` -1, `transfer` set). Write at `target[offset…]`.
   */
  place(length: number): Placement {
    const position = length === 0 ? -1 : this.reserve(length);
    if (position >= 0) return { position, target: this.bytes, offset: this.offsetOf(position), transfer: undefined };
    const target = new Uint8Array(length);
    return { position, target, offset: 0, transfer: target.buffer };
  }
}

/** See `RingWriter.place`. */
export interface Placement {
  position: number;
  target: Uint8Array;
  offset: number;
  transfer: ArrayBuffer | undefined;
}

/** The reading side (one thread): views of regions, and their return. */
export class RingReader {
  private readonly data: SharedArrayBuffer;
  private readonly control: Int32Array;
  private readonly mask: number;
  /** Regions from `first` on are not yet given back in order: their end positions and whether each was given back. */
  private readonly ends: number[] = [];
  private readonly done: boolean[] = [];
  private first = 0;
  /** Sequence number of the region at index 0 of `ends` and `done`; the next region's is `base + ends.length`. */
  private base = 0;

  constructor(ring: SharedRing) {
    this.data = ring.data;
    this.control = new Int32Array(ring.control);
    this.mask = ring.data.byteLength - 1;
  }

  /**
   * A view of the region at `position` (regions must be taken in the order they were written) and the function that
   * gives it back; call it once, when nothing reads the view any more.
   */
  take(position: number, length: number): { view: Buffer; release: () => void } {
    const seq = this.base + this.ends.length;
    this.ends.push((position + length) >>> 0);
    this.done.push(false);
    const view = Buffer.from(this.data, position & this.mask, length);
    return { view, release: () => this.giveBack(seq) };
  }

  /** Regions taken and not yet given back. */
  get held(): number {
    let n = 0;
    for (let i = this.first; i < this.done.length; i++) if (!this.done[i]) n++;
    return n;
  }

  private giveBack(seq: number): void {
    const index = seq - this.base;
    if (index < this.first || this.done[index] !== false) return;
    this.done[index] = true;
    let first = this.first;
    let end = -1;
    while (first < this.done.length && this.done[first]) end = this.ends[first++]!;
    if (end === -1) return;
    this.first = first;
    Atomics.store(this.control, 0, end | 0);
    if (first === this.done.length || first > 1024) {
      this.ends.splice(0, first);
      this.done.splice(0, first);
      this.base += first;
      this.first = 0;
    }
  }
}
