/**
 * The stored traces: a ring of `maxTraces` slots in first-seen order plus a map from trace id to its record. A new
 * trace id takes the next slot and evicts the trace that held it (FIFO by first sight, as Jaeger's memory store does).
 * Each record keeps its spans encoded back to back in one Buffer (see span-codec.ts).
 */
import { SlabPool, type SlabRegion } from './slab-pool.js';

const EMPTY = Buffer.alloc(0);
/** Records this many insertions old are trimmed to their exact size: by then most traces have all their spans. */
const TRIM_LAG = 256;
/** The first appends to a trace allocate exactly; later ones grow by half to keep many small appends linear. */
const EXACT_APPENDS = 4;
export class TraceRecord {
  readonly traceId: string;
  slot: number;
  data: Buffer = EMPTY;
  /** The pool slab `data` lives in (see SlabPool; -1: none or a Buffer of its own). */
  slab = -1;
  used = 0;
  spanCount = 0;
  appends = 0;
  minStart: bigint;
  maxEnd: bigint;
  evicted = false;
  /** Bytes of the batch being written that are still to be copied in (write path only). */
  pendingBytes = 0;

  constructor(traceId: string, slot: number, start: bigint, end: bigint) {
    this.traceId = traceId;
    this.slot = slot;
    this.minStart = start;
    this.maxEnd = end;
  }
}

export class TraceTable {
  readonly maxTraces: number;
  private readonly slots: (TraceRecord | undefined)[] = [];
  private next = 0;
  private readonly byId = new Map<string, TraceRecord>();
  private readonly onEvict: (record: TraceRecord) => void;
  private readonly buffers = new SlabPool();
  /** Reused output of `buffers.allocate`. */
  private readonly region: SlabRegion = { buf: EMPTY, slab: -1 };
  spanCount = 0;

  constructor(maxTraces: number, onEvict: (record: TraceRecord) => void) {
    this.maxTraces = maxTraces;
    this.onEvict = onEvict;
  }

  get size(): number {
    return this.byId.size;
  }

  get(traceId: string): TraceRecord | undefined {
    return this.byId.get(traceId);
  }

  /** The record of `traceId`, created in the next slot (evicting its previous holder) when the id is new. */
  getOrCreate(traceId: string, start: bigint, end: bigint): TraceRecord {
    const known = this.byId.get(traceId);
    if (known !== undefined) return known;
    const slot = this.next;
    const old = this.slots[slot];
    if (old !== undefined) this.evict(old);
    const record = new TraceRecord(traceId, slot, start, end);
    if (slot === this.slots.length) this.slots.push(record);
    else this.slots[slot] = record;
    this.byId.set(traceId, record);
    this.next = slot + 1 === this.maxTraces ? 0 : slot + 1;
    this.trimSettled(slot);
    return record;
  }

  /** Makes room for `extra` more bytes in `record.data`. */
  reserve(record: TraceRecord, extra: number): void {
    const need = record.used + extra;
    if (need <= record.data.length) return;
    const capacity = record.appends < EXACT_APPENDS ? need : Math.max(need, Math.floor(record.data.length * 1.5));
    this.move(record, capacity);
  }

  /** Visits records newest first (by first sight) until `visit` returns false. */
  forEachNewestFirst(visit: (record: TraceRecord) => boolean): void {
    const n = this.slots.length;
    for (let i = 0, slot = this.next - 1; i < n; i++, slot--) {
      if (slot < 0) slot = n - 1;
      const record = this.slots[slot];
      if (record !== undefined && !visit(record)) return;
    }
  }

  clear(): void {
    for (const record of this.byId.values()) record.evicted = true;
    this.byId.clear();
    this.buffers.clear();
    this.slots.length = 0;
    this.next = 0;
    this.spanCount = 0;
  }

  private evict(record: TraceRecord): void {
    this.onEvict(record);
    record.evicted = true;
    this.buffers.release(record.slab, record.data.length);
    record.data = EMPTY;
    record.slab = -1;
    this.byId.delete(record.traceId);
    this.slots[record.slot] = undefined;
    this.spanCount -= record.spanCount;
  }

  private trimSettled(newestSlot: number): void {
    if (this.slots.length <= TRIM_LAG) return;
    let slot = newestSlot - TRIM_LAG;
    if (slot < 0) slot += this.slots.length;
    const record = this.slots[slot];
    if (record === undefined || record.data.length - record.used <= (record.used >> 3) + 64) return;
    this.move(record, record.used);
  }

  /** Moves `record`'s bytes into a new region of `capacity` bytes and gives the old one back. */
  private move(record: TraceRecord, capacity: number): void {
    const region = this.region;
    this.buffers.allocate(capacity, region);
    if (record.used > 0) record.data.copy(region.buf, 0, 0, record.used);
    this.buffers.release(record.slab, record.data.length);
    record.data = region.buf;
    record.slab = region.slab;
    region.buf = EMPTY;
  }
}
