/**
 * Reads an uploaded file into Jaeger JSON traces. Accepted: the query API's response (`{data: [trace…]}`), one Jaeger
 * trace or an array of them, OTLP/JSON (`{resourceSpans}`, or the api_v3 `{result: {resourceSpans}}`), and any of those
 * as JSON lines. Errors name what was wrong so the user can fix the file.
 */
import type { JaegerTrace } from './jaeger-types.js';
import { otlpToJaeger } from './otlp-to-jaeger.js';

export type TraceFileResult = { ok: true; traces: JaegerTrace[] } | { ok: false; error: string };

export function parseTraceFile(text: string): TraceFileResult {
  const docs: unknown[] = [];
  try {
    docs.push(JSON.parse(text));
  } catch (whole) {
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    for (let i = 0; i < lines.length; i++) {
      try {
        docs.push(JSON.parse(lines[i]!));
      } catch {
        return { ok: false, error: `not JSON (${(whole as Error).message}); as JSON lines, line ${i + 1} does not parse` };
      }
    }
  }
  const traces: JaegerTrace[] = [];
  for (const doc of docs) {
    const found = tracesOf(doc);
    if (found === undefined) {
      return { ok: false, error: 'not a trace file: expected Jaeger JSON ({"data": [...]} or a trace with "traceID" and "spans") or OTLP JSON ({"resourceSpans": [...]})' };
    }
    traces.push(...found);
  }
  if (traces.length === 0) return { ok: false, error: 'the file holds no spans' };
  return { ok: true, traces: mergeById(traces) };
}

function tracesOf(doc: unknown): JaegerTrace[] | undefined {
  if (Array.isArray(doc)) {
    const out: JaegerTrace[] = [];
    for (const d of doc) {
      const t = tracesOf(d);
      if (t === undefined) return undefined;
      out.push(...t);
    }
    return out;
  }
  if (typeof doc !== 'object' || doc === null) return undefined;
  const o = doc as Record<string, unknown>;
  if (Array.isArray(o['resourceSpans'])) return otlpToJaeger(o);
  const result = o['result'];
  if (typeof result === 'object' && result !== null && Array.isArray((result as Record<string, unknown>)['resourceSpans'])) {
    return otlpToJaeger(result as Record<string, unknown>);
  }
  if (Array.isArray(o['data'])) return tracesOf(o['data']);
  if (typeof o['traceID'] === 'string' && Array.isArray(o['spans'])) {
    return [{ ...(o as unknown as JaegerTrace), processes: (o['processes'] as JaegerTrace['processes']) ?? {} }];
  }
  return undefined;
}

/** Spans of one trace id spread over several documents become one trace. */
function mergeById(traces: JaegerTrace[]): JaegerTrace[] {
  const byId = new Map<string, JaegerTrace>();
  for (const t of traces) {
    const existing = byId.get(t.traceID);
    if (existing === undefined) {
      byId.set(t.traceID, { ...t, spans: [...t.spans], processes: { ...t.processes } });
      continue;
    }
    // Process ids of different documents may clash: renumber the incoming ones.
    const rename = new Map<string, string>();
    for (const [pid, proc] of Object.entries(t.processes)) {
      const fresh = `${pid}-${Object.keys(existing.processes).length + 1}`;
      rename.set(pid, fresh);
      existing.processes[fresh] = proc;
    }
    for (const s of t.spans) existing.spans.push({ ...s, processID: rename.get(s.processID) ?? s.processID });
  }
  return [...byId.values()];
}
