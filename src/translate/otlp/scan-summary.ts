/**
 * `scanOtlpProtobuf`'s result built from a summary of the request made by another implementation of the same walk
 * (the embedded store's native scan; native/src/request_scan.h documents the layout): resources and scopes are decoded
 * here at the positions given, and of each span its ids, name, kind and start time are read at the positions given.
 * Strings and ids are built exactly as the scan builds them, so the two results are equal.
 *
 * The summary must describe these bytes; a position out of range throws (a caller's bug, not bad input).
 */
import type { InstrumentationScope, Resource, SpanKind } from '../../model/index.js';
import { decodeResource, decodeScope } from './decode-protobuf.js';
import { createReader } from './protobuf-read.js';
import { idToHex, sameBytes, utf8String } from './protobuf-strings.js';
import type { ScannedRequest, ScannedResourceSpans, ScannedScopeSpans, ScannedSpan } from './scan-protobuf.js';

const RESOURCE_HEADER = 4;
const SCOPE_HEADER = 4;
const PER_SPAN = 8;

export function scannedRequestOfSummary(request: Uint8Array, s: Int32Array): ScannedRequest {
  const r = createReader(request);
  const buf = r.buf; // a Buffer over the same bytes, as the string helpers need
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const resourceSpans: ScannedResourceSpans[] = [];
  let prevTraceIdStart = -1;
  let prevTraceId = '';
  let k = 3;
  for (let i = 0; i < s[0]!; i++) {
    const resourceAt = s[k]!;
    const resourceUrl = utf8String(buf, s[k + 1]!, s[k + 2]!);
    const scopeCount = s[k + 3]!;
    k += RESOURCE_HEADER;
    let resource: Resource = { attributes: [], droppedAttributesCount: 0 };
    if (resourceAt >= 0) {
      r.pos = resourceAt;
      resource = decodeResource(r);
    }
    const scopeSpans: ScannedScopeSpans[] = [];
    for (let j = 0; j < scopeCount; j++) {
      const scopeAt = s[k]!;
      const scopeUrl = utf8String(buf, s[k + 1]!, s[k + 2]!);
      const spanCount = s[k + 3]!;
      k += SCOPE_HEADER;
      let scope: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0 };
      if (scopeAt >= 0) {
        r.pos = scopeAt;
        scope = decodeScope(r);
      }
      const spans: ScannedSpan[] = new Array(spanCount);
      for (let n = 0; n < spanCount; n++, k += PER_SPAN) {
        const traceAt = s[k + 1]!;
        let traceId: string;
        if (prevTraceIdStart >= 0 && sameBytes(buf, prevTraceIdStart, traceAt, 16)) {
          traceId = prevTraceId;
        } else {
          traceId = idToHex(buf, traceAt, 16);
          prevTraceId = traceId;
        }
        prevTraceIdStart = traceAt;
        const parentAt = s[k + 3]!;
        const startAt = s[k + 7]!;
        spans[n] = {
          traceId,
          spanId: idToHex(buf, s[k + 2]!, 8),
          parentSpanId: parentAt < 0 ? '' : idToHex(buf, parentAt, 8),
          name: utf8String(buf, s[k + 4]!, s[k + 5]!),
          kind: s[k + 6]! as SpanKind,
          startTimeUnixNano: startAt < 0 ? 0n : view.getBigUint64(startAt, true),
          messageStart: s[k]!,
        };
      }
      scopeSpans.push({ scope, spans, schemaUrl: scopeUrl });
    }
    resourceSpans.push({ resource, scopeSpans, schemaUrl: resourceUrl });
  }
  return { resourceSpans, spanCount: s[2]! };
}
