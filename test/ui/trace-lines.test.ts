/**
 * The UI's compact trace format end to end in process: what the query service writes (`encodeUiTraceLines`) the UI
 * reads (`decodeTraceLines`) into the same model that the classic Jaeger JSON builds, span for span, including
 * details read lazily, odd trees (cycles, duplicates, orphans) and a generated 3,000-span trace.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encodeUiTraceLines } from '../../src/query/ui-trace-lines.js';
import type { UiTrace } from '../../src/translate/jaeger-ui-json/index.js';
import { buildTrace } from '../../ui/src/lib/build-trace.js';
import type { JaegerTrace } from '../../ui/src/lib/jaeger-types.js';
import { otlpToJaeger } from '../../ui/src/lib/otlp-to-jaeger.js';
import { decodeTraceLines, readTraceLines } from '../../ui/src/lib/trace-lines.js';
import type { Trace } from '../../ui/src/lib/trace-model.js';
import { makeLargeTrace } from './large-trace.js';
import { makeTrace } from './trace-fixtures.js';

function viaLines(trace: JaegerTrace): Trace {
  const text = encodeUiTraceLines(trace as unknown as UiTrace).join('\n');
  return decodeTraceLines(new TextEncoder().encode(text));
}

/** Everything a view can read of a model, as plain data. */
function snapshot(t: Trace) {
  return {
    trace: [t.traceId, t.roots, t.startUs, t.endUs, t.name, t.services, t.maxDepth, t.errorCount, t.warnings],
    spans: t.spans.map((s) => ({
      plain: [s.index, s.spanId, s.traceId, s.name, s.service, s.kind, s.startUs, s.durationUs, s.relStartUs, s.hasError, s.parent, [...s.children], s.childCount, s.depth, s.subtreeEnd, s.subtreeHasError, s.hasWarnings],
      tags: s.tags,
      resource: s.resource,
      events: s.events,
      links: s.links,
      warnings: s.warnings,
    })),
  };
}

describe('the compact trace format', () => {
  test('a trace with events, links, errors, warnings and kinds reads as the Jaeger JSON does', () => {
    const raw = makeTrace([
      { id: '00000000000000a1', service: 'front', start: 0, duration: 100, tags: [{ key: 'span.kind', type: 'string', value: 'server' }] },
      { id: '00000000000000b2', parent: '00000000000000a1', service: 'back', start: 10, duration: 50, error: true, tags: [{ key: 'n', type: 'int64', value: 3 }, { key: 'span.kind', type: 'string', value: 'rpc' }] },
      { id: '00000000000000c3', parent: '00000000000000b2', service: 'back', start: 20, duration: 10, tags: [{ key: 'ok', type: 'bool', value: true }, { key: 'x', type: 'float64', value: 1.5 }] },
      { id: '00000000000000d4', parent: '00000000000000a1', service: 'front', start: 5, duration: 10 },
    ]);
    raw.spans[2]!.logs = [{ timestamp: 1_000_025, fields: [{ key: 'event', type: 'string', value: 'retry' }, { key: 'attempt', type: 'int64', value: 2 }] }];
    raw.spans[3]!.references!.push({ refType: 'FOLLOWS_FROM', traceID: 't1', spanID: '00000000000000c3' }, { refType: 'FOLLOWS_FROM', traceID: 'other', spanID: '00000000000000ff' });
    raw.spans[1]!.warnings = ['clock skew adjusted'];
    raw.warnings = ['a trace warning'];
    const lines = viaLines(raw);
    assert.deepEqual(snapshot(lines), snapshot(buildTrace(raw)));
    assert.equal(lines.spans[2]!.kind, 'rpc');
    assert.equal(lines.source, undefined);
  });

  test('cycles, duplicates and missing parents give the same tree and warnings', () => {
    const raw = makeTrace([
      { id: 'x', parent: 'y', start: 0, duration: 10 },
      { id: 'y', parent: 'x', start: 1, duration: 5 },
      { id: 'z', start: 2, duration: 1 },
      { id: 'z', start: 3, duration: 1 },
      { id: 'o', parent: 'gone', start: 4, duration: 1 },
    ]);
    const lines = viaLines(raw);
    assert.deepEqual(snapshot(lines), snapshot(buildTrace(raw)));
    assert.equal(lines.warnings.length, 3);
  });

  test('a generated 3,000-span trace, its details read in slices', () => {
    const batches = makeLargeTrace(3000, 500).batches.flatMap((b) => otlpToJaeger(JSON.parse(b) as Record<string, unknown>));
    const raw: JaegerTrace = { traceID: batches[0]!.traceID, spans: [], processes: {}, warnings: null };
    batches.forEach((b, i) => {
      for (const [pid, p] of Object.entries(b.processes)) raw.processes[`${pid}-${i}`] = p;
      for (const s of b.spans) raw.spans.push({ ...s, processID: `${s.processID}-${i}` });
    });
    const lines = viaLines(raw);
    let slices = 0;
    while (!lines.readDetails(700)) slices++;
    assert.equal(slices, 4);
    assert.deepEqual(snapshot(lines), snapshot(buildTrace(raw)));
    assert.equal(lines.spans.length, 3000);
    assert.equal(lines.errorCount, 31);
  });

  test('streamed: the trace is ready at the header line, details once the body is in, whatever the chunking', async () => {
    const raw = makeTrace([
      { id: '00000000000000a1', service: 'front', start: 0, duration: 100, tags: [{ key: 'http.method', type: 'string', value: 'GET' }] },
      { id: '00000000000000b2', parent: '00000000000000a1', service: 'back', start: 10, duration: 50, error: true },
    ]);
    const bytes = new TextEncoder().encode(encodeUiTraceLines(raw as unknown as UiTrace).join('\n'));
    const headerEnd = bytes.indexOf(10);
    let push!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => void (push = c) });
    const marks: string[] = [];
    // The header arrives in two pieces, the second with the start of the details.
    push.enqueue(bytes.subarray(0, 10));
    push.enqueue(bytes.subarray(10, headerEnd + 5));
    const trace = await readTraceLines(stream, { onHeader: () => marks.push('header'), onComplete: () => marks.push('complete') });
    assert.deepEqual(marks, ['header']);
    assert.equal(trace.spans.length, 2);
    assert.equal(trace.spans[1]!.hasError, true);
    assert.deepEqual(trace.spans[0]!.tags, [], 'details read as empty while they arrive');
    assert.equal(trace.readDetails(10), false);
    for (let at = headerEnd + 5; at < bytes.length; at += 7) push.enqueue(bytes.subarray(at, Math.min(bytes.length, at + 7)));
    push.close();
    await trace.detailsReady;
    assert.deepEqual(marks, ['header', 'complete']);
    assert.deepEqual(snapshot(trace), snapshot(buildTrace(raw)));
    assert.equal(trace.readDetails(10), true);
  });

  test('an empty trace and a foreign format', () => {
    const empty = viaLines({ traceID: 'e1', spans: [], processes: {}, warnings: null });
    assert.equal(empty.spans.length, 0);
    assert.equal(empty.durationUs, 0);
    assert.throws(() => decodeTraceLines(new TextEncoder().encode('{"format":"other/9","spans":{"ids":[]}}')), /unexpected trace format/);
  });
});
