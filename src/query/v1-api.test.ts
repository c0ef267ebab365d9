import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createQueryTestApp, type QueryTestApp } from './testing/query-test-app.js';
import {
  BASE_US,
  TRACE_1,
  TRACE_1_UI,
  TRACE_2,
  TRACE_2_SHORT,
  trace1Batch,
  trace2Batch,
} from './testing/sample-traces.js';

const envelope = (data: unknown, total = 0, errors: unknown = null) =>
  JSON.stringify({ data, total, limit: 0, offset: 0, errors });
const refusal = (code: number, msg: string) => JSON.stringify({ data: null, total: 0, limit: 0, offset: 0, errors: [{ code, msg }] });

describe('classic query API over the memory store', () => {
  let t: QueryTestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  before(async () => {
    t = createQueryTestApp();
    await t.store.writer.writeTraces(trace1Batch());
    await t.store.writer.writeTraces(trace2Batch());
  });
  after(() => t.close());

  test('GET /api/services', async () => {
    const res = await get('/api/services');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/json/);
    assert.equal(res.body, envelope(['backend', 'frontend'], 2));
  });

  test('GET /api/services/{service}/operations (legacy) and /api/operations', async () => {
    assert.equal((await get('/api/services/frontend/operations')).body, envelope(['GET /dispatch', 'GET /health'], 2));
    assert.equal(
      (await get('/api/operations?service=backend')).body,
      envelope([{ name: 'SELECT', spanKind: 'client' }], 1),
    );
    assert.equal((await get('/api/operations?service=backend&spanKind=server')).body, envelope([], 0));
    assert.equal((await get('/api/operations?service=backend&spanKind=client')).body, envelope([{ name: 'SELECT', spanKind: 'client' }], 1));
    const missing = await get('/api/operations');
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.body, refusal(400, "parameter 'service' is required"));
  });

  test('GET /api/traces/{id}: the exact Jaeger UI JSON', async () => {
    const res = await get(`/api/traces/${TRACE_1}`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, envelope([TRACE_1_UI]));
  });

  test('a 64-bit trace id is found by its 16 hex digits and printed with 16', async () => {
    for (const id of [TRACE_2_SHORT, TRACE_2, TRACE_2_SHORT.toUpperCase()]) {
      const res = await get(`/api/traces/${id}`);
      assert.equal(res.statusCode, 200, id);
      const trace = JSON.parse(res.body).data[0];
      assert.equal(trace.traceID, TRACE_2_SHORT);
      assert.equal(trace.spans[0].traceID, TRACE_2_SHORT);
    }
  });

  test('unknown and malformed trace ids', async () => {
    const unknown = await get('/api/traces/00000000000000000000000000000042');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.body, refusal(404, 'trace not found'));
    const bad = await get('/api/traces/not-a-trace-id');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.body, refusal(400, `unable to parse param 'traceID': "not-a-trace-id" is not a trace ID (1 to 32 hex digits)`));
    assert.equal((await get(`/api/traces/${'a'.repeat(33)}`)).statusCode, 400);
  });

  test('search by service, operation, tags, durations, window and limit; newest first', async () => {
    const ids = async (qs: string) => {
      const res = await get(`/api/traces?${qs}`);
      assert.equal(res.statusCode, 200, `${qs}: ${res.body}`);
      const body = JSON.parse(res.body);
      assert.equal(body.errors, null);
      return body.data.map((tr: { traceID: string }) => tr.traceID);
    };
    assert.deepEqual(await ids('service=frontend'), [TRACE_2_SHORT, TRACE_1]);
    assert.deepEqual(await ids('service=frontend&limit=1'), [TRACE_2_SHORT]);
    assert.deepEqual(await ids('service=frontend&operation=GET%20%2Fdispatch'), [TRACE_1]);
    assert.deepEqual(await ids('service=frontend&minDuration=10ms'), [TRACE_1]);
    assert.deepEqual(await ids('service=frontend&maxDuration=1ms'), [TRACE_2_SHORT]);
    assert.deepEqual(await ids('service=backend&tags=' + encodeURIComponent('{"error":"true"}')), [TRACE_1]);
    assert.deepEqual(await ids('service=frontend&tag=http.method:GET'), [TRACE_1]);
    assert.deepEqual(await ids('service=frontend&tag=http.method:POST'), []);
    assert.deepEqual(await ids(`service=frontend&start=${BASE_US + 500_000}&end=${BASE_US + 2_000_000}&lookback=custom`), [TRACE_2_SHORT]);
    assert.deepEqual(await ids('service=nobody'), []);
  });

  test('search results carry the full trace JSON', async () => {
    const res = await get('/api/traces?service=backend');
    assert.equal(res.body, envelope([TRACE_1_UI]));
  });

  test('traceID parameters fetch traces and report the missing ones', async () => {
    const res = await get(`/api/traces?traceID=${TRACE_1}&traceID=42&traceID=${TRACE_2_SHORT}`);
    assert.equal(res.statusCode, 200);
    const body = JSON.parse(res.body);
    assert.deepEqual(body.data.map((tr: { traceID: string }) => tr.traceID), [TRACE_1, TRACE_2_SHORT]);
    assert.deepEqual(body.errors, [{ msg: 'trace not found', traceID: '0000000000000042' }]);
  });

  test('malformed search parameters are refused with 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['', "parameter 'service' is required"],
      ['service=s&minDuration=10', `unable to parse param 'minDuration': invalid duration "10": expected a number followed by a unit (ns, us, ms, s, m, h)`],
      ['service=s&limit=many', `unable to parse param 'limit': strconv.ParseInt: parsing "many": invalid syntax`],
      ['service=s&start=now', `unable to parse param 'start': strconv.ParseInt: parsing "now": invalid syntax`],
      ['service=s&end=later', `unable to parse param 'end': strconv.ParseInt: parsing "later": invalid syntax`],
      ['service=s&tags=%7Bnot-json', `malformed 'tags' parameter, cannot unmarshal JSON: ${jsonError('{not-json')}`],
      ['service=s&tag=x', "malformed 'tag' parameter, expecting key:value, received: x"],
      ['traceID=zz', 'cannot parse traceID param: "zz" is not a trace ID (1 to 32 hex digits, not all zero)'],
      ['service=s&minDuration=1s&maxDuration=1ms', "'maxDuration' should be greater than 'minDuration'"],
      ['service=s&limit=-5', 'invalid parameter: limit must be greater than 0'],
    ];
    for (const [qs, msg] of cases) {
      const res = await get(`/api/traces?${qs}`);
      assert.equal(res.statusCode, 400, qs);
      assert.equal(res.body, refusal(400, msg), qs);
    }
  });

  test('prettyPrint indents with four spaces', async () => {
    const res = await get('/api/services?prettyPrint=true');
    assert.equal(res.body, JSON.stringify({ data: ['backend', 'frontend'], total: 2, limit: 0, offset: 0, errors: null }, null, 4));
    assert.equal((await get('/api/services?prettyPrint=false')).body, envelope(['backend', 'frontend'], 2));
  });

  test('unknown /api paths and methods get a JSON 404', async () => {
    for (const [method, url] of [['GET', '/api/nothing'], ['POST', '/api/traces'], ['GET', '/api/services/']] as const) {
      const res = await t.app.inject({ method, url });
      assert.equal(res.statusCode, 404, url);
      const body = JSON.parse(res.body);
      assert.equal(body.data, null);
      assert.equal(body.errors[0].code, 404);
    }
  });

  test('GET /api/dependencies: edges in the window, service filter, ms parameters', async () => {
    const endTs = Math.floor(BASE_US / 1000) + 60_000;
    const res = await get(`/api/dependencies?endTs=${endTs}&lookback=120000`);
    assert.equal(res.body, envelope([{ parent: 'frontend', child: 'backend', callCount: 1 }]));
    assert.equal((await get(`/api/dependencies?endTs=${endTs}&lookback=120000&service=nobody`)).body, envelope([]));
    assert.equal((await get(`/api/dependencies?endTs=${endTs - 3_600_000}&lookback=60000`)).body, envelope([]));
    assert.equal((await get('/api/dependencies')).body, envelope([{ parent: 'frontend', child: 'backend', callCount: 1 }]));
    const bad = await get('/api/dependencies?endTs=yesterday');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.body, refusal(400, `unable to parse param 'endTs': strconv.ParseInt: parsing "yesterday": invalid syntax`));
  });

  test('requests are counted and timed per operation and result', async () => {
    const text = await t.registry.metrics();
    assert.match(text, /ariadne_query_requests_total\{operation="get_services",result="ok"\} \d+/);
    assert.match(text, /ariadne_query_requests_total\{operation="find_traces",result="bad_request"\} \d+/);
    assert.match(text, /ariadne_query_requests_total\{operation="get_trace",result="not_found"\} 1/);
    assert.match(text, /ariadne_query_latency_seconds_count\{operation="get_trace"\} \d+/);
  });
});

function jsonError(text: string): string {
  try {
    JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  return '';
}
