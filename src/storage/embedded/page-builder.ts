/**
 * Turns a batch into pages (see page-format.ts): spans grouped by trace in order of first appearance, each trace's
 * chunk kept together unless it alone outgrows a page. Pages are returned uncompressed; compressing them is the
 * caller's choice (and may happen off the event loop).
 */
import { countSpans, serviceNameOf, spanWireFor, type ResourceSpans, type Span, type TraceBatch } from '../../model/index.js';
import { StorageError } from '../api/index.js';
import { ByteWriter } from './byte-writer.js';
import type { OperationCatalog } from './operation-catalog.js';
import { bloomAdd, bloomBytesFor } from './bloom-filter.js';
import { Codec, PAGE_TARGET_BYTES, type PageMeta } from './page-format.js';
import { PageStringTable } from './page-strings.js';
import { writeSpan } from './span-codec.js';
import { hashTerm } from './term-hash.js';
import { TermSet } from './term-set.js';
import { writeAttributes } from './value-codec.js';

/** A page before compression. */
export interface EncodedPage {
  meta: PageMeta;
  body: Buffer;
}

export const TERM_BLOOM_BITS = 8;
const HEX32 = /^[0-9a-f]{32}$/;
const MAX_U64 = (1n << 64n) - 1n;
const DURATION_SLACK = 2048;

/** Flattened view of a batch: span i is `spans[i]`, from resource `resourceOf[i]` and scope slot `scopeOf[i]`. */
interface FlatBatch {
  spans: Span[];
  resourceOf: number[];
  scopeOf: number[];
  resources: ResourceSpans[];
  services: string[];
  /** Scope slot → [resource index, scope index]. */
  scopeSlots: Array<[number, number]>;
}

export class PageBuilder {
  private readonly strings = new PageStringTable();
  private readonly terms = new TermSet();
  private readonly head = new ByteWriter(16 * 1024);
  private readonly spanSection = new ByteWriter(PAGE_TARGET_BYTES * 2);
  private readonly ops = new Set<number>();
  private resourceSlots = new Int32Array(16);
  private scopeSlots = new Int32Array(16);
  private resourceCount = 0;
  private scopeCount = 0;
  private readonly chunkIds: string[] = [];
  private readonly chunkCounts: number[] = [];
  private readonly chunkOffsets: number[] = [];
  private spanCount = 0;
  private opIds: Int32Array | undefined;
  private minStart = MAX_U64;
  private maxStart = 0n;
  private maxEnd = 0n;
  /** Durations as doubles (no BigInt per span); widened by DURATION_SLACK when the page is finished. */
  private minDuration = Infinity;
  private maxDuration = 0;
  private readonly resourceBodies = new ByteWriter(8 * 1024);
  private readonly scopeBodies = new ByteWriter(4 * 1024);

  /** Without a catalog, every batch must come with its spans' operation ids (see `pages`). */
  constructor(
    private readonly catalog: OperationCatalog | undefined,
    private readonly pageTargetBytes = PAGE_TARGET_BYTES,
  ) {}

  /**
   * Encodes `batch` into pages, yielding each as soon as it is complete (so the caller can compress it while the next
   * is encoded, and give the event loop a turn in between). The operation ids used are added to `opsUsed`; span i of
   * the batch (in batch order) has operation id `opIds[i]` when given, else the catalog's for its service, name and
   * kind. A builder encodes one batch at a time: finish (or drop) the iteration before starting another.
   */
  *pages(batch: TraceBatch, opsUsed: Set<number>, opIds?: Int32Array): Generator<EncodedPage> {
    const flat = flatten(batch);
    if (opIds === undefined && this.catalog === undefined) throw new Error('a page builder without a catalog needs operation ids');
    if (opIds !== undefined && opIds.length !== flat.spans.length) {
      throw new RangeError(`${opIds.length} operation ids for ${flat.spans.length} spans`);
    }
    this.opIds = opIds;
    const { order, chunkStarts } = groupByTrace(flat.spans);
    this.startPage(flat);
    for (let c = 0; c + 1 < chunkStarts.length; c++) {
      const from = chunkStarts[c]!;
      const to = chunkStarts[c + 1]!;
      const traceId = flat.spans[order[from]!]!.traceId;
      this.startChunk(traceId);
      for (let k = from; k < to; k++) {
        if (this.spanSection.pos >= this.pageTargetBytes && this.chunkCounts[this.chunkCounts.length - 1]! > 0) {
          yield this.finishPage(opsUsed);
          this.startPage(flat);
          this.startChunk(traceId);
        }
        this.addSpan(flat, order[k]!);
      }
      if (this.spanSection.pos >= this.pageTargetBytes) {
        yield this.finishPage(opsUsed);
        this.startPage(flat);
      }
    }
    if (this.spanCount > 0) yield this.finishPage(opsUsed);
  }

  /** All pages of `batch` at once. */
  encode(batch: TraceBatch, opsUsed: Set<number>, opIds?: Int32Array): EncodedPage[] {
    return [...this.pages(batch, opsUsed, opIds)];
  }

  private startPage(flat: FlatBatch): void {
    this.strings.clear();
    this.terms.clear();
    this.head.reset();
    this.spanSection.reset();
    this.ops.clear();
    if (this.resourceSlots.length < flat.resources.length) this.resourceSlots = new Int32Array(flat.resources.length * 2);
    if (this.scopeSlots.length < flat.scopeSlots.length) this.scopeSlots = new Int32Array(flat.scopeSlots.length * 2);
    this.resourceSlots.fill(-1, 0, flat.resources.length);
    this.scopeSlots.fill(-1, 0, flat.scopeSlots.length);
    this.resourceCount = 0;
    this.scopeCount = 0;
    this.chunkIds.length = 0;
    this.chunkCounts.length = 0;
    this.chunkOffsets.length = 0;
    this.spanCount = 0;
    this.minStart = MAX_U64;
    this.maxStart = 0n;
    this.maxEnd = 0n;
    this.minDuration = Infinity;
    this.maxDuration = 0;
  }

  private startChunk(traceId: string): void {
    this.chunkIds.push(traceId);
    this.chunkCounts.push(0);
    this.chunkOffsets.push(this.spanSection.pos);
  }

  private addSpan(flat: FlatBatch, i: number): void {
    const span = flat.spans[i]!;
    const r = flat.resourceOf[i]!;
    const s = flat.scopeOf[i]!;
    let resourceIndex = this.resourceSlots[r]!;
    if (resourceIndex < 0) resourceIndex = this.resourceSlots[r] = this.addResource(flat.resources[r]!);
    let scopeIndex = this.scopeSlots[s]!;
    if (scopeIndex < 0) scopeIndex = this.scopeSlots[s] = this.addScope(flat, s);
    const opId = this.opIds !== undefined ? this.opIds[i]! : this.catalog!.idOf(flat.services[r]!, span.name, span.kind);
    this.ops.add(opId);
    writeSpan(this.spanSection, span, opId, resourceIndex, scopeIndex, this.strings, this.terms);
    this.chunkCounts[this.chunkCounts.length - 1]!++;
    this.spanCount++;
    const start = span.startTimeUnixNano;
    const end = span.endTimeUnixNano;
    if (start < this.minStart) this.minStart = start;
    if (start > this.maxStart) this.maxStart = start;
    if (end > this.maxEnd) this.maxEnd = end;
    const duration = Number(end) - Number(start);
    if (duration < this.minDuration) this.minDuration = duration;
    if (duration > this.maxDuration) this.maxDuration = duration;
  }

  private addResource(rs: ResourceSpans): number {
    const w = this.resourceBodies;
    if (this.resourceCount === 0) w.reset();
    writeAttributes(w, rs.resource.attributes, this.strings, this.terms);
    w.varint(rs.resource.droppedAttributesCount);
    w.varint(this.strings.ref(rs.schemaUrl));
    return this.resourceCount++;
  }

  private addScope(flat: FlatBatch, slot: number): number {
    const [r, s] = flat.scopeSlots[slot]!;
    const ss = flat.resources[r]!.scopeSpans[s]!;
    const w = this.scopeBodies;
    if (this.scopeCount === 0) w.reset();
    const scope = ss.scope;
    w.varint(this.strings.ref(scope.name));
    w.varint(this.strings.ref(scope.version));
    writeAttributes(w, scope.attributes, this.strings, this.terms);
    w.varint(scope.droppedAttributesCount);
    w.varint(this.strings.ref(ss.schemaUrl));
    this.terms.add(hashTerm('scope.name', scope.name));
    this.terms.add(hashTerm('scope.version', scope.version));
    return this.scopeCount++;
  }

  private buildTermBloom(): Uint8Array {
    const bits = new Uint8Array(bloomBytesFor(this.terms.size, TERM_BLOOM_BITS));
    this.terms.forEach((h) => bloomAdd(bits, h));
    return bits;
  }

  private finishPage(opsUsed: Set<number>): EncodedPage {
    const body = this.head;
    body.reset();
    this.strings.writeTo(body);
    body.varint(this.resourceCount);
    if (this.resourceCount > 0) body.bytes(this.resourceBodies.buf.subarray(0, this.resourceBodies.pos));
    body.varint(this.scopeCount);
    if (this.scopeCount > 0) body.bytes(this.scopeBodies.buf.subarray(0, this.scopeBodies.pos));
    const spansAt = body.pos;
    body.bytes(this.spanSection.buf.subarray(0, this.spanSection.pos));
    const n = this.chunkIds.length;
    const chunkTraceIds = Buffer.allocUnsafe(n * 16);
    for (let i = 0; i < n; i++) chunkTraceIds.write(this.chunkIds[i]!, i * 16, 16, 'hex');
    const ops = Uint32Array.from(this.ops).sort();
    for (let i = 0; i < ops.length; i++) opsUsed.add(ops[i]!);
    const meta: PageMeta = {
      spanCount: this.spanCount,
      minStart: this.minStart,
      maxStart: this.maxStart,
      maxEnd: this.maxEnd,
      // Times near 2^61 ns are doubles to within 256 ns: widen so the bounds still hold every exact duration.
      minDuration: this.minDuration - DURATION_SLACK <= 0 ? 0n : BigInt(Math.floor(this.minDuration - DURATION_SLACK)),
      maxDuration: BigInt(Math.ceil(Math.max(0, this.maxDuration) + DURATION_SLACK)),
      bodyLength: body.pos,
      codec: Codec.NONE,
      ops,
      bloom: this.buildTermBloom(),
      chunkTraceIds,
      chunkSpanCounts: Uint32Array.from(this.chunkCounts),
      chunkOffsets: Uint32Array.from(this.chunkOffsets, (o) => o + spansAt),
    };
    return { meta, body: body.toBuffer() };
  }
}

/**
 * The batch flattened, its trace ids checked. Spans with received OTLP/protobuf bytes (see model/span-wire.ts) were
 * built by the OTLP decoder, which only accepts 16-byte non-zero trace ids and writes them as lowercase hex: those
 * are not checked again (measured 0.3 µs per span).
 */
function flatten(batch: TraceBatch): FlatBatch {
  const refs = spanWireFor(batch, countSpans(batch))?.refs;
  let nth = 0;
  const flat: FlatBatch = { spans: [], resourceOf: [], scopeOf: [], resources: batch.resourceSpans, services: [], scopeSlots: [] };
  const rss = batch.resourceSpans;
  for (let r = 0; r < rss.length; r++) {
    const rs = rss[r]!;
    flat.services.push(serviceNameOf(rs.resource));
    const sss = rs.scopeSpans;
    for (let s = 0; s < sss.length; s++) {
      const slot = flat.scopeSlots.length;
      flat.scopeSlots.push([r, s]);
      const spans = sss[s]!.spans;
      for (let i = 0; i < spans.length; i++) {
        const span = spans[i]!;
        const decoded = refs !== undefined && refs[3 * nth++]! >= 0;
        if (!decoded && (!HEX32.test(span.traceId) || span.traceId === '00000000000000000000000000000000')) {
          throw new StorageError('invalid_trace_id', `trace id ${JSON.stringify(span.traceId)} is not 32 lowercase hex digits`, {
            retryable: false,
          });
        }
        flat.spans.push(span);
        flat.resourceOf.push(r);
        flat.scopeOf.push(slot);
      }
    }
  }
  return flat;
}

/** Span indexes ordered so each trace's spans are contiguous (traces in order of first appearance). */
function groupByTrace(spans: readonly Span[]): { order: Int32Array; chunkStarts: number[] } {
  const n = spans.length;
  const chunkOfSpan = new Int32Array(n);
  const index = new Map<string, number>();
  const counts: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = spans[i]!.traceId;
    let c = index.get(id);
    if (c === undefined) {
      c = counts.length;
      index.set(id, c);
      counts.push(0);
    }
    chunkOfSpan[i] = c;
    counts[c]!++;
  }
  const chunkStarts = new Array<number>(counts.length + 1);
  let at = 0;
  for (let c = 0; c < counts.length; c++) {
    chunkStarts[c] = at;
    at += counts[c]!;
  }
  chunkStarts[counts.length] = at;
  const fill = chunkStarts.slice(0, counts.length);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[chunkOfSpan[i]!]!++] = i;
  return { order, chunkStarts };
}
