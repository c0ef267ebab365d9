import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createQueryTestApp, type QueryTestApp } from './testing/query-test-app.js';
import { BASE_NS, BASE_US, CHILD_ID, ROOT_ID, TRACE_1, TRACE_1_UI, TRACE_2, TRACE_2_SHORT, trace1Batch, trace2Batch } from './testing/sample-traces.js';
import { makeBatch, makeResourceSpans, makeSpan } from './testing/trace-fixtures.js';
import type { UiSpanLine, UiTraceHeader } from './ui-trace-lines.js';

for (const basePath of ['/', '/jaeger']) {
  const p = basePath === '/' ? '' : basePath;
  describe(`GET ${p}/api/ui/traces/{id}`, () => {
    let t: QueryTestApp;
    const get = (url: string) => t.app.inject({ method: 'GET', url: `${p}${url}` });

    before(async () => {
      t = createQueryTestApp({ basePath });
      await t.store.writer.writeTraces(trace1Batch());
      await t.store.writer.writeTraces(trace2Batch());
    });
    after(() => t.close());

    test('answers the header and one details line per span, with what /api/traces shows', async () => {
      const res = await get(`/api/ui/traces/${TRACE_1}`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/x-ndjson; charset=utf-8');
      const lines = res.body.split('\n');
      assert.equal(lines.length, 3);
      const header = JSON.parse(lines[0]!) as UiTraceHeader;
      assert.equal(header.traceID, TRACE_1);
      assert.equal(header.startUs, BASE_US);
      // Storage ids are all 16 characters: they come as one string.
      assert.equal(header.spans.ids, undefined);
      const ids = header.spans.idString!.match(/.{16}/g)!;
      const root = ids.indexOf(ROOT_ID);
      const child = ids.indexOf(CHILD_ID);
      assert.deepEqual([header.spans.parents[root], header.spans.parents[child]], [-1, root]);
      assert.equal(header.spans.durations[root], 25500);
      assert.equal(header.processes[header.spans.processes[child]!]!.serviceName, 'backend');
      assert.equal(header.spans.flags[child]! & 1, 1, 'the child is an error span');
      // Details carry the same tags and logs as the classic JSON; the link to another trace stays a link.
      const details = JSON.parse(lines[child + 1]!) as UiSpanLine;
      const jaegerChild = TRACE_1_UI.spans[1]!;
      assert.deepEqual(
        details.t!.map(([k, , v]) => ({ key: header.keys[k], value: v })),
        jaegerChild.tags.map((tag) => ({ key: tag.key, value: tag.value })),
      );
      assert.equal(details.l!.length, 1);
      assert.deepEqual(details.r, [['FOLLOWS_FROM', '4bf92f3577b34da6a3ce929d0e0e4736', '00f067aa0ba90200', -1]]);
    });

    test('a trace larger than one streamed slice arrives whole, one line per span', async () => {
      const big = '0000000000000000000000000000b16b';
      const id = (i: number) => (i + 1).toString(16).padStart(16, '0');
      const spans = Array.from({ length: 5000 }, (_, i) =>
        makeSpan(big, id(i), { parentSpanId: i === 0 ? '' : id(Math.floor((i - 1) / 4)), startTimeUnixNano: BASE_NS + BigInt(i) * 1000n, endTimeUnixNano: BASE_NS + BigInt(i) * 1000n + 500n }),
      );
      await t.store.writer.writeTraces(makeBatch([makeResourceSpans('bulk', spans)]));
      const res = await get(`/api/ui/traces/${big}`);
      assert.equal(res.statusCode, 200);
      const lines = res.body.split('\n');
      assert.equal(lines.length, 5001);
      const header = JSON.parse(lines[0]!) as UiTraceHeader;
      assert.equal(new Set(header.spans.idString!.match(/.{16}/g)).size, 5000);
      assert.equal(header.spans.parents.filter((p) => p < 0).length, 1);
      for (const line of lines.slice(1)) assert.ok(JSON.parse(line) !== null);
    });

    test('64-bit ids, unknown traces and malformed ids', async () => {
      const short = await get(`/api/ui/traces/${TRACE_2_SHORT}`);
      assert.equal(short.statusCode, 200);
      assert.equal((JSON.parse(short.body.split('\n')[0]!) as UiTraceHeader).traceID, TRACE_2_SHORT);
      assert.equal((await get(`/api/ui/traces/${TRACE_2}`)).statusCode, 200);
      const missing = await get('/api/ui/traces/00000000000000000000000000000bad');
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(JSON.parse(missing.body).errors, [{ code: 404, msg: 'trace not found' }]);
      const bad = await get('/api/ui/traces/not-hex');
      assert.equal(bad.statusCode, 400);
      assert.match(JSON.parse(bad.body).errors[0].msg, /not a trace ID/);
    });
  });
}
