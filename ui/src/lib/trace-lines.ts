/**
 * Reads the trace format of `GET /api/ui/traces/{id}` (written by the query service's `src/query/ui-trace-lines.ts`):
 * line 1 is a header with string tables and one array per span field the timeline needs; line `i + 2` holds the
 * details of span `i`. The header becomes the model's columns straight away; details lines stay bytes until a view
 * reads a span's attributes, and are then decoded a block of lines at a time.
 *
 * From a stream (`readTraceLines`), the model is ready as soon as the header line is in: the timeline is drawn while
 * the details are still arriving, and they become readable (`trace.detailsReady`) when the body is complete.
 */
import { assembleTrace, SPAN_ERROR, SPAN_WARNINGS, type RawLink, type RawSpanDetails, type SpanColumns } from './assemble-trace.js';
import type { JaegerKeyValue, JaegerLog, JaegerProcess } from './jaeger-types.js';
import type { Trace } from './trace-model.js';

export const TRACE_LINES_FORMAT = 'ariadne-ui-trace/1';

/** The header line (see the server's `UiTraceHeader`). */
interface Header {
  format: string;
  traceID: string;
  startUs: number;
  warnings: string[] | null;
  processes: JaegerProcess[];
  names: string[];
  keys: string[];
  /** Span ids as a list, or (all 16 characters long) as one string. */
  spans: { ids?: string[]; idString?: string; parents: number[]; starts: number[]; durations: number[]; processes: number[]; names: number[]; flags: number[] };
  otherKinds?: Array<[number, string]>;
  orphans: Array<[number, string]>;
  duplicates: string[];
}

type Triple = [number, number, string | boolean | number];

interface Line {
  t?: Triple[];
  l?: Array<[number, Triple[]]>;
  r?: Array<[string, string, string, number]>;
  w?: string[];
}

const TYPES = ['string', 'bool', 'int64', 'float64', 'binary'];
const KINDS = ['', 'internal', 'server', 'client', 'producer', 'consumer'];
const FLAG_ERROR = 1;
const FLAG_WARNINGS = 16;
const NEWLINE = 10;
const BLOCK = 512;

/** A whole response body. */
export function decodeTraceLines(bytes: Uint8Array): Trace {
  const headerEnd = bytes.indexOf(NEWLINE);
  const body: Body = { bytes, headerEnd: headerEnd < 0 ? bytes.length : headerEnd };
  return decodeHeader(bytes.subarray(0, body.headerEnd), body, Promise.resolve());
}

/**
 * A response body as it arrives: resolves with the trace when the header line is in, then keeps reading;
 * `trace.detailsReady` settles when the whole body is in (or rejects if the rest of it fails to arrive). The hooks
 * mark those two moments.
 */
export async function readTraceLines(stream: ReadableStream<Uint8Array>, hooks: { onHeader?: () => void; onComplete?: () => void } = {}): Promise<Trace> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let headerEnd = -1;
  let done = false;
  while (headerEnd < 0 && !done) {
    const next = await reader.read();
    if (next.done) done = true;
    else {
      const at = next.value.indexOf(NEWLINE);
      if (at >= 0) headerEnd = total + at;
      chunks.push(next.value);
      total += next.value.length;
    }
  }
  hooks.onHeader?.();
  const head = concat(chunks, total);
  if (headerEnd < 0) headerEnd = total;
  const body: Body = { bytes: undefined, headerEnd };
  const rest = (async () => {
    const more = [head];
    let size = total;
    while (!done) {
      const next = await reader.read();
      if (next.done) done = true;
      else {
        more.push(next.value);
        size += next.value.length;
      }
    }
    body.bytes = concat(more, size);
    hooks.onComplete?.();
  })();
  // Whoever waits on detailsReady sees a failure; nobody waiting is not an error.
  rest.catch(() => undefined);
  return decodeHeader(head.subarray(0, headerEnd), body, rest);
}

/** The body's bytes once they are all in; `headerEnd` is the offset of the newline after the header. */
interface Body {
  bytes: Uint8Array | undefined;
  headerEnd: number;
}

function decodeHeader(headerBytes: Uint8Array, body: Body, complete: Promise<void>): Trace {
  const decoder = new TextDecoder();
  const header = JSON.parse(decoder.decode(headerBytes)) as Header;
  if (header.format !== TRACE_LINES_FORMAT) throw new Error(`unexpected trace format ${JSON.stringify(header.format)}: reload the page`);
  const cols = toColumns(header);
  const reader = createLineReader(body, cols.count, header.keys, decoder);
  return assembleTrace(cols, reader, complete);
}

function toColumns(h: Header): SpanColumns {
  const s = h.spans;
  const ids = s.ids ?? splitIds(s.idString ?? '');
  const n = ids.length;
  const starts = new Float64Array(n);
  const names: string[] = new Array(n);
  const kinds: string[] = new Array(n);
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = h.startUs + s.starts[i]!;
    names[i] = h.names[s.names[i]!] ?? '';
    const f = s.flags[i]!;
    kinds[i] = KINDS[(f >> 1) & 7] ?? '';
    flags[i] = ((f & FLAG_ERROR) !== 0 ? SPAN_ERROR : 0) | ((f & FLAG_WARNINGS) !== 0 ? SPAN_WARNINGS : 0);
  }
  for (const [i, kind] of h.otherKinds ?? []) if (i >= 0 && i < n) kinds[i] = kind;
  return {
    traceId: h.traceID,
    count: n,
    ids,
    parents: Int32Array.from(s.parents),
    starts,
    durations: Float64Array.from(s.durations),
    names,
    kinds,
    processOf: Int32Array.from(s.processes),
    processes: h.processes.map((p) => ({ service: p.serviceName, tags: p.tags ?? [] })),
    flags,
    warnings: h.warnings ?? [],
    orphans: h.orphans,
    duplicates: h.duplicates,
    source: undefined,
  };
}

/**
 * Details by load index, undefined while the body is still arriving; lines are found as reads need them and parsed
 * `BLOCK` at a time (one string, one JSON.parse).
 */
function createLineReader(body: Body, count: number, keys: readonly string[], decoder: { decode(input: Uint8Array): string }) {
  let block = -1;
  let lines: Line[] = [];
  // ends[i] is the offset of the newline that ends line i (0: the header); found as far as a read needs them.
  const ends = new Uint32Array(count + 1);
  ends[0] = body.headerEnd;
  let found = 0;
  const endOf = (bytes: Uint8Array, line: number): number => {
    for (; found < line; found++) {
      const next = bytes.indexOf(NEWLINE, ends[found]! + 1);
      ends[found + 1] = next < 0 ? bytes.length : next;
    }
    return ends[line]!;
  };
  const tags = (list: Triple[] | undefined): JaegerKeyValue[] =>
    list === undefined ? [] : list.map(([k, t, value]) => ({ key: keys[k] ?? '', type: TYPES[t] ?? 'string', value }));
  return {
    read(load: number): RawSpanDetails | undefined {
      if (load < 0 || load >= count) throw new RangeError(`span ${load} is not in the trace`);
      const bytes = body.bytes;
      if (bytes === undefined) return undefined;
      const b = Math.floor(load / BLOCK);
      if (b !== block) {
        const from = b * BLOCK;
        const to = Math.min(count, from + BLOCK);
        const text = decoder.decode(bytes.subarray(endOf(bytes, from) + 1, endOf(bytes, to)));
        lines = JSON.parse(`[${text.replaceAll('\n', ',')}]`) as Line[];
        block = b;
      }
      const line = lines[load - b * BLOCK] ?? {};
      const logs: JaegerLog[] = line.l === undefined ? [] : line.l.map(([timestamp, fields]) => ({ timestamp, fields: tags(fields) }));
      const links: RawLink[] = line.r === undefined ? [] : line.r.map(([refType, traceId, spanId, target]) => ({ refType, traceId, spanId, target }));
      return { tags: tags(line.t), logs, links, warnings: line.w ?? [] };
    },
  };
}

const ID_LENGTH = 16;

function splitIds(text: string): string[] {
  const out: string[] = new Array(Math.floor(text.length / ID_LENGTH));
  for (let i = 0; i < out.length; i++) out[i] = text.slice(i * ID_LENGTH, (i + 1) * ID_LENGTH);
  return out;
}

function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
