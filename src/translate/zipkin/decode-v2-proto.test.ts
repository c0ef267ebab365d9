import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeZipkinV1Json, decodeZipkinV2Json, decodeZipkinV2Proto } from './index.js';
import { ipv6Text } from './ip-text.js';
import { encodeListOfSpans } from './testing/zipkin-proto-schema.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');

describe('decodeZipkinV2Proto', () => {
  test('decodes to the same batch as the equivalent JSON', () => {
    const json = [
      {
        traceId: '463ac35c9f6413ad48485a3953bb6124',
        parentId: '6b221d5bc9e6496c',
        id: 'a2fb4a1d1a96d312',
        kind: 'CLIENT',
        name: 'get /api',
        timestamp: 1_700_000_000_000_100,
        duration: 800,
        localEndpoint: { serviceName: 'frontend', ipv4: '192.168.1.10', port: 0 },
        remoteEndpoint: { serviceName: 'backend', ipv6: '2001:db8::c001', port: 8080 },
        annotations: [{ timestamp: 1_700_000_000_000_200, value: 'ws' }],
        tags: { 'http.path': '/api', error: 'timeout' },
        debug: true,
      },
      { traceId: '48485a3953bb6124', id: 'b2fb4a1d1a96d312', kind: 'SERVER', name: 'serve', timestamp: 5, duration: 1, shared: true },
    ];
    const proto = encodeListOfSpans({
      spans: [
        {
          trace_id: hex(json[0]!.traceId),
          parent_id: hex('6b221d5bc9e6496c'),
          id: hex('a2fb4a1d1a96d312'),
          kind: 1,
          name: 'get /api',
          timestamp: 1_700_000_000_000_100,
          duration: 800,
          local_endpoint: { service_name: 'frontend', ipv4: Buffer.from([192, 168, 1, 10]) },
          remote_endpoint: { service_name: 'backend', ipv6: hex('20010db800000000000000000000c001'), port: 8080 },
          annotations: [{ timestamp: 1_700_000_000_000_200, value: 'ws' }],
          tags: { 'http.path': '/api', error: 'timeout' },
          debug: true,
        },
        { trace_id: hex('48485a3953bb6124'), id: hex('b2fb4a1d1a96d312'), kind: 2, name: 'serve', timestamp: 5, duration: 1, shared: true },
      ],
    });
    const fromProto = decodeZipkinV2Proto(proto);
    assert.ok(fromProto.ok && fromProto.spanCount === 2, JSON.stringify(fromProto.ok ? fromProto.rejectionMessage : fromProto.error));
    assert.deepEqual(fromProto, decodeZipkinV2Json(JSON.stringify(json)));
  });

  test('ids of the wrong size reject the span; malformed bytes fail with an offset', () => {
    const result = decodeZipkinV2Proto(encodeListOfSpans({ spans: [{ trace_id: hex('0102'), id: hex('a2fb4a1d1a96d312') }, { trace_id: hex('48485a3953bb6124'), id: hex('01') }] }));
    assert.ok(result.ok);
    assert.equal(result.rejectionMessage, '2 spans rejected: span 0: trace_id has 2 bytes, expected 8 or 16');
    const bytes = Buffer.from(encodeListOfSpans({ spans: [{ trace_id: hex('48485a3953bb6124'), id: hex('a2fb4a1d1a96d312'), name: 'x' }] }));
    for (let n = 1; n < bytes.length; n++) {
      const r = decodeZipkinV2Proto(bytes.subarray(0, n));
      assert.equal(r.ok, false, `prefix ${n}`);
      if (!r.ok) assert.match(r.error, /truncated at byte \d+/);
    }
    assert.deepEqual(decodeZipkinV2Proto(Buffer.from([0x0a, 0x02, 0x20, 0x02])), { ok: true, batch: { resourceSpans: [] }, spanCount: 0, rejectedSpans: 1, rejectionMessage: '1 span rejected: span 0: missing traceId' });
    assert.match(JSON.stringify(decodeZipkinV2Proto(Buffer.from([0x0a, 0x02, 0x22, 0x00]))), /Span field 4 \(kind\) has wrong wire type length-delimited, expected varint/);
  });

  test('IPv6 text follows RFC 5952', () => {
    assert.equal(ipv6Text(hex('20010db8000000000000000000000001')), '2001:db8::1');
    assert.equal(ipv6Text(hex('00000000000000000000000000000001')), '::1');
    assert.equal(ipv6Text(hex('20010db8000000010000000000000001')), '2001:db8:0:1::1');
    assert.equal(ipv6Text(hex('20010db8000100000001000000010001')), '2001:db8:1:0:1:0:1:1');
    assert.equal(ipv6Text(hex('00000000000000000000000000000000')), '::');
  });
});

describe('Zipkin decoders, property-based', () => {
  test('random bytes and random JSON never throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        assert.equal(typeof decodeZipkinV2Proto(bytes).ok, 'boolean');
      }),
      { numRuns: 500 },
    );
    const spanish = fc.array(
      fc.record(
        {
          traceId: fc.oneof(fc.string(), fc.constant('463ac35c9f6413ad')),
          id: fc.oneof(fc.string(), fc.constant('a2fb4a1d1a96d312')),
          parentId: fc.anything(),
          timestamp: fc.anything(),
          duration: fc.anything(),
          kind: fc.anything(),
          tags: fc.anything(),
          annotations: fc.anything(),
          binaryAnnotations: fc.anything(),
          localEndpoint: fc.anything(),
          remoteEndpoint: fc.anything(),
          debug: fc.anything(),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(fc.oneof(spanish, fc.jsonValue()), (value) => {
        const text = JSON.stringify(value) ?? 'null';
        assert.equal(typeof decodeZipkinV2Json(text).ok, 'boolean');
        assert.equal(typeof decodeZipkinV1Json(text).ok, 'boolean');
      }),
      { numRuns: 500 },
    );
  });

  test('random spans decode identically from JSON and protobuf', () => {
    const idHex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).filter((b) => b.some((x) => x !== 0)).map((b) => Buffer.from(b).toString('hex'));
    const spanArb = fc.record({
      traceId: fc.oneof(idHex(8), idHex(16)),
      id: idHex(8),
      parentId: fc.option(idHex(8), { nil: undefined }),
      kind: fc.constantFrom(undefined, 'CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER'),
      name: fc.string({ maxLength: 10 }),
      timestamp: fc.integer({ min: 1, max: 2 ** 52 }),
      duration: fc.integer({ min: 1, max: 2 ** 40 }),
      service: fc.constantFrom('a', 'b'),
      tags: fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => k !== '__proto__'), fc.string({ maxLength: 8 }), { maxKeys: 4 }),
      annotations: fc.array(fc.record({ timestamp: fc.integer({ min: 1, max: 2 ** 52 }), value: fc.string({ maxLength: 8 }) }), { maxLength: 2 }),
    });
    fc.assert(
      fc.property(fc.array(spanArb, { minLength: 1, maxLength: 4 }), (spans) => {
        const json = spans.map((s) => ({
          traceId: s.traceId,
          id: s.id,
          ...(s.parentId !== undefined ? { parentId: s.parentId } : {}),
          ...(s.kind !== undefined ? { kind: s.kind } : {}),
          name: s.name,
          timestamp: s.timestamp,
          duration: s.duration,
          localEndpoint: { serviceName: s.service },
          tags: s.tags,
          annotations: s.annotations,
        }));
        const proto = encodeListOfSpans({
          spans: spans.map((s) => ({
            trace_id: hex(s.traceId),
            id: hex(s.id),
            ...(s.parentId !== undefined ? { parent_id: hex(s.parentId) } : {}),
            kind: ['', 'CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER'].indexOf(s.kind ?? ''),
            name: s.name,
            timestamp: s.timestamp,
            duration: s.duration,
            local_endpoint: { service_name: s.service },
            tags: s.tags,
            annotations: s.annotations,
          })),
        });
        const a = decodeZipkinV2Json(JSON.stringify(json));
        assert.ok(a.ok);
        assert.deepEqual(decodeZipkinV2Proto(proto), a);
      }),
      { numRuns: 100 },
    );
  });
});
