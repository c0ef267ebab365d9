import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, beforeEach, describe, test } from 'node:test';
import protobuf from 'protobufjs/minimal.js';
import { Registry } from 'prom-client';
import { createSilentLogger } from '../../telemetry/index.js';
import { createRecordingSink } from '../recording-sink.js';
import { createOtlpHttpReceiver } from './http-receiver.js';
import { jsonStatusMessage, sendRaw, validJsonRequest, type RawResponse } from './http-test-client.js';
import { captureExporterBody, makeSdkSpans } from './sdk-span-fixture.js';

const MIB = 1024 * 1024;
const JSON_TYPE = { 'Content-Type': 'application/json' };
const PROTO_TYPE = { 'Content-Type': 'application/x-protobuf' };

describe('OTLP/HTTP receiver on bad input', () => {
  const sink = createRecordingSink();
  const registry = new Registry();
  const receiver = createOtlpHttpReceiver({ host: '127.0.0.1', port: 0, sink, logger: createSilentLogger(), registry });
  let port = 0;
  let protoBody: Buffer = Buffer.alloc(0);
  const spans = makeSdkSpans();

  before(async () => {
    await receiver.start();
    port = receiver.address().port;
    protoBody = await captureExporterBody('protobuf', spans);
  });
  after(() => receiver.stop());
  beforeEach(() => sink.clear());

  const badRequests = async (reason: string): Promise<number> => {
    const metric = await registry.getSingleMetric('ariadne_receiver_bad_requests_total')!.get();
    return metric.values.find((v) => v.labels['reason'] === reason && v.labels['transport'] === 'http')?.value ?? 0;
  };
  const rejectedSpans = async (): Promise<number> => {
    const metric = await registry.getSingleMetric('ariadne_receiver_rejected_spans_total')!.get();
    return metric.values.find((v) => v.labels['transport'] === 'http')?.value ?? 0;
  };
  /** Sends `request`, checks status, message and counter, then that a good request still succeeds. */
  const expectRejected = async (
    request: Parameters<typeof sendRaw>[1],
    status: number,
    reason: string,
    message: RegExp,
  ): Promise<RawResponse> => {
    const before = await badRequests(reason);
    const res = await sendRaw(port, request);
    assert.equal(res.status, status, res.body.toString());
    assert.match(statusMessage(res), message);
    assert.equal(await badRequests(reason), before + 1, `bad_requests{reason=${reason}} incremented`);
    const good = await sendRaw(port, { headers: PROTO_TYPE, body: protoBody });
    assert.equal(good.status, 200, 'a good request afterwards still succeeds');
    return res;
  };

  test('garbage bytes as protobuf: 400 with a protobuf Status', async () => {
    const res = await expectRejected(
      { headers: PROTO_TYPE, body: Buffer.from('this is not protobuf \xff\xfe\x00', 'latin1') },
      400,
      'decode',
      /cannot decode the OTLP\/protobuf ExportTraceServiceRequest: /,
    );
    assert.equal(res.headers['content-type'], 'application/x-protobuf');
  });

  test('truncated protobuf: 400', async () => {
    await expectRejected({ headers: PROTO_TYPE, body: protoBody.subarray(0, protoBody.length >> 1) }, 400, 'decode', /protobuf/);
  });

  test('invalid JSON: 400 with a JSON Status', async () => {
    const res = await expectRejected({ headers: JSON_TYPE, body: '{"resourceSpans": [' }, 400, 'decode', /cannot decode the OTLP\/JSON ExportTraceServiceRequest: invalid JSON/);
    assert.equal(res.headers['content-type'], 'application/json');
    assert.equal((JSON.parse(res.body.toString()) as { code: number }).code, 3);
  });

  test('unknown content type: 415', async () => {
    await expectRejected({ headers: { 'Content-Type': 'text/plain' }, body: 'hello' }, 415, 'content_type', /unsupported content type text\/plain/);
    await expectRejected({ body: protoBody }, 415, 'content_type', /unsupported content type \(none\)/);
  });

  test('unsupported content encoding: 415', async () => {
    await expectRejected({ headers: { ...JSON_TYPE, 'Content-Encoding': 'br' }, body: 'x' }, 415, 'content_encoding', /encoding br/);
  });

  test('wrong method: 405 with Allow: POST; OPTIONS too when CORS is off', async () => {
    for (const method of ['GET', 'PUT', 'OPTIONS']) {
      const res = await expectRejected({ method, headers: JSON_TYPE }, 405, 'method', /use POST/);
      assert.equal(res.headers.allow, 'POST');
    }
  });

  test('unknown path: 404', async () => {
    await expectRejected({ path: '/v1/metrics', headers: JSON_TYPE, body: '{}' }, 404, 'not_found', /POST \/v1\/traces/);
  });

  test('parameters in the content type and a query string are accepted', async () => {
    const res = await sendRaw(port, {
      path: '/v1/traces?x=1',
      headers: { 'Content-Type': 'Application/JSON; charset=utf-8' },
      body: JSON.stringify(validJsonRequest()),
    });
    assert.equal(res.status, 200);
    assert.equal(sink.spans().length, 1);
  });

  test('declared body over 20 MiB: 413 before the body is read, connection closed', async () => {
    const size = 21 * MIB;
    const res = await expectRejected(
      { headers: { ...PROTO_TYPE, 'Content-Length': size }, body: (req) => req.end(Buffer.alloc(size)) },
      413,
      'too_large',
      /exceeds the limit of 20971520 bytes/,
    );
    assert.equal(res.headers.connection, 'close');
  });

  test('chunked upload that never ends: 413 once past 20 MiB, without reading the rest', async () => {
    let sent = 0;
    const res = await expectRejected(
      {
        headers: PROTO_TYPE,
        body: (req) => {
          const chunk = Buffer.alloc(MIB);
          let done = false;
          req.on('response', () => (done = true));
          req.on('close', () => (done = true));
          const pump = (): void => {
            while (!done && sent < 200 * MIB) {
              sent += chunk.length;
              if (!req.write(chunk)) return void req.once('drain', pump);
            }
            if (!done) req.end();
          };
          pump();
        },
      },
      413,
      'too_large',
      /exceeds the limit/,
    );
    assert.equal(res.headers.connection, 'close');
    assert.ok(sent < 100 * MIB, `the client was stopped early (sent ${sent / MIB} MiB)`);
  });

  test('gzip bomb (50 MiB of zeros in ~50 KB): 413 quickly, not inflated in full', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * MIB));
    assert.ok(bomb.length < 100_000);
    const started = Date.now();
    await expectRejected(
      { headers: { ...PROTO_TYPE, 'Content-Encoding': 'gzip' }, body: bomb },
      413,
      'too_large',
      /gzip-decompressed request body exceeds the limit/,
    );
    assert.ok(Date.now() - started < 2000, 'answered quickly');
  });

  test('invalid gzip: 400', async () => {
    await expectRejected({ headers: { ...JSON_TYPE, 'Content-Encoding': 'gzip' }, body: '{"not":"gzip"}' }, 400, 'decode', /not valid gzip/);
  });

  test('gzip and deflate bodies within the limit are accepted', async () => {
    const { deflateSync } = await import('node:zlib');
    for (const [coding, body] of [['gzip', gzipSync(protoBody)], ['deflate', deflateSync(protoBody)]] as const) {
      sink.clear();
      const res = await sendRaw(port, { headers: { ...PROTO_TYPE, 'Content-Encoding': coding }, body });
      assert.equal(res.status, 200, coding);
      assert.equal(sink.spans().length, spans.length);
    }
  });

  test('invalid ids in JSON: 200 with partial success, valid spans kept, rejected spans counted', async () => {
    const before = await rejectedSpans();
    const req = validJsonRequest() as { resourceSpans: Array<{ scopeSpans: Array<{ spans: unknown[] }> }> };
    const spanList = req.resourceSpans[0]!.scopeSpans[0]!.spans;
    spanList.push({ ...(spanList[0] as object), traceId: '00000000000000000000000000000000' });
    spanList.push({ ...(spanList[0] as object), spanId: 'zz' });
    const res = await sendRaw(port, { headers: JSON_TYPE, body: JSON.stringify(req) });
    assert.equal(res.status, 200);
    const parsed = JSON.parse(res.body.toString()) as { partialSuccess?: { rejectedSpans?: string; errorMessage?: string } };
    assert.equal(parsed.partialSuccess?.rejectedSpans, '2');
    assert.match(parsed.partialSuccess?.errorMessage ?? '', /2 spans rejected/);
    assert.equal(sink.spans().length, 1);
    assert.equal(await rejectedSpans(), before + 2);
  });

  test('invalid ids in protobuf: 200 with a protobuf partial success', async () => {
    // Zero the leaf span's id in the exporter's own bytes: that span alone becomes invalid.
    const leaf = spans.find((s) => s.parentSpanContext !== undefined)!;
    const id = Buffer.from(leaf.spanContext().spanId, 'hex');
    const patched = Buffer.from(protoBody);
    const at = patched.indexOf(id);
    assert.ok(at > 0 && patched.indexOf(id, at + 1) === -1, 'the leaf span id occurs once');
    patched.fill(0, at, at + 8);
    const res = await sendRaw(port, { headers: PROTO_TYPE, body: patched });
    assert.equal(res.status, 200);
    assert.deepEqual(decodePartialSuccess(res.body), { rejectedSpans: 1, hasMessage: true });
    assert.equal(sink.spans().length, spans.length - 1);
  });

  test('a client that aborts mid-body does not disturb the server', async () => {
    await new Promise<void>((resolve) => {
      void sendRaw(port, {
        headers: { ...PROTO_TYPE, 'Content-Length': 10_000 },
        body: (req) => {
          req.write(Buffer.alloc(100));
          setTimeout(() => {
            req.destroy();
            resolve();
          }, 20);
        },
      }).catch(() => undefined);
    });
    const res = await sendRaw(port, { headers: PROTO_TYPE, body: protoBody });
    assert.equal(res.status, 200);
    assert.equal(sink.spans().length, spans.length);
  });
});

/** The google.rpc.Status message of an error body, protobuf or JSON. */
function statusMessage(res: RawResponse): string {
  if (res.headers['content-type'] === 'application/json') return jsonStatusMessage(res);
  const reader = protobuf.Reader.create(res.body);
  let message = '';
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag === 18) message = reader.string();
    else reader.skipType(tag & 7);
  }
  return message;
}

/** ExportTraceServiceResponse{ partial_success = 1 { rejected_spans = 1; error_message = 2 } }. */
function decodePartialSuccess(body: Buffer): { rejectedSpans: number; hasMessage: boolean } {
  const outer = protobuf.Reader.create(body);
  assert.equal(outer.uint32(), 10);
  const inner = protobuf.Reader.create(outer.bytes());
  const out = { rejectedSpans: 0, hasMessage: false };
  while (inner.pos < inner.len) {
    const tag = inner.uint32();
    if (tag === 8) out.rejectedSpans = Number(inner.int64());
    else if (tag === 18) out.hasMessage = inner.string().length > 0;
    else inner.skipType(tag & 7);
  }
  return out;
}
