/**
 * The transcoder's contract: the bytes of `encodeOtlpProtobuf(decodeJaegerAgentCompactDatagram(d).batch)` and the
 * same counts, for every datagram; the byte-level path handles what clients send.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { anyValueToString, attr, withResourceAttributes, type KeyValue } from '../../model/index.js';
import { decodeOtlpProtobuf, encodeOtlpProtobuf } from '../otlp/index.js';
import { transcodeJaegerCompactDatagram, transcodeWithoutModel } from './compact-transcoder.js';
import { decodeJaegerAgentCompactDatagram } from './decode-jaeger-thrift.js';
import { batch, span } from './testing/jaeger-arbitraries.js';
import { TagType, encodeEmitBatch, type ThriftBatch } from './testing/jaeger-thrift-writer.js';

function viaModel(bytes: Uint8Array, extra: readonly KeyValue[] = []): unknown {
  const r = decodeJaegerAgentCompactDatagram(bytes);
  if (!r.ok) return r;
  const b = withResourceAttributes(r.batch, extra);
  return { ok: true, bytes: Buffer.from(encodeOtlpProtobuf(b)), spanCount: r.spanCount, rejectedSpans: r.rejectedSpans, rejectionMessage: r.rejectionMessage };
}

function transcoded(bytes: Uint8Array, fastOnly: boolean, extra: readonly KeyValue[] = []): unknown {
  const r = fastOnly ? transcodeWithoutModel(Buffer.from(bytes), extra) : transcodeJaegerCompactDatagram(bytes, extra);
  assert.ok(r !== undefined, 'the byte-level path handles it');
  return r.ok ? { ...r, bytes: Buffer.from(r.bytes) } : r;
}

describe('transcodeJaegerCompactDatagram', () => {
  test('random batches: the bytes and counts of decoding into the model and encoding it', () => {
    fc.assert(
      fc.property(batch, fc.constantFrom(4, 1), (b, type) => {
        const bytes = encodeEmitBatch(b, 'compact', { type });
        assert.deepEqual(transcoded(bytes, true), viaModel(bytes));
      }),
      { numRuns: 400 },
    );
  });

  test("resource attributes (an agent's tags) are added where the process lacks the key, on both paths", () => {
    const extra = [attr('pod.name', 'p-1'), attr('hostname', 'agent-host'), attr('cluster', 'c')];
    fc.assert(
      fc.property(batch, (b) => {
        const bytes = encodeEmitBatch(b, 'compact', { type: 4 });
        assert.deepEqual(transcoded(bytes, true, extra), viaModel(bytes, extra));
      }),
      { numRuns: 100 },
    );
    const one = { traceIdLow: 1n, traceIdHigh: 0n, spanId: 2n, parentSpanId: 0n, operationName: 'op', flags: 1, startTime: 10n, duration: 5n };
    const own = encodeEmitBatch({ process: { serviceName: 'svc', tags: [{ key: 'cluster', vType: TagType.STRING, vStr: 'own' }] }, spans: [one] }, 'compact');
    const r = transcodeJaegerCompactDatagram(own, extra);
    assert.ok(r.ok);
    const back = decodeOtlpProtobuf(r.bytes);
    assert.ok(back.ok);
    const attributes = back.batch.resourceSpans[0]!.resource.attributes.map((kv) => `${kv.key}=${anyValueToString(kv.value)}`);
    assert.deepEqual(attributes, ['service.name=svc', 'cluster=own', 'pod.name=p-1', 'hostname=agent-host']);
  });

  test('several scopes, rule tags in every role, references and non-ASCII text', () => {
    fc.assert(
      fc.property(fc.array(span, { minLength: 1, maxLength: 8 }), (spans) => {
        const scoped = spans.map((s, i) => ({
          ...s,
          tags: [
            ...(i % 3 === 0 ? [{ key: 'otel.scope.name', vType: TagType.STRING, vStr: `lib-${i % 2}` }] : []),
            ...(i % 4 === 1 ? [{ key: 'otel.library.name', vType: TagType.STRING, vStr: 'lib-0' }, { key: 'otel.library.version', vType: TagType.STRING, vStr: '1' }] : []),
            { key: 'ключ', vType: TagType.STRING, vStr: 'значение ✓' },
            ...(s.tags ?? []),
            { key: 'span.kind', vType: TagType.STRING, vStr: i % 2 === 0 ? 'client' : 'server' },
            { key: 'http.status_code', vType: TagType.LONG, vLong: BigInt(200 + 100 * (i % 4)) },
            { key: 'otel.status_description', vType: TagType.STRING, vStr: 'why' },
          ],
        }));
        const bytes = encodeEmitBatch({ process: { serviceName: 'svc', tags: [{ key: 'hostname', vType: TagType.STRING, vStr: 'h' }] }, spans: scoped }, 'compact');
        assert.deepEqual(transcoded(bytes, true), viaModel(bytes));
      }),
      { numRuns: 150 },
    );
  });

  test('invalid UTF-8 in names, keys and values is written as the model path writes it (U+FFFD)', () => {
    const b: ThriftBatch = {
      process: { serviceName: 'svc' },
      spans: [{ traceIdLow: 1n, traceIdHigh: 2n, spanId: 3n, parentSpanId: 0n, operationName: 'op-XX', flags: 1, startTime: 10n, duration: 5n,
        tags: [{ key: 'kXX', vType: TagType.STRING, vStr: 'vXX' }], logs: [{ timestamp: 11n, fields: [{ key: 'event', vType: TagType.STRING, vStr: 'eXX' }] }] }],
    };
    const bytes = Buffer.from(encodeEmitBatch(b, 'compact'));
    for (let at = bytes.indexOf('XX'); at >= 0; at = bytes.indexOf('XX', at + 2)) bytes.set([0xff, 0xc3], at);
    assert.deepEqual(transcoded(bytes, false), viaModel(bytes));
  });

  test('every span rejected: an empty request with the rejections counted', () => {
    const bytes = encodeEmitBatch({ process: { serviceName: 'svc' }, spans: [{ traceIdLow: 0n, traceIdHigh: 0n, spanId: 1n, parentSpanId: 0n, operationName: 'op', flags: 0, startTime: 0n, duration: 0n }] }, 'compact');
    const r = transcodeJaegerCompactDatagram(bytes);
    assert.deepEqual(r, { ok: true, bytes: new Uint8Array(0), spanCount: 0, rejectedSpans: 1, rejectionMessage: '1 span rejected: span 0: trace id is zero' });
  });

  test("malformed datagrams: the decoder's error", () => {
    const good = encodeEmitBatch({ process: { serviceName: 'svc' }, spans: [] }, 'compact');
    for (const bad of [good.subarray(0, good.length - 2), Buffer.from([0x82]), Buffer.alloc(0), encodeEmitBatch({ process: { serviceName: 's' }, spans: [] }, 'binary')]) {
      const r = transcodeJaegerCompactDatagram(bad);
      assert.equal(r.ok, false);
      assert.deepEqual(r, decodeJaegerAgentCompactDatagram(bad));
    }
  });
});
