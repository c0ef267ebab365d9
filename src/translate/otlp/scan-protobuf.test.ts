/**
 * The quick scan keeps its contract with the decoder: it accepts a request only when the decoder takes every span of
 * it, and each span it points at decodes to the decoder's span, on generated, damaged and rejected requests.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { attr, type AnyValue, type Span, type TraceBatch } from '../../model/index.js';
import { makeBatch, makeResourceSpans, makeSpan } from '../../query/testing/trace-fixtures.js';
import { arbitraryBatch } from './batch-arbitrary.js';
import { decodeOtlpProtobuf } from './decode-protobuf.js';
import { encodeOtlpProtobuf } from './encode-protobuf.js';
import { scanOtlpProtobuf, type ScannedRequest } from './scan-protobuf.js';
import { createSpanMessageDecoder } from './span-message.js';

const RUNS = 200;

function spansOf(batch: { resourceSpans: ReadonlyArray<{ scopeSpans: ReadonlyArray<{ spans: readonly unknown[] }> }> }): unknown[] {
  return batch.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
}

/** When the scan accepts `bytes`, the decoder takes every span and each scanned span reads back as the decoder's. */
function assertKeepsContract(bytes: Uint8Array, scanned: ScannedRequest | undefined): void {
  const decoded = decodeOtlpProtobuf(bytes);
  if (scanned === undefined) return;
  assert.ok(decoded.ok, 'the scan accepted a request the decoder refuses');
  assert.equal(decoded.rejectedSpans, 0, 'the scan accepted a request with spans the decoder rejects');
  assert.equal(scanned.spanCount, decoded.spanCount);
  assert.equal(scanned.resourceSpans.length, decoded.batch.resourceSpans.length);
  scanned.resourceSpans.forEach((rs, r) => {
    const want = decoded.batch.resourceSpans[r]!;
    assert.deepEqual(rs.resource, want.resource);
    assert.equal(rs.schemaUrl, want.schemaUrl);
    assert.deepEqual(rs.scopeSpans.map((ss) => [ss.scope, ss.schemaUrl, ss.spans.length]), want.scopeSpans.map((ss) => [ss.scope, ss.schemaUrl, ss.spans.length]));
  });
  const decoder = createSpanMessageDecoder(bytes);
  const want = spansOf(decoded.batch) as Span[];
  (spansOf(scanned) as ScannedRequest['resourceSpans'][number]['scopeSpans'][number]['spans']).forEach((s, i) => {
    const span = want[i]!;
    assert.deepEqual(decoder.decode(s.messageStart), span);
    assert.deepEqual(
      [s.traceId, s.spanId, s.parentSpanId, s.name, s.kind, s.startTimeUnixNano],
      [span.traceId, span.spanId, span.parentSpanId, span.name, span.kind, span.startTimeUnixNano],
    );
  });
}

function oneSpanBatch(change: (span: Span) => void): TraceBatch {
  const span = makeSpan('0af7651916cd43dd8448eb211c80319c', 'b7ad6b7169203331', { attributes: [attr('http.method', 'GET')] });
  change(span);
  return makeBatch([makeResourceSpans('svc', [span])]);
}

describe('OTLP/protobuf scan', () => {
  test('generated requests: every one is accepted, each span as the decoder reads it', () => {
    fc.assert(
      fc.property(arbitraryBatch, (b) => {
        const bytes = encodeOtlpProtobuf(b);
        const scanned = scanOtlpProtobuf(bytes);
        assert.ok(scanned !== undefined);
        assertKeepsContract(bytes, scanned);
      }),
      { numRuns: RUNS },
    );
  });

  test('damaged requests: whatever the scan accepts, the decoder takes whole', () => {
    fc.assert(
      fc.property(arbitraryBatch, fc.nat(), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { maxLength: 4 }), (b, cut, flips) => {
        const bytes = encodeOtlpProtobuf(b);
        const damaged = bytes.slice(0, bytes.length === 0 ? 0 : bytes.length - (cut % 3 === 0 ? cut % bytes.length : 0));
        for (const [at, value] of flips) if (damaged.length > 0) damaged[at % damaged.length] = value;
        assertKeepsContract(damaged, scanOtlpProtobuf(damaged));
      }),
      { numRuns: RUNS * 5 },
    );
  });

  test('requests with spans the decoder rejects are left to the decoder', () => {
    const nested = (depth: number): AnyValue => (depth === 0 ? { type: 'int', value: 1n } : { type: 'array', value: [nested(depth - 1)] });
    const cases: Array<[string, (s: Span) => void]> = [
      ['all-zero trace id', (s) => (s.traceId = '0'.repeat(32))],
      ['all-zero span id', (s) => (s.spanId = '0'.repeat(16))],
      ['short parent span id', (s) => (s.parentSpanId = 'abcd')],
      ['link without a span id', (s) => s.links.push({ traceId: s.traceId, spanId: '', traceState: '', attributes: [], droppedAttributesCount: 0, flags: 0 })],
      ['attribute nested 70 deep', (s) => s.attributes.push({ key: 'deep', value: nested(70) })],
    ];
    for (const [what, change] of cases) {
      const bytes = encodeOtlpProtobuf(oneSpanBatch(change));
      const decoded = decodeOtlpProtobuf(bytes);
      assert.ok(!decoded.ok || decoded.rejectedSpans === 1, `${what}: the decoder refuses it`);
      assert.equal(scanOtlpProtobuf(bytes), undefined, what);
    }
    assert.ok(scanOtlpProtobuf(encodeOtlpProtobuf(oneSpanBatch(() => {}))) !== undefined, 'the unchanged span is taken');
  });
});
