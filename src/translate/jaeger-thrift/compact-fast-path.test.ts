/**
 * The compact fast path must take the datagrams clients send and give exactly what the generic decoder gives; for
 * everything else it must step aside (undefined) so the generic decoder answers.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readCompactEmitBatch } from './compact-fast-path.js';
import { decodeCompactGeneric } from './decode-jaeger-thrift.js';
import { batch } from './testing/jaeger-arbitraries.js';
import { encodeEmitBatch, type ThriftBatch } from './testing/jaeger-thrift-writer.js';
import { T, thrift, writeWith } from './testing/thrift-library.js';

describe('compact fast path', () => {
  test('random batches written by the thrift library: handled, and equal to the generic decoder', () => {
    fc.assert(
      fc.property(batch, fc.constantFrom(4, 1), fc.nat({ max: 1000 }), (b, type, seqid) => {
        const bytes = encodeEmitBatch(b, 'compact', { type, seqid });
        const fast = readCompactEmitBatch(bytes);
        assert.ok(fast !== undefined, 'the fast path handles what the thrift library writes');
        assert.deepEqual(fast, decodeCompactGeneric(bytes));
      }),
      { numRuns: 300 },
    );
  });

  test("client stats (Go clients' field 4) are skipped, not a reason to step aside", () => {
    const sample: ThriftBatch = { process: { serviceName: 'svc' }, spans: [{ traceIdLow: 1n, traceIdHigh: 0n, spanId: 2n, parentSpanId: 0n, operationName: 'op', flags: 1, startTime: 1n, duration: 1n }] };
    const bytes = writeWith('compact', (p) => {
      p.writeMessageBegin('emitBatch', 4, 0);
      p.writeStructBegin('emitBatch_args');
      p.writeFieldBegin('batch', T.STRUCT, 1);
      p.writeStructBegin('Batch');
      p.writeFieldBegin('process', T.STRUCT, 1);
      p.writeStructBegin('Process');
      p.writeFieldBegin('serviceName', T.STRING, 1);
      p.writeString('svc');
      p.writeFieldEnd();
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeFieldEnd();
      p.writeFieldBegin('seqNo', T.I64, 3);
      p.writeI64(thrift.fromBigInt(7n));
      p.writeFieldEnd();
      p.writeFieldBegin('stats', T.STRUCT, 4);
      p.writeStructBegin('ClientStats');
      for (const id of [1, 2, 3]) {
        p.writeFieldBegin('n', T.I64, id);
        p.writeI64(thrift.fromBigInt(BigInt(id)));
        p.writeFieldEnd();
      }
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeFieldEnd();
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeFieldEnd();
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeMessageEnd();
    });
    const fast = readCompactEmitBatch(bytes);
    assert.ok(fast?.ok);
    assert.equal(fast.spanCount, 0);
    assert.deepEqual(fast, decodeCompactGeneric(bytes));
    assert.ok(readCompactEmitBatch(encodeEmitBatch(sample, 'compact'))?.ok);
  });

  test('steps aside for input it does not handle', () => {
    const good = encodeEmitBatch({ process: { serviceName: 'svc' }, spans: [] }, 'compact');
    assert.equal(readCompactEmitBatch(good.subarray(0, good.length - 1)), undefined, 'truncated');
    assert.equal(readCompactEmitBatch(encodeEmitBatch({ process: { serviceName: 'svc' }, spans: [] }, 'compact', { method: 'emitZipkinBatch' })), undefined);
    assert.equal(readCompactEmitBatch(encodeEmitBatch({ process: { serviceName: 'svc' }, spans: [] }, 'binary')), undefined);
    assert.equal(readCompactEmitBatch(Buffer.alloc(0)), undefined);
    // An unknown Span field (id 20): the generic decoder skips it.
    const withUnknown = writeWith('compact', (p) => {
      p.writeMessageBegin('emitBatch', 4, 0);
      p.writeStructBegin('a');
      p.writeFieldBegin('batch', T.STRUCT, 1);
      p.writeStructBegin('Batch');
      p.writeFieldBegin('spans', T.LIST, 2);
      p.writeListBegin(T.STRUCT, 1);
      p.writeStructBegin('Span');
      p.writeFieldBegin('traceIdLow', T.I64, 1);
      p.writeI64(thrift.fromBigInt(5n));
      p.writeFieldEnd();
      p.writeFieldBegin('spanId', T.I64, 3);
      p.writeI64(thrift.fromBigInt(6n));
      p.writeFieldEnd();
      p.writeFieldBegin('future', T.LIST, 20);
      p.writeListBegin(T.STRING, 1);
      p.writeString('x');
      p.writeListEnd();
      p.writeFieldEnd();
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeListEnd();
      p.writeFieldEnd();
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeFieldEnd();
      p.writeFieldStop();
      p.writeStructEnd();
      p.writeMessageEnd();
    });
    assert.equal(readCompactEmitBatch(withUnknown), undefined);
    const generic = decodeCompactGeneric(withUnknown);
    assert.ok(generic.ok && generic.spanCount === 1);
  });
});
