/**
 * Test support: the scan's contract with the decoder, checked on generated, damaged and rejected requests. A scan
 * accepts a request only when the decoder takes every span of it, and each span it points at decodes to the
 * decoder's span. Used by scan-protobuf.test.ts and by the embedded store's native scan.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { attr, type AnyValue, type Span, type TraceBatch } from '../../model/index.js';
import { makeBatch, makeResourceSpans, makeSpan } from '../../query/testing/trace-fixtures.js';
import { arbitraryBatch } from './batch-arbitrary.js';
import { decodeOtlpProtobuf } from './decode-protobuf.js';
import { encodeOtlpProtobuf } from './encode-protobuf.js';
import type { ScannedRequest } from './scan-protobuf.js';
import { createSpanMessageDecoder } from './span-message.js';

const RUNS = 200;

export type Scan = (bytes: Uint8Array) => ScannedRequest | undefined;

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

/**
 * The scan contract's tests for `scan`, an implementation of `scanOtlpProtobuf` (the embedded store's native scan runs
 * them too); `alsoCheck` runs on every request it accepts.
 */
export function describeScanContract(name: string, scan: Scan, alsoCheck: (bytes: Uint8Array, scanned: ScannedRequest) => void = () => {}): void {
  const check = (bytes: Uint8Array, scanned: ScannedRequest | undefined): void => {
    assertKeepsContract(bytes, scanned);
    if (scanned !== undefined) alsoCheck(bytes, scanned);
  };
  describe(name, () => {
    test('generated requests: every one is accepted, each span as the decoder reads it', () => {
      fc.assert(
        fc.property(arbitraryBatch, (b) => {
          const bytes = encodeOtlpProtobuf(b);
          const scanned = scan(bytes);
          assert.ok(scanned !== undefined);
          check(bytes, scanned);
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
          check(damaged, scan(damaged));
        }),
        { numRuns: RUNS * 5 },
      );
    });

    test('damaged inside: bytes spliced into a span, where lengths and varints stop lining up', () => {
      fc.assert(
        fc.property(arbitraryBatch, fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 12 }), fc.nat({ max: 12 }), (b, at, inserted, removed) => {
          const bytes = encodeOtlpProtobuf(b);
          if (bytes.length === 0) return;
          const i = at % bytes.length;
          const spliced = new Uint8Array([...bytes.subarray(0, i), ...inserted, ...bytes.subarray(Math.min(bytes.length, i + removed))]);
          check(spliced, scan(spliced));
        }),
        { numRuns: RUNS * 10 },
      );
    });

    test('non-canonical encodings the decoder reads its own way are left to it or read alike', () => {
      const varint = (n: number): number[] => {
        const out: number[] = [];
        for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n & 0x7f) | 0x80);
        return [...out, n];
      };
      const field = (n: number, content: number[]): number[] => [(n << 3) | 2, ...varint(content.length), ...content];
      const request = (spanFields: number[], attribute: number[]): Uint8Array => {
        const span = [...field(1, Array(16).fill(7)), ...field(2, Array(8).fill(9)), ...field(5, [0x61]), ...spanFields, ...field(9, attribute)];
        return Uint8Array.from(field(1, field(2, field(2, span))));
      };
      const kv = [...field(1, [0x6b]), ...field(2, field(1, [0x76]))];
      const cases: Array<[string, Uint8Array]> = [
        ['kind as a 10-byte varint (a negative int32)', request([0x30, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], kv)],
        ['kind as a 7-byte varint', request([0x30, 0x82, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00], kv)],
        ['kind as a 5-byte varint with high bits', request([0x30, 0x82, 0x80, 0x80, 0x80, 0x7f], kv)],
        ['an attribute with an unknown group field', request([0x30, 0x02], [...kv, 0x1b, 0x1c])],
        ['an attribute with an unknown 11-byte varint field', request([0x30, 0x02], [...kv, 0x18, ...Array(10).fill(0x80), 0x00])],
        ['a dropped count as a 10-byte varint', request([0x50, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], kv)],
      ];
      assert.ok(scan(request([0x30, 0x02], kv)) !== undefined, 'the canonical request is taken');
      for (const [what, bytes] of cases) {
        const scanned = scan(bytes);
        try {
          check(bytes, scanned);
        } catch (err) {
          assert.fail(`${what}: ${(err as Error).message}`);
        }
      }
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
        assert.equal(scan(bytes), undefined, what);
      }
      assert.ok(scan(encodeOtlpProtobuf(oneSpanBatch(() => {}))) !== undefined, 'the unchanged span is taken');
    });
  });
}
