/**
 * Reads the trace format of `GET /api/ui/traces/{id}` (written by the query service's `src/query/ui-trace-lines.ts`):
 * line 1 is a header with string tables and one array per span field the timeline needs; line `i + 2` holds the
 * details of span `i`. The header becomes the model's columns straight away; details lines stay bytes until a view
 * reads a span's attributes, and are then decoded a block of lines at a time.
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
  spans: { ids: string[]; parents: number[]; starts: number[]; durations: number[]; processes: number[]; names: number[]; flags: number[] };
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
const KIND_OTHER = 7;
const NEWLINE = 10;
const BLOCK = 512;

export function decodeTraceLines(bytes: Uint8Array): Trace {
  const decoder = new TextDecoder();
  const firstEnd = bytes.indexOf(NEWLINE);
  const header = JSON.parse(decoder.decode(firstEnd < 0 ? bytes : bytes.subarray(0, firstEnd))) as Header;
  if (header.format !== TRACE_LINES_FORMAT) throw new Error(`unexpected trace format ${JSON.stringify(header.format)}: reload the page`);
  const reader = createLineReader(bytes, firstEnd, header.spans.ids.length, header.keys, decoder);
  return assembleTrace(toColumns(header, reader), reader);
}

function toColumns(h: Header, reader: { read(load: number): RawSpanDetails }): SpanColumns {
  const s = h.spans;
  const n = s.ids.length;
  const starts = new Float64Array(n);
  const names: string[] = new Array(n);
  const kinds: string[] = new Array(n);
  const flags = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    starts[i] = h.startUs + s.starts[i]!;
    names[i] = h.names[s.names[i]!] ?? '';
    const f = s.flags[i]!;
    const kind = (f >> 1) & 7;
    kinds[i] = kind === KIND_OTHER ? kindTag(reader.read(i).tags) : (KINDS[kind] ?? '');
    flags[i] = ((f & FLAG_ERROR) !== 0 ? SPAN_ERROR : 0) | ((f & FLAG_WARNINGS) !== 0 ? SPAN_WARNINGS : 0);
  }
  return {
    traceId: h.traceID,
    count: n,
    ids: s.ids,
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

function kindTag(tags: JaegerKeyValue[]): string {
  const tag = tags.find((t) => t.key === 'span.kind');
  return tag === undefined ? '' : String(tag.value);
}

/** Details by load index; lines are found as reads need them and parsed `BLOCK` at a time (one string, one JSON.parse). */
function createLineReader(bytes: Uint8Array, firstEnd: number, count: number, keys: readonly string[], decoder: { decode(input: Uint8Array): string }) {
  let block = -1;
  let lines: Line[] = [];
  // ends[i] is the offset of the newline that ends line i (0: the header); found as far as a read needs them.
  const ends = new Uint32Array(count + 1);
  ends[0] = Math.max(0, firstEnd);
  let found = 0;
  const endOf = (line: number): number => {
    for (; found < line; found++) {
      const next = bytes.indexOf(NEWLINE, ends[found]! + 1);
      ends[found + 1] = next < 0 ? bytes.length : next;
    }
    return ends[line]!;
  };
  const tags = (list: Triple[] | undefined): JaegerKeyValue[] =>
    list === undefined ? [] : list.map(([k, t, value]) => ({ key: keys[k] ?? '', type: TYPES[t] ?? 'string', value }));
  return {
    read(load: number): RawSpanDetails {
      if (load < 0 || load >= count) throw new RangeError(`span ${load} is not in the trace`);
      const b = Math.floor(load / BLOCK);
      if (b !== block) {
        const from = b * BLOCK;
        const to = Math.min(count, from + BLOCK);
        const text = decoder.decode(bytes.subarray(endOf(from) + 1, endOf(to)));
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
