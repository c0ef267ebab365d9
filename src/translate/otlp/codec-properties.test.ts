/** Property-based tests (fast-check): arbitrary models round-trip; arbitrary or damaged input never throws. */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { TraceBatch } from '../../model/index.js';
import { decodeOtlpJson } from './decode-json.js';
import { decodeOtlpProtobuf } from './decode-protobuf.js';
import type { OtlpDecodeResult } from './decode-result.js';
import { encodeOtlpJson } from './encode-json.js';
import { encodeOtlpProtobuf } from './encode-protobuf.js';
import { arbitraryBatch } from './batch-arbitrary.js';

const RUNS = 100;

function countSpans(b: TraceBatch): number {
  let n = 0;
  for (const rs of b.resourceSpans) for (const ss of rs.scopeSpans) n += ss.spans.length;
  return n;
}

/** A result of the documented shape, whatever the input. */
function assertWellFormed(r: OtlpDecodeResult): void {
  if (r.ok) {
    assert.equal(typeof r.spanCount, 'number');
    assert.equal(countSpans(r.batch), r.spanCount);
  } else {
    assert.equal(typeof r.error, 'string');
    assert.ok(r.error.length > 0);
  }
}

describe('codec properties', () => {
  test('arbitrary models round-trip through protobuf', () => {
    fc.assert(
      fc.property(arbitraryBatch, (b) => {
        assert.deepEqual(decodeOtlpProtobuf(encodeOtlpProtobuf(b)), {
          ok: true,
          batch: b,
          spanCount: countSpans(b),
          rejectedSpans: 0,
          rejectionMessage: '',
        });
      }),
      { numRuns: RUNS },
    );
  });

  test('arbitrary models round-trip through JSON', () => {
    fc.assert(
      fc.property(arbitraryBatch, (b) => {
        assert.deepEqual(decodeOtlpJson(JSON.stringify(encodeOtlpJson(b))), {
          ok: true,
          batch: b,
          spanCount: countSpans(b),
          rejectedSpans: 0,
          rejectionMessage: '',
        });
      }),
      { numRuns: RUNS },
    );
  });

  test('arbitrary bytes never make the protobuf decoder throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => assertWellFormed(decodeOtlpProtobuf(bytes))),
      { numRuns: 2000 },
    );
  });

  test('truncated and corrupted valid requests never make the protobuf decoder throw', () => {
    fc.assert(
      fc.property(arbitraryBatch, fc.nat(), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 4 }), (b, cut, flips) => {
        const bytes = encodeOtlpProtobuf(b);
        assertWellFormed(decodeOtlpProtobuf(bytes.subarray(0, bytes.length === 0 ? 0 : cut % bytes.length)));
        const corrupted = bytes.slice();
        for (const [at, value] of flips) if (corrupted.length > 0) corrupted[at % corrupted.length] = value;
        assertWellFormed(decodeOtlpProtobuf(corrupted));
      }),
      { numRuns: RUNS },
    );
  });

  test('random JSON never makes the JSON decoder throw', () => {
    fc.assert(fc.property(fc.json(), (j) => assertWellFormed(decodeOtlpJson(j))), { numRuns: 1000 });
    fc.assert(fc.property(fc.string(), (s) => assertWellFormed(decodeOtlpJson(s))), { numRuns: 300 });
  });

  test('random values in every position of a valid JSON request never make it throw', () => {
    const value = fc.jsonValue({ maxDepth: 2, depthSize: 'xsmall' });
    const spanKeys = ['traceId', 'spanId', 'parentSpanId', 'name', 'kind', 'startTimeUnixNano', 'attributes', 'events', 'links', 'status', 'flags'];
    const jsonSpan = fc.dictionary(fc.constantFrom(...spanKeys), value, { maxKeys: 4 });
    const few = { maxLength: 2 };
    const body = fc.oneof(
      fc.record({ resourceSpans: value }),
      fc.record({ resourceSpans: fc.array(fc.record({ resource: value, scopeSpans: value }), few) }),
      fc.record({
        resourceSpans: fc.array(fc.record({ scopeSpans: fc.array(fc.record({ scope: value, spans: fc.array(jsonSpan, few) }), few) }), few),
      }),
    );
    fc.assert(fc.property(body, (b) => assertWellFormed(decodeOtlpJson(JSON.stringify(b)))), { numRuns: 500 });
  });
});
