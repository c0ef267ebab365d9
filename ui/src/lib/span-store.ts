/**
 * The spans of one assembled trace. The tree lives in typed arrays (model order) and the loaded columns (load order);
 * each span is a two-field object whose getters read them, so a 100,000-span trace costs 100,000 tiny objects and no
 * per-span arrays. A span's details (attributes, events, links, warnings) are read on first access and kept (while
 * they are still arriving, they read as empty and are not kept).
 */
import { SPAN_ERROR, SPAN_WARNINGS, type DetailsReader, type SpanColumns } from './assemble-trace.js';
import { valueToText, type JaegerKeyValue } from './jaeger-types.js';
import type { SpanEvent, SpanLink, TraceSpan } from './trace-model.js';

/** The tree in model order, as the assembler computed it. */
export interface TreeArrays {
  /** Model index → load index, and back. */
  order: Int32Array;
  pos: Int32Array;
  parent: Int32Array;
  depth: Int32Array;
  subtreeEnd: Int32Array;
  subtreeError: Uint8Array;
  /** Children of span i (model indices, start order): childList[childStart[i] .. childStart[i + 1]). */
  childStart: Int32Array;
  childList: Int32Array;
  /** Earliest start, µs. */
  startUs: number;
}

interface Details {
  tags: JaegerKeyValue[];
  events: SpanEvent[];
  links: SpanLink[];
  warnings: string[];
}

export interface SpanStore {
  /** The span objects, by model index. */
  spans(): TraceSpan[];
  /** Reads the details of up to `budget` spans not read yet; true when all are read. */
  readAhead(budget: number): boolean;
}

// Shared empty lists: most spans have no events, links or warnings. Never mutated.
const NO_EVENTS: SpanEvent[] = [];
const NO_LINKS: SpanLink[] = [];
const NO_WARNINGS: string[] = [];
/** What a span's details read as while they are still arriving. */
const NOT_YET: Details = { tags: [], events: NO_EVENTS, links: NO_LINKS, warnings: NO_WARNINGS };

class Store implements SpanStore {
  private readonly details: Array<Details | undefined>;
  private next = 0;

  constructor(
    readonly cols: SpanColumns,
    readonly tree: TreeArrays,
    private readonly reader: DetailsReader,
  ) {
    this.details = new Array<Details | undefined>(cols.count);
  }

  spans(): TraceSpan[] {
    const n = this.cols.count;
    const out: TraceSpan[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = new ModelSpan(this, i, this.tree.order[i]!);
    return out;
  }

  detailsOf(index: number): Details {
    let d = this.details[index];
    if (d === undefined) {
      const raw = this.reader.read(this.tree.order[index]!);
      if (raw === undefined) return NOT_YET;
      const pos = this.tree.pos;
      d = {
        tags: raw.tags,
        events: raw.logs.length === 0 ? NO_EVENTS : raw.logs.map(toEvent),
        links: raw.links.length === 0 ? NO_LINKS : raw.links.map((l) => ({ refType: l.refType, traceId: l.traceId, spanId: l.spanId, targetIndex: l.target >= 0 ? pos[l.target]! : -1 })),
        warnings: raw.warnings.length === 0 ? NO_WARNINGS : raw.warnings,
      };
      this.details[index] = d;
    }
    return d;
  }

  readAhead(budget: number): boolean {
    const n = this.details.length;
    const stop = Math.min(n, this.next + budget);
    for (; this.next < stop; this.next++) if (this.detailsOf(this.next) === NOT_YET) return false;
    return this.next >= n;
  }
}

function toEvent(log: { timestamp: number; fields: JaegerKeyValue[] }): SpanEvent {
  let name = '';
  for (const f of log.fields) {
    if (f.key === 'event') {
      name = valueToText(f.value);
      break;
    }
  }
  return { timeUs: log.timestamp, name, fields: log.fields };
}

class ModelSpan implements TraceSpan {
  constructor(
    private readonly store: Store,
    readonly index: number,
    private readonly load: number,
  ) {}

  get spanId(): string {
    return this.store.cols.ids[this.load]!;
  }
  get traceId(): string {
    return this.store.cols.traceId;
  }
  get name(): string {
    return this.store.cols.names[this.load]!;
  }
  get service(): string {
    const cols = this.store.cols;
    return cols.processes[cols.processOf[this.load]!]?.service ?? '';
  }
  get kind(): string {
    return this.store.cols.kinds[this.load]!;
  }
  get startUs(): number {
    return this.store.cols.starts[this.load]!;
  }
  get durationUs(): number {
    return this.store.cols.durations[this.load]!;
  }
  get relStartUs(): number {
    return this.store.cols.starts[this.load]! - this.store.tree.startUs;
  }
  get hasError(): boolean {
    return (this.store.cols.flags[this.load]! & SPAN_ERROR) !== 0;
  }
  get hasWarnings(): boolean {
    return (this.store.cols.flags[this.load]! & SPAN_WARNINGS) !== 0;
  }
  get parent(): number {
    return this.store.tree.parent[this.index]!;
  }
  get children(): Int32Array {
    const { childList, childStart } = this.store.tree;
    return childList.subarray(childStart[this.index]!, childStart[this.index + 1]!);
  }
  get childCount(): number {
    const { childStart } = this.store.tree;
    return childStart[this.index + 1]! - childStart[this.index]!;
  }
  get depth(): number {
    return this.store.tree.depth[this.index]!;
  }
  get subtreeEnd(): number {
    return this.store.tree.subtreeEnd[this.index]!;
  }
  get subtreeHasError(): boolean {
    return this.store.tree.subtreeError[this.index] !== 0;
  }
  get resource(): JaegerKeyValue[] {
    const cols = this.store.cols;
    return cols.processes[cols.processOf[this.load]!]?.tags ?? [];
  }
  get tags(): JaegerKeyValue[] {
    return this.store.detailsOf(this.index).tags;
  }
  get events(): SpanEvent[] {
    return this.store.detailsOf(this.index).events;
  }
  get links(): SpanLink[] {
    return this.store.detailsOf(this.index).links;
  }
  get warnings(): string[] {
    return this.store.detailsOf(this.index).warnings;
  }
}

export function createSpanStore(cols: SpanColumns, tree: TreeArrays, reader: DetailsReader): SpanStore {
  return new Store(cols, tree, reader);
}
