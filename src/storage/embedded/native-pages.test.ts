/**
 * The native page encoder against the JavaScript one: for any batch it accepts, the same pages byte for byte (bodies
 * and metas); it declines exactly the batches it does not reproduce (key-value lists, resource strings protobuf
 * cannot carry), and on damaged bytes it either declines or agrees with the JavaScript path, never accepting what
 * the decoder refuses.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { AnyValue, KeyValue, TraceBatch } from '../../model/index.js';
import { encodeOtlpProtobuf, scanOtlpProtobuf } from '../../translate/otlp/index.js';
import { arbitraryBatch } from '../../translate/otlp/batch-arbitrary.js';
import { ByteWriter } from './byte-writer.js';
import { batchOfTask, encodeTaskOfScan, type EncodeTask } from './encode-task.js';
import { loadNativePages, nativePagesError, type NativePages } from './native-pages.js';
import { PageBuilder, type EncodedPage } from './page-builder.js';
import { writePageMeta } from './page-format.js';
import { OperationCatalog } from './operation-catalog.js';
import { testTraces } from './test-traces.js';

const native = loadNativePages();

function requireNative(): NativePages {
  assert.ok(native !== undefined, `the native page encoder did not load (npm run build builds it; needs python3, make, g++): ${nativePagesError}`);
  return native;
}

function taskOf(batch: TraceBatch, catalog = new OperationCatalog()): { task: EncodeTask; request: Uint8Array } | undefined {
  const request = Buffer.from(encodeOtlpProtobuf(batch));
  const scanned = scanOtlpProtobuf(request);
  if (scanned === undefined || scanned.spanCount === 0) return undefined;
  return { task: encodeTaskOfScan(scanned, request, catalog), request };
}

function jsPages(task: EncodeTask, target?: number): EncodedPage[] {
  return new PageBuilder(undefined, target).encode(batchOfTask(task), new Set(), task.opIds);
}

function metaBytes(page: EncodedPage): Buffer {
  const w = new ByteWriter(1024);
  writePageMeta(w, page.meta, true);
  return w.toBuffer();
}

function assertSamePages(actual: EncodedPage[], expected: EncodedPage[]): void {
  assert.equal(actual.length, expected.length, 'page count');
  for (let i = 0; i < expected.length; i++) {
    assert.ok(metaBytes(actual[i]!).equals(metaBytes(expected[i]!)), `meta of page ${i}`);
    assert.ok(Buffer.from(actual[i]!.body).equals(expected[i]!.body), `body of page ${i}`);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function valueHasKvlist(v: AnyValue): boolean {
  if (v.type === 'kvlist') return true;
  return v.type === 'array' && v.value.some(valueHasKvlist);
}

const hasKvlist = (attributes: readonly KeyValue[]): boolean => attributes.some((kv) => valueHasKvlist(kv.value));

function attributesLoneSurrogate(attributes: readonly KeyValue[]): boolean {
  const inValue = (v: AnyValue): boolean =>
    (v.type === 'string' && LONE_SURROGATE.test(v.value)) || (v.type === 'array' && v.value.some(inValue)) || (v.type === 'kvlist' && attributesLoneSurrogate(v.value));
  return attributes.some((kv) => LONE_SURROGATE.test(kv.key) || inValue(kv.value));
}

/** `batch` with every key-value list value replaced by a string, so more generated batches are compared. */
function withoutKvlists(batch: TraceBatch): TraceBatch {
  const value = (v: AnyValue): AnyValue =>
    v.type === 'kvlist' ? { type: 'string', value: `kvlist of ${v.value.length}` } : v.type === 'array' ? { type: 'array', value: v.value.map(value) } : v;
  const attrs = (attributes: KeyValue[]): KeyValue[] => attributes.map((kv) => ({ key: kv.key, value: value(kv.value) }));
  return {
    resourceSpans: batch.resourceSpans.map((rs) => ({
      ...rs,
      resource: { ...rs.resource, attributes: attrs(rs.resource.attributes) },
      scopeSpans: rs.scopeSpans.map((ss) => ({
        ...ss,
        scope: { ...ss.scope, attributes: attrs(ss.scope.attributes) },
        spans: ss.spans.map((s) => ({
          ...s,
          attributes: attrs(s.attributes),
          events: s.events.map((e) => ({ ...e, attributes: attrs(e.attributes) })),
          links: s.links.map((l) => ({ ...l, attributes: attrs(l.attributes) })),
        })),
      })),
    })),
  };
}

/**
 * Whether the native encoder is expected to decline `batch` (see native-pages.ts and page_encoder.h): resources and
 * scopes without spans are never written, so they do not count.
 */
function expectDecline(batch: TraceBatch): boolean {
  for (const rs of batch.resourceSpans) {
    if (rs.scopeSpans.every((ss) => ss.spans.length === 0)) continue;
    if (hasKvlist(rs.resource.attributes) || attributesLoneSurrogate(rs.resource.attributes) || LONE_SURROGATE.test(rs.schemaUrl)) return true;
    for (const ss of rs.scopeSpans) {
      if (ss.spans.length === 0) continue;
      const scope = ss.scope;
      if (hasKvlist(scope.attributes) || attributesLoneSurrogate(scope.attributes)) return true;
      if ([scope.name, scope.version, ss.schemaUrl].some((s) => LONE_SURROGATE.test(s))) return true;
      for (const span of ss.spans) {
        if (hasKvlist(span.attributes) || span.events.some((e) => hasKvlist(e.attributes)) || span.links.some((l) => hasKvlist(l.attributes))) return true;
      }
    }
  }
  return false;
}

describe('native page encoder', () => {
  test('is built and loads', () => {
    requireNative();
  });

  test('writes the JavaScript encoder’s pages for generated batches, at several page sizes', () => {
    const encoder = requireNative();
    let compared = 0;
    fc.assert(
      fc.property(arbitraryBatch, fc.constantFrom(64, 700, 24 * 1024), (generated, target) => {
        for (const batch of [generated, withoutKvlists(generated)]) {
          const made = taskOf(batch);
          if (made === undefined) continue;
          const pages = encoder.encode(made.task, target);
          assert.equal(pages === undefined, expectDecline(batch), 'declines exactly the batches it does not reproduce');
          if (pages !== undefined) {
            assertSamePages(pages, jsPages(made.task, target));
            compared++;
          }
        }
      }),
      { numRuns: 800 },
    );
    assert.ok(compared > 200, `${compared} batches compared`);
  });

  test('pages of many traces over several pages, the catalog shared across batches', () => {
    const encoder = requireNative();
    const catalog = new OperationCatalog();
    for (const [from, count] of [[1, 400], [401, 37], [1, 3]] as const) {
      const { task } = taskOf(testTraces(from, count), catalog)!;
      const pages = encoder.encode(task)!;
      assert.ok(pages !== undefined);
      assertSamePages(pages, jsPages(task));
      if (count === 400) assert.ok(pages.length > 2, `${pages.length} pages`);
    }
  });

  test('declines invalid UTF-8, which the decoder replaces', () => {
    const encoder = requireNative();
    const batch = testTraces(1, 2);
    batch.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes.push({ key: 'k', value: { type: 'string', value: 'ab\u00e9z' } });
    const { task, request } = taskOf(batch)!;
    const at = Buffer.from(request).indexOf(Buffer.from('ab\u00e9z'));
    assert.ok(at > 0);
    request[at + 2] = 0xff; // the first byte of é
    assert.equal(encoder.encode(task), undefined);
    const attributes = batchOfTask(task).resourceSpans[0]!.scopeSpans[0]!.spans[0]!.attributes;
    assert.deepEqual(attributes.at(-1), { key: 'k', value: { type: 'string', value: 'ab\ufffd\ufffdz' } }, 'the JavaScript path stores it, with U+FFFD');
  });

  test('on damaged bytes it declines or agrees with the JavaScript path', () => {
    const encoder = requireNative();
    let accepted = 0;
    let declined = 0;
    const damaged = fc.oneof(
      fc.record({ batch: fc.constant(testTraces(1, 6)), edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 4 }) }),
      fc.record({ batch: arbitraryBatch.map(withoutKvlists), edits: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 255 })), { minLength: 1, maxLength: 3 }) }),
    );
    fc.assert(
      fc.property(damaged, ({ batch, edits }) => {
        const made = taskOf(batch);
        if (made === undefined) return;
        const request = Buffer.from(made.request);
        for (const [at, value] of edits) request[at % request.length] = value;
        const task: EncodeTask = { ...made.task, bufs: [request] };
        let expected: EncodedPage[] | Error;
        try {
          expected = jsPages(task);
        } catch (err) {
          expected = err as Error;
        }
        const pages = encoder.encode(task);
        if (pages === undefined) {
          declined++;
          return;
        }
        accepted++;
        assert.ok(!(expected instanceof Error), `accepted bytes the decoder refuses: ${expected instanceof Error ? expected.message : ''}`);
        assertSamePages(pages, expected);
      }),
      { numRuns: 2000 },
    );
    assert.ok(accepted > 0 && declined > 0, `${accepted} accepted, ${declined} declined`);
  });
});
