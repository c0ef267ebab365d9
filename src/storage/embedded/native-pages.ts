/**
 * Pages built by the native encoder (native/src/page_encoder.h, a Node-API addon compiled by `npm ci`) straight from a
 * task's OTLP/protobuf bytes: the same bytes as `PageBuilder.encode(batchOfTask(task), …, task.opIds)` in a fifth of
 * the time (docs/benchmarks.md), because no span objects or strings are built. And the receiving thread's check of a
 * request (native/src/request_scan.h): the same result as `scanOtlpProtobuf`, the walk done in C++.
 *
 * `encode` returns undefined when the addon declines a batch (anything it does not reproduce exactly: invalid UTF-8,
 * key-value lists, unusual protobuf, model values the skeleton cannot carry exactly); the caller then uses the
 * JavaScript path. `loadNativePages()` is undefined when the addon was not built (no compiler where it was installed):
 * the store works the same, slower.
 */
import { createRequire } from 'node:module';
import type { AnyValue, KeyValue } from '../../model/index.js';
import { encodeOtlpProtobuf, scannedRequestOfSummary, type ScannedRequest } from '../../translate/otlp/index.js';
import type { EncodeTask, EncodeTaskResource } from './encode-task.js';
import type { EncodedPage } from './page-builder.js';
import { PAGE_TARGET_BYTES, parsePageMeta } from './page-format.js';

interface Addon {
  scanRequest(request: Uint8Array): Int32Array | null;
  encodePages(
    bufs: Uint8Array[],
    places: Int32Array,
    opIds: Int32Array,
    skeleton: Uint8Array,
    scopeSpanCounts: Int32Array,
    pageTargetBytes: number,
  ): Buffer | null;
}

export interface NativePages {
  /** The task's pages (uncompressed), or undefined when the native encoder declines the batch. */
  encode(task: EncodeTask, pageTargetBytes?: number): EncodedPage[] | undefined;
  /**
   * What `scanOtlpProtobuf(request)` returns when the native scan accepts the request; undefined when it declines
   * (then run `scanOtlpProtobuf`, which decides).
   */
  scan(request: Uint8Array): ScannedRequest | undefined;
}

/** Where `npm ci` (scripts/build-native.mjs) puts the addon, from dist/src/storage/embedded/. */
const ADDON_PATH = new URL('../../../../native/build/Release/ariadne_pages.node', import.meta.url);

let loaded: { addon: Addon | undefined } | undefined;

/** The native encoder, or undefined when the addon is not built or does not load (the reason is in `nativePagesError`). */
export function loadNativePages(): NativePages | undefined {
  loaded ??= { addon: tryLoad() };
  const addon = loaded.addon;
  if (addon === undefined) return undefined;
  return {
    encode: (task, target) => encodeWith(addon, task, target ?? PAGE_TARGET_BYTES),
    scan: (request) => {
      const summary = addon.scanRequest(request);
      return summary === null ? undefined : scannedRequestOfSummary(request, summary);
    },
  };
}

export let nativePagesError = '';

function tryLoad(): Addon | undefined {
  try {
    return createRequire(import.meta.url)(ADDON_PATH.pathname) as Addon;
  } catch (err) {
    nativePagesError = (err as Error).message;
    return undefined;
  }
}

function encodeWith(addon: Addon, task: EncodeTask, pageTargetBytes: number): EncodedPage[] | undefined {
  const counts: number[] = [];
  for (const r of task.resources) for (const s of r.scopes) counts.push(s.spanCount);
  if (!task.resources.every(carriedExactly)) return undefined;
  const skeleton = encodeOtlpProtobuf({
    resourceSpans: task.resources.map((r) => ({
      resource: r.resource,
      schemaUrl: r.schemaUrl,
      scopeSpans: r.scopes.map((s) => ({ scope: s.scope, schemaUrl: s.schemaUrl, spans: [] })),
    })),
  });
  const out = addon.encodePages(task.bufs, task.places, task.opIds, skeleton, Int32Array.from(counts), pageTargetBytes);
  if (out === null) return undefined;
  const pages: EncodedPage[] = [];
  const n = out.readUInt32LE(0);
  let pos = 4;
  for (let i = 0; i < n; i++) {
    const metaLength = out.readUInt32LE(pos);
    const meta = parsePageMeta(out, pos + 4, pos + 4 + metaLength, true);
    pos += 4 + metaLength;
    const bodyLength = out.readUInt32LE(pos);
    pages.push({ meta, body: out.subarray(pos + 4, pos + 4 + bodyLength) });
    pos += 4 + bodyLength;
  }
  return pages;
}

/**
 * Whether the strings and values of the resource and scopes that hold spans survive protobuf encoding unchanged
 * (well-formed strings, 64-bit ints), so the addon reads from the skeleton exactly what the JavaScript path reads from
 * the model. Those without spans are never written.
 */
function carriedExactly(r: EncodeTaskResource): boolean {
  if (r.scopes.every((s) => s.spanCount === 0)) return true;
  if (!wellFormed(r.schemaUrl) || !attributesCarried(r.resource.attributes)) return false;
  for (const s of r.scopes) {
    if (s.spanCount === 0) continue;
    if (!wellFormed(s.schemaUrl) || !wellFormed(s.scope.name) || !wellFormed(s.scope.version)) return false;
    if (!attributesCarried(s.scope.attributes)) return false;
  }
  return true;
}

function attributesCarried(attributes: readonly KeyValue[]): boolean {
  for (const kv of attributes) if (!wellFormed(kv.key) || !valueCarried(kv.value)) return false;
  return true;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function valueCarried(v: AnyValue): boolean {
  switch (v.type) {
    case 'string':
      return wellFormed(v.value);
    case 'int':
      return v.value >= INT64_MIN && v.value <= INT64_MAX;
    case 'array':
      return v.value.every(valueCarried);
    case 'kvlist':
      return attributesCarried(v.value);
    default:
      return true;
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function wellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}
