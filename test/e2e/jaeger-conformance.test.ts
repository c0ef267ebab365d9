/**
 * Jaeger's 25 storage query cases end to end: fixtures go in through OTLP/HTTP (protobuf) and the searches go out
 * through the query API, v1 (`/api/traces`) and v3 (`/api/v3/traces`), against the built server.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { TraceBatch } from '../../src/model/index.js';
import type { TraceQuery } from '../../src/storage/api/index.js';
import {
  fixtureDateShift,
  hasJaegerFixtures,
  jaegerFixturesDir,
  loadJaegerFixtureTrace,
  loadJaegerQueryCases,
  type JaegerQueryCase,
} from '../../src/storage/conformance/jaeger-fixtures.js';
import { encodeOtlpProtobuf } from '../../src/translate/otlp/index.js';
import { startServer, type ServerProcess } from './server-process.js';

const dir = jaegerFixturesDir();
const available = hasJaegerFixtures(dir);

function traceIdsOf(batch: TraceBatch): Set<string> {
  const ids = new Set<string>();
  for (const rs of batch.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) ids.add(s.traceId);
  return ids;
}

function spanIdsOf(batch: TraceBatch): string[] {
  const ids: string[] = [];
  for (const rs of batch.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) ids.push(s.spanId);
  return ids.sort();
}

const jaegerId = (id: string): string => (id.startsWith('0000000000000000') ? id.slice(16) : id);

function rfc3339Nano(ns: bigint): string {
  const ms = Number(ns / 1_000_000n);
  const iso = new Date(ms).toISOString(); // ...T15:46:31.639Z
  const frac = (ns % 1_000_000_000n).toString().padStart(9, '0');
  return `${iso.slice(0, 19)}.${frac}Z`;
}

function v1Url(q: TraceQuery): string {
  const p = new URLSearchParams({ service: q.serviceName, limit: String(q.searchDepth) });
  if (q.operationName !== '') p.set('operation', q.operationName);
  if (q.attributes.length > 0) p.set('tags', JSON.stringify(Object.fromEntries(q.attributes.map((a) => [a.key, a.value]))));
  if (q.startTimeMin !== undefined) p.set('start', String(q.startTimeMin / 1000n));
  if (q.startTimeMax !== undefined) p.set('end', String((q.startTimeMax + 999n) / 1000n));
  if (q.durationMin !== undefined) p.set('minDuration', `${q.durationMin}ns`);
  if (q.durationMax !== undefined) p.set('maxDuration', `${q.durationMax}ns`);
  return `/api/traces?${p.toString()}`;
}

function v3Url(q: TraceQuery): string {
  const p = new URLSearchParams({ 'query.service_name': q.serviceName, 'query.search_depth': String(q.searchDepth) });
  if (q.operationName !== '') p.set('query.operation_name', q.operationName);
  if (q.attributes.length > 0) {
    p.set('query.attributes', JSON.stringify(Object.fromEntries(q.attributes.map((a) => [a.key, a.value]))));
  }
  p.set('query.start_time_min', rfc3339Nano(q.startTimeMin ?? 0n));
  p.set('query.start_time_max', rfc3339Nano(q.startTimeMax ?? BigInt(Date.now()) * 1_000_000n));
  if (q.durationMin !== undefined) p.set('query.duration_min', `${q.durationMin}ns`);
  if (q.durationMax !== undefined) p.set('query.duration_max', `${q.durationMax}ns`);
  return `/api/v3/traces?${p.toString()}`;
}

describe('Jaeger storage conformance cases through OTLP in and the query API out', { skip: available ? false : `Jaeger storage fixtures not found at ${dir}; skipping the 25 Jaeger query cases` }, () => {
  let server: ServerProcess;
  let cases: JaegerQueryCase[] = [];
  const fixtures = new Map<string, TraceBatch>();

  before(async () => {
    server = await startServer();
    const shift = fixtureDateShift();
    cases = loadJaegerQueryCases(dir, shift);
    for (const c of cases) for (const name of c.expectedFixtures) {
      if (!fixtures.has(name)) fixtures.set(name, loadJaegerFixtureTrace(dir, name, shift));
    }
    let spans = 0;
    for (const [name, batch] of fixtures) {
      const res = await fetch(`${server.otlpHttpUrl}/v1/traces`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-protobuf' },
        body: encodeOtlpProtobuf(batch),
      });
      assert.equal(res.status, 200, `fixture ${name}: ${await res.text()}`);
      spans += spanIdsOf(batch).length;
    }
    // Wait until the pipeline has written every span.
    for (let i = 0; i < 100; i++) {
      const text = await (await fetch(`${server.adminUrl}/metrics`)).text();
      const m = /ariadne_pipeline_saved_spans_total(?:\{[^}]*\})? (\d+)/.exec(text);
      if (m && Number(m[1]) >= spans) break;
      await new Promise((r) => setTimeout(r, 50));
    }
  });

  after(async () => {
    await server?.stop();
  });

  test('all 25 cases return exactly the expected traces, whole, through /api/traces and /api/v3/traces', async () => {
    assert.equal(cases.length, 25);
    for (const c of cases) {
      const expected = new Map<string, string[]>();
      for (const name of c.expectedFixtures) {
        const batch = fixtures.get(name)!;
        for (const id of traceIdsOf(batch)) expected.set(id, spanIdsOf(batch));
      }
      const v1 = await fetch(server.queryUrl + v1Url(c.query));
      const body = (await v1.json()) as { data: Array<{ traceID: string; spans: Array<{ spanID: string }> }> };
      assert.equal(v1.status, 200, `${c.caption}: ${JSON.stringify(body)}`);
      assert.deepEqual(
        body.data.map((t) => t.traceID).sort(),
        [...expected.keys()].map(jaegerId).sort(),
        `v1 ${c.caption}`,
      );
      for (const t of body.data) {
        const want = [...expected.entries()].find(([id]) => jaegerId(id) === t.traceID)![1];
        assert.deepEqual(t.spans.map((s) => s.spanID).sort(), want, `v1 ${c.caption}: spans of ${t.traceID}`);
      }

      const v3 = await fetch(server.queryUrl + v3Url(c.query));
      const v3body = (await v3.json()) as { result?: { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ traceId: string }> }> }> } };
      assert.equal(v3.status, 200, `v3 ${c.caption}: ${JSON.stringify(v3body)}`);
      const v3ids = new Set<string>();
      for (const rs of v3body.result?.resourceSpans ?? []) for (const ss of rs.scopeSpans) for (const s of ss.spans) v3ids.add(s.traceId);
      assert.deepEqual([...v3ids].sort(), [...expected.keys()].sort(), `v3 ${c.caption}`);
    }
  });
});
