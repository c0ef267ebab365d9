/**
 * Bad input against the running server: each malformed request gets the protocol's status and a message, a counter
 * records it, and the server keeps serving good requests.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { encodeOtlpProtobuf } from '../../src/translate/otlp/index.js';
import { createRealisticOtlpRequest } from '../../bench/otlp-payload.js';
import { startServer, type ServerProcess } from './server-process.js';

let server: ServerProcess;

async function post(body: Uint8Array | string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(`${server.otlpHttpUrl}/v1/traces`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

async function goodRequestStillWorks(): Promise<void> {
  const r = await post(encodeOtlpProtobuf(createRealisticOtlpRequest(8, 99)), { 'Content-Type': 'application/x-protobuf' });
  assert.equal(r.status, 200);
}

async function badRequestCount(): Promise<number> {
  const text = await (await fetch(`${server.adminUrl}/metrics`)).text();
  let total = 0;
  for (const m of text.matchAll(/^ariadne_receiver_bad_requests_total\{[^}]*\} (\d+)/gm)) total += Number(m[1]);
  return total;
}

describe('bad input on the OTLP and query ports', () => {
  before(async () => {
    server = await startServer({ args: ['--set', 'receivers.otlp.http.max_request_body_size_mib=1'] });
  });
  after(async () => {
    assert.equal(await server.stop(), 0);
  });

  const cases: Array<[string, () => Promise<{ status: number; text: string }>, number, RegExp]> = [
    ['random bytes as protobuf', () => post(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 0x07, 0x01]), { 'Content-Type': 'application/x-protobuf' }), 400, /./],
    ['truncated protobuf', () => post(encodeOtlpProtobuf(createRealisticOtlpRequest(8, 1)).slice(0, 200), { 'Content-Type': 'application/x-protobuf' }), 400, /./],
    ['invalid JSON', () => post('{"resourceSpans": [', { 'Content-Type': 'application/json' }), 400, /./],
    ['wrong content type', () => post('hello', { 'Content-Type': 'text/plain' }), 415, /./],
    ['oversized body', () => post(new Uint8Array(2 * 1024 * 1024), { 'Content-Type': 'application/x-protobuf' }), 413, /./],
    ['gzip bomb', () => post(gzipSync(Buffer.alloc(64 * 1024 * 1024)), { 'Content-Type': 'application/x-protobuf', 'Content-Encoding': 'gzip' }), 413, /./],
  ];
  for (const [name, send, status, message] of cases) {
    test(`${name} → ${status}, counted, and the server keeps serving`, async () => {
      const before = await badRequestCount();
      const r = await send();
      assert.equal(r.status, status, r.text);
      assert.match(r.text, message);
      assert.ok((await badRequestCount()) > before, 'a bad-request counter recorded it');
      await goodRequestStillWorks();
    });
  }

  test('invalid ids are a partial success naming the rejected spans', async () => {
    const res = await fetch(`${server.otlpHttpUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'zz', spanId: '0102030405060708', name: 'x', startTimeUnixNano: '1', endTimeUnixNano: '2' }] }] }],
      }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { partialSuccess?: { rejectedSpans?: string | number; errorMessage?: string } };
    assert.equal(Number(body.partialSuccess?.rejectedSpans), 1);
    assert.match(body.partialSuccess?.errorMessage ?? '', /trace id/i);
  });

  test('malformed query parameters are 400 naming the parameter', async () => {
    const bad: Array<[string, RegExp]> = [
      ['/api/traces?service=x&minDuration=abc', /minDuration/],
      ['/api/traces?service=x&limit=ten', /limit/],
      ['/api/traces?service=x&start=yesterday', /start/],
      ['/api/traces?service=x&tags=%7Bnot-json', /tags/],
      ['/api/traces?lookback=1h', /service/],
      ['/api/traces?service=x&minDuration=2s&maxDuration=1s', /maxDuration|minDuration/],
      ['/api/v3/traces?query.service_name=x', /start_time_min|startTimeMin/],
    ];
    for (const [path, param] of bad) {
      const res = await fetch(server.queryUrl + path);
      const text = await res.text();
      assert.equal(res.status, 400, `${path}: ${text}`);
      assert.match(text, param, path);
    }
    const ok = await fetch(`${server.queryUrl}/api/services`);
    assert.equal(ok.status, 200);
  });
});
