import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, SpanKind } from '../model/index.js';
import { createQueryTestApp, type QueryTestApp } from './testing/query-test-app.js';
import { makeResourceSpans, makeSpan, MS } from './testing/trace-fixtures.js';
import { BASE_NS, TRACE_1, trace1Batch } from './testing/sample-traces.js';

const SKEWED = '000000000000000000000000000000aa';
const ZIPKIN = '000000000000000000000000000000bb';

describe('query-time adjusters through the API', () => {
  let t: QueryTestApp;
  const get = async (url: string) => JSON.parse((await t.app.inject({ method: 'GET', url })).body);

  before(async () => {
    t = createQueryTestApp({ maxClockSkewAdjustNs: 1000n * MS });
    // The backend host's clock is 5 ms behind: its child starts before its parent.
    const parent = makeSpan(SKEWED, '0000000000000001', { startTimeUnixNano: BASE_NS, endTimeUnixNano: BASE_NS + 10n * MS });
    const child = makeSpan(SKEWED, '0000000000000002', {
      parentSpanId: '0000000000000001',
      startTimeUnixNano: BASE_NS - 5n * MS,
      endTimeUnixNano: BASE_NS - 3n * MS,
    });
    const batch = {
      resourceSpans: [
        makeResourceSpans('frontend', [parent], [attr('host.name', 'A')]),
        makeResourceSpans('backend', [child], [attr('host.name', 'B')]),
      ],
    };
    await t.store.writer.writeTraces(batch);
    await t.store.writer.writeTraces(batch); // written twice: exact duplicates
    // Zipkin style: client and server share span id 0000000000000003.
    const client = makeSpan(ZIPKIN, '0000000000000003', { kind: SpanKind.CLIENT, name: 'call' });
    const server = makeSpan(ZIPKIN, '0000000000000003', { kind: SpanKind.SERVER, name: 'serve' });
    await t.store.writer.writeTraces({
      resourceSpans: [makeResourceSpans('frontend', [client]), makeResourceSpans('backend', [server])],
    });
  });
  after(() => t.close());

  test('adjusted: duplicates dropped, clock skew corrected with a warning', async () => {
    const trace = (await get(`/api/traces/${SKEWED}`)).data[0];
    assert.equal(trace.spans.length, 2);
    const child = trace.spans.find((s: { spanID: string }) => s.spanID === '0000000000000002');
    assert.equal(child.startTime, Number(BASE_NS / 1000n) + 4000);
    assert.deepEqual(child.warnings, ["This span's timestamps were adjusted by 9ms"]);
  });

  test('raw=true returns what was stored', async () => {
    const trace = (await get(`/api/traces/${SKEWED}?raw=true`)).data[0];
    assert.equal(trace.spans.length, 4);
    const child = trace.spans.find((s: { spanID: string }) => s.spanID === '0000000000000002');
    assert.equal(child.startTime, Number(BASE_NS / 1000n) - 5000);
    assert.equal(child.warnings, null);
    const searched = (await get('/api/traces?service=backend&raw=true')).data;
    assert.equal(searched.find((tr: { traceID: string }) => tr.traceID === '00000000000000aa').spans.length, 4);
  });

  test('a server span sharing a client span id becomes its child under a new id', async () => {
    const trace = (await get(`/api/traces/${ZIPKIN}`)).data[0];
    const server = trace.spans.find((s: { operationName: string }) => s.operationName === 'serve');
    assert.equal(server.spanID, '0000000000000001');
    assert.deepEqual(server.references, [{ refType: 'CHILD_OF', traceID: '00000000000000bb', spanID: '0000000000000003' }]);
    assert.equal(server.warnings.length, 1);
  });
});

describe('base path', () => {
  let t: QueryTestApp;
  before(async () => {
    t = createQueryTestApp({ basePath: '/jaeger/' });
    await t.store.writer.writeTraces(trace1Batch());
  });
  after(() => t.close());

  test('routes live under the base path only', async () => {
    const ok = await t.app.inject({ method: 'GET', url: '/jaeger/api/services' });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(JSON.parse(ok.body).data, ['backend', 'frontend']);
    assert.equal((await t.app.inject({ method: 'GET', url: `/jaeger/api/traces/${TRACE_1}` })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/jaeger/api/v3/services' })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/services' })).statusCode, 404);
    const unknown = await t.app.inject({ method: 'GET', url: '/jaeger/api/nope' });
    assert.equal(JSON.parse(unknown.body).errors[0].code, 404);
  });
});
