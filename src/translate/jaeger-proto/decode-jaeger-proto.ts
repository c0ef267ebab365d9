/**
 * `jaeger.api_v2.CollectorService/PostSpans` (gRPC 14250, and the grpc-gateway `POST /api/v2/spans` in protobuf):
 * `PostSpansRequest { 1: Batch batch }`, `Batch { 1: repeated Span spans, 2: Process process }`.
 * A span's own process takes priority over the batch's; spans are grouped into one resource per distinct process.
 * Never throws.
 */
import protobuf from 'protobufjs/minimal.js';
import type { Reader } from 'protobufjs/minimal.js';
import type { Resource, Span } from '../../model/index.js';
import {
  createEmptySpan,
  createSpanBatchBuilder,
  createSpanRejections,
  decodeFailed,
  decodeSucceeded,
  recordRejection,
  type JaegerDecodeResult,
  type ScopeNameVersion,
} from '../jaeger-thrift/index.js';
import { ProtoDecodeError, WireType, checkWithin, expectWireType, lengthDelimitedEnd, skipField } from './proto-fields.js';
import { readProcess } from './jaeger-proto-values.js';
import { readSpan } from './jaeger-proto-span.js';

const NO_PROCESS: Resource = Object.freeze({ attributes: [], droppedAttributesCount: 0 }) as Resource;

/** Decodes a serialized `PostSpansRequest`. */
export function decodeJaegerPostSpansRequest(bytes: Uint8Array): JaegerDecodeResult {
  const r = protobuf.Reader.create(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  try {
    let result: JaegerDecodeResult | undefined;
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag >>> 3 === 1) {
        expectWireType(r, 'PostSpansRequest', 'batch', 1, tag & 7, WireType.LEN);
        result = readBatch(r, r.len);
      } else {
        skipField(r, tag & 7, r.len);
      }
    }
    return result ?? decodeSucceeded({ resourceSpans: [] }, 0, createSpanRejections());
  } catch (err) {
    return decodeFailed(describe(err, r));
  }
}

function readBatch(r: Reader, outerEnd: number): JaegerDecodeResult {
  const end = lengthDelimitedEnd(r, outerEnd);
  const spans: Span[] = [];
  const scopes: ScopeNameVersion[] = [];
  const processes: Array<Resource | null> = [];
  const rejections = createSpanRejections();
  let batchProcess = NO_PROCESS;
  let index = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    const wt = tag & 7;
    if (tag >>> 3 === 1) {
      expectWireType(r, 'Batch', 'spans', 1, wt, WireType.LEN);
      const span = createEmptySpan();
      const outcome = readSpan(r, end, span);
      if (typeof outcome.scope === 'string') {
        recordRejection(rejections, `span ${index}: ${outcome.scope}`);
      } else {
        spans.push(span);
        scopes.push(outcome.scope);
        processes.push(outcome.process);
      }
      index++;
    } else if (tag >>> 3 === 2) {
      expectWireType(r, 'Batch', 'process', 2, wt, WireType.LEN);
      batchProcess = readProcess(r, end);
    } else {
      skipField(r, wt, end);
    }
    checkWithin(r, end, 'Batch');
  }
  // The batch process may follow the spans on the wire, so grouping waits until the whole batch is read.
  const builder = createSpanBatchBuilder();
  const batchGroup = spans.length > 0 ? builder.resourceGroup(batchProcess) : undefined;
  for (let i = 0; i < spans.length; i++) {
    const own = processes[i]!;
    builder.add(own === null ? batchGroup! : builder.resourceGroup(own), scopes[i]!, spans[i]!);
  }
  return decodeSucceeded(builder.build(), spans.length, rejections);
}

function describe(err: unknown, r: Reader): string {
  if (err instanceof ProtoDecodeError) return err.message;
  // protobufjs signals reads past the buffer with "index out of range"; its position is where the read started.
  if (err instanceof RangeError && err.message.startsWith('index out of range')) return `truncated at byte ${r.pos}`;
  return `cannot decode PostSpansRequest: ${err instanceof Error ? err.message : String(err)}`;
}
