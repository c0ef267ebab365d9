/**
 * The compact trace format the web UI loads (`GET <base>/api/ui/traces/{traceID}`, `application/x-ndjson`). It is
 * made from the classic trace JSON, so it carries exactly what `/api/traces/{id}` shows, laid out so that the browser
 * can draw the timeline of a 100,000-span trace before it reads a single attribute:
 *
 * - line 1, the header (`UiTraceHeader`): the trace id and warnings, string tables (processes, span names, tag keys)
 *   and one array per span field the timeline needs (ids, parent index, start, duration, process, name, flags);
 * - line `i + 2`: the details of span `i` (`UiSpanLine`: tags, logs, links, warnings), which the UI parses only when
 *   a view needs them. JSON never holds a raw newline, so the lines split on `\n`.
 *
 * Spans come in the order the waterfall shows them (`ui-trace-order.ts`), so the rows on screen are neighbouring lines.
 *
 * The parent of a span is chosen as the UI has always chosen it: its first CHILD_OF reference into this trace, else
 * its first FOLLOWS_FROM reference to a span of this trace. A span whose chosen parent is absent is listed in
 * `orphans`; a repeated span id keeps the first span and is listed in `duplicates`. References other than the parent
 * edge become the span's links, with the index of their target span (or -1 when it is not in this trace).
 */
import type { UiKeyValue, UiProcess, UiSpan, UiTrace, UiValueType } from '../translate/jaeger-ui-json/index.js';
import { uiTreeOrder } from './ui-trace-order.js';

export const UI_TRACE_FORMAT = 'ariadne-ui-trace/1';

/** Tag value types by code, in `[key, typeCode, value]` triples. */
export const UI_VALUE_TYPES: readonly UiValueType[] = ['string', 'bool', 'int64', 'float64', 'binary'];

/** `span.kind` values by code (bits 1–3 of a span's flags); code 7 means another value, given in `otherKinds`. */
export const UI_SPAN_KINDS: readonly string[] = ['', 'internal', 'server', 'client', 'producer', 'consumer'];

const ID_LENGTH = 16;
const TYPE_CODES: Readonly<Record<UiValueType, number>> = { string: 0, bool: 1, int64: 2, float64: 3, binary: 4 };

/** Span flag bits. */
export const UI_FLAG_ERROR = 1;
export const UI_FLAG_WARNINGS = 16;
const KIND_SHIFT = 1;
const KIND_OTHER = 7;

export interface UiTraceHeader {
  format: string;
  traceID: string;
  /** Earliest span start, µs since the epoch; span starts are offsets from it. */
  startUs: number;
  warnings: string[] | null;
  processes: UiProcess[];
  names: string[];
  /** Tag keys of the details lines. */
  keys: string[];
  spans: {
    /** Span ids; when every id is 16 characters long (always, from storage) they come as one string in `idString`. */
    ids?: string[];
    idString?: string;
    /** Index of the parent span, -1 for none (a root, or a parent not in the trace: see `orphans`). */
    parents: number[];
    /** µs after `startUs`. */
    starts: number[];
    durations: number[];
    processes: number[];
    names: number[];
    /** Bit 0 error, bits 1–3 span kind code, bit 4 has warnings. */
    flags: number[];
  };
  /** `[span index, kind]` of spans whose `span.kind` is none of the usual ones (kind code 7). */
  otherKinds: Array<[number, string]>;
  /** `[span index, parent span id]` of spans whose parent is not in the trace. */
  orphans: Array<[number, string]>;
  /** Span ids that occurred more than once (only the first span is kept). */
  duplicates: string[];
}

/** `[key index, type code, value]`. */
export type UiTagTriple = [number, number, string | boolean | number];

export interface UiSpanLine {
  t?: UiTagTriple[];
  /** Logs: `[timestamp µs, fields]`. */
  l?: Array<[number, UiTagTriple[]]>;
  /** Links: `[refType, traceID, spanID, index of the target span or -1]`. */
  r?: Array<[string, string, string, number]>;
  w?: string[];
}

/** A trace being written in this format: the header at once, the details lines in slices (so they can stream). */
export interface UiTraceEncoding {
  header: string;
  spanCount: number;
  /** Details lines of spans `from` to `to` (exclusive), without separators. */
  details(from: number, to: number): string[];
}

/** The format's lines (without separators), header first. */
export function encodeUiTraceLines(trace: UiTrace): string[] {
  const encoding = encodeUiTrace(trace);
  return [encoding.header, ...encoding.details(0, encoding.spanCount)];
}

export function encodeUiTrace(trace: UiTrace): UiTraceEncoding {
  const { kept, indexOf, duplicates } = dedupe(trace.spans);
  const n = kept.length;
  const parentRef = new Int32Array(n);
  const parent = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const ref = pickParent(kept[i]!, trace.traceID, indexOf);
    parentRef[i] = ref;
    parent[i] = ref < 0 ? -1 : (indexOf.get(kept[i]!.references[ref]!.spanID) ?? -1);
  }
  const order = uiTreeOrder(kept, parent);
  const position = new Int32Array(n);
  for (let p = 0; p < n; p++) position[order[p]!] = p;
  const positionOf = (spanID: string) => {
    const i = indexOf.get(spanID);
    return i === undefined ? -1 : position[i]!;
  };
  const tables = { keys: new Map<string, number>(), names: new Map<string, number>() };
  const processIds = Object.keys(trace.processes);
  const processIndex = new Map(processIds.map((id, i) => [id, i]));
  const header: UiTraceHeader = {
    format: UI_TRACE_FORMAT,
    traceID: trace.traceID,
    startUs: 0,
    warnings: trace.warnings,
    processes: processIds.map((id) => trace.processes[id]!),
    names: [],
    keys: [],
    // Filled by push: packed arrays serialise several times faster than `new Array(n)` ones.
    spans: { ids: [], idString: undefined, parents: [], starts: [], durations: [], processes: [], names: [], flags: [] },
    otherKinds: [],
    orphans: [],
    duplicates,
  };
  let startUs = Infinity;
  for (const span of kept) startUs = Math.min(startUs, span.startTime);
  header.startUs = n === 0 ? 0 : startUs;
  const cols = header.spans;
  for (let p = 0; p < n; p++) {
    const i = order[p]!;
    const span = kept[i]!;
    cols.ids!.push(span.spanID);
    cols.starts.push(span.startTime - header.startUs);
    cols.durations.push(span.duration);
    cols.processes.push(processIndex.get(span.processID) ?? addProcess(header, processIndex, span.processID));
    cols.names.push(intern(tables.names, header.names, span.operationName));
    const flags = spanFlags(span);
    cols.flags.push(flags);
    if (((flags >> KIND_SHIFT) & 7) === KIND_OTHER) header.otherKinds.push([p, kindOf(span)]);
    cols.parents.push(parent[i]! < 0 ? -1 : position[parent[i]!]!);
    if (parentRef[i]! >= 0 && parent[i]! < 0) header.orphans.push([p, span.references[parentRef[i]!]!.spanID]);
    // The key table goes out with the header, before any details line: collect it now.
    for (const tag of span.tags) intern(tables.keys, header.keys, tag.key);
    for (const log of span.logs) for (const field of log.fields) intern(tables.keys, header.keys, field.key);
  }
  // 100,000 ids serialise far faster as one string than as 100,000 strings.
  if (cols.ids!.every((id) => id.length === ID_LENGTH)) {
    cols.idString = cols.ids!.join('');
    delete cols.ids;
  }
  return {
    header: JSON.stringify(header),
    spanCount: n,
    details(from, to) {
      const lines: string[] = [];
      for (let p = Math.max(0, from); p < Math.min(n, to); p++) {
        const i = order[p]!;
        lines.push(JSON.stringify(spanLine(kept[i]!, parentRef[i]!, trace.traceID, positionOf, tables.keys)));
      }
      return lines;
    },
  };
}

function dedupe(all: readonly UiSpan[]): { kept: UiSpan[]; indexOf: Map<string, number>; duplicates: string[] } {
  const indexOf = new Map<string, number>();
  const kept: UiSpan[] = [];
  const duplicates: string[] = [];
  for (const span of all) {
    if (indexOf.has(span.spanID)) duplicates.push(span.spanID);
    else {
      indexOf.set(span.spanID, kept.length);
      kept.push(span);
    }
  }
  return { kept, indexOf, duplicates };
}

/** Index of the reference chosen as the parent edge, -1 for none. */
function pickParent(span: UiSpan, traceID: string, indexOf: Map<string, number>): number {
  const refs = span.references;
  let follows = -1;
  for (let r = 0; r < refs.length; r++) {
    const ref = refs[r]!;
    if (ref.traceID !== traceID || ref.spanID === span.spanID) continue;
    if (ref.refType === 'CHILD_OF') return r;
    if (follows < 0 && indexOf.has(ref.spanID)) follows = r;
  }
  return follows;
}

function spanFlags(span: UiSpan): number {
  let flags = 0;
  let kind = 0;
  for (const tag of span.tags) {
    if (tag.key === 'error' && (tag.value === true || tag.value === 'true')) flags |= UI_FLAG_ERROR;
    else if (tag.key === 'otel.status_code' && tag.value === 'ERROR') flags |= UI_FLAG_ERROR;
    else if (tag.key === 'span.kind' && kind === 0) {
      const code = UI_SPAN_KINDS.indexOf(String(tag.value));
      kind = code > 0 ? code : KIND_OTHER;
    }
  }
  if (span.warnings !== null && span.warnings.length > 0) flags |= UI_FLAG_WARNINGS;
  return flags | (kind << KIND_SHIFT);
}

function kindOf(span: UiSpan): string {
  const tag = span.tags.find((t) => t.key === 'span.kind');
  return tag === undefined ? '' : String(tag.value);
}

function spanLine(span: UiSpan, parentRef: number, traceID: string, positionOf: (spanID: string) => number, keyIndex: Map<string, number>): UiSpanLine {
  const line: UiSpanLine = {};
  if (span.tags.length > 0) line.t = triples(span.tags, keyIndex);
  if (span.logs.length > 0) line.l = span.logs.map((log) => [log.timestamp, triples(log.fields, keyIndex)]);
  const links: NonNullable<UiSpanLine['r']> = [];
  for (let r = 0; r < span.references.length; r++) {
    if (r === parentRef) continue;
    const ref = span.references[r]!;
    links.push([ref.refType, ref.traceID, ref.spanID, ref.traceID === traceID ? positionOf(ref.spanID) : -1]);
  }
  if (links.length > 0) line.r = links;
  if (span.warnings !== null && span.warnings.length > 0) line.w = span.warnings;
  return line;
}

/** Tags as triples; every key is in `keyIndex` already. */
function triples(tags: readonly UiKeyValue[], keyIndex: Map<string, number>): UiTagTriple[] {
  const out: UiTagTriple[] = new Array(tags.length);
  for (let i = 0; i < tags.length; i++) {
    const tag = tags[i]!;
    out[i] = [keyIndex.get(tag.key)!, TYPE_CODES[tag.type], tag.value];
  }
  return out;
}

function intern(index: Map<string, number>, table: string[], value: string): number {
  let i = index.get(value);
  if (i === undefined) {
    i = table.length;
    table.push(value);
    index.set(value, i);
  }
  return i;
}

/** A span naming a process the trace does not list gets an empty one named after the id (the UI shows the id). */
function addProcess(header: UiTraceHeader, processIndex: Map<string, number>, id: string): number {
  const i = header.processes.length;
  header.processes.push({ serviceName: id, tags: [] });
  processIndex.set(id, i);
  return i;
}
