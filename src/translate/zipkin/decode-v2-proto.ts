/**
 * Zipkin v2 protobuf (`POST /api/v2/spans` with `application/x-protobuf`), zipkin-api zipkin.proto:
 *   ListOfSpans { 1 repeated Span spans }
 *   Span { 1 trace_id (8|16 bytes), 2 parent_id, 3 id (8 bytes), 4 kind (CLIENT=1 SERVER=2 PRODUCER=3 CONSUMER=4),
 *          5 name, 6 timestamp fixed64 µs, 7 duration uint64 µs, 8 local_endpoint, 9 remote_endpoint,
 *          10 annotations, 11 tags map<string,string>, 12 debug, 13 shared }
 *   Endpoint { 1 service_name, 2 ipv4 (4 bytes), 3 ipv6 (16 bytes), 4 port }   Annotation { 1 timestamp fixed64, 2 value }
 * Never throws.
 */
import protobuf from 'protobufjs/minimal.js';
import type { Reader } from 'protobufjs/minimal.js';
import { decodeFailed, type TraceDecodeResult } from '../jaeger-thrift/index.js';
import {
  ProtoDecodeError,
  WireType,
  checkWithin,
  expectWireType,
  lengthDelimitedEnd,
  readBytesCopy,
  readBytesHex,
  readFixed64,
  readInt64,
  readString,
  skipField,
} from '../jaeger-proto/index.js';
import { ipv4Text, ipv6Text } from './ip-text.js';
import { zipkinSpansToResult } from './zipkin-to-model.js';
import type { ZipkinAnnotation, ZipkinEndpoint, ZipkinSpanInput, ZipkinSpanOrProblem } from './zipkin-span-input.js';

const KINDS = ['', 'CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER'];

export function decodeZipkinV2Proto(bytes: Uint8Array): TraceDecodeResult {
  const r = protobuf.Reader.create(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  try {
    const items: ZipkinSpanOrProblem[] = [];
    while (r.pos < r.len) {
      const tag = r.uint32();
      if (tag >>> 3 === 1) {
        expectWireType(r, 'ListOfSpans', 'spans', 1, tag & 7, WireType.LEN);
        items.push(readSpan(r, r.len));
      } else {
        skipField(r, tag & 7, r.len);
      }
    }
    return zipkinSpansToResult(items);
  } catch (err) {
    if (err instanceof ProtoDecodeError) return decodeFailed(err.message);
    if (err instanceof RangeError && err.message.startsWith('index out of range')) return decodeFailed(`truncated at byte ${r.pos}`);
    return decodeFailed(`cannot decode ListOfSpans: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function readSpan(r: Reader, outerEnd: number): ZipkinSpanOrProblem {
  const end = lengthDelimitedEnd(r, outerEnd);
  const span: ZipkinSpanInput = { traceId: '', id: '' };
  let problem = '';
  while (r.pos < end) {
    const tag = r.uint32();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expectWireType(r, 'Span', 'trace_id', 1, wt, WireType.LEN);
        span.traceId = readBytesHex(r, end);
        if (span.traceId.length !== 16 && span.traceId.length !== 32) problem ||= `trace_id has ${span.traceId.length / 2} bytes, expected 8 or 16`;
        break;
      case 2:
        expectWireType(r, 'Span', 'parent_id', 2, wt, WireType.LEN);
        span.parentId = readBytesHex(r, end);
        if (span.parentId.length !== 0 && span.parentId.length !== 16) problem ||= `parent_id has ${span.parentId.length / 2} bytes, expected 8`;
        break;
      case 3:
        expectWireType(r, 'Span', 'id', 3, wt, WireType.LEN);
        span.id = readBytesHex(r, end);
        if (span.id.length !== 16) problem ||= `id has ${span.id.length / 2} bytes, expected 8`;
        break;
      case 4:
        expectWireType(r, 'Span', 'kind', 4, wt, WireType.VARINT);
        span.kind = KINDS[r.int32()] ?? '';
        break;
      case 5:
        expectWireType(r, 'Span', 'name', 5, wt, WireType.LEN);
        span.name = readString(r, end);
        break;
      case 6:
        expectWireType(r, 'Span', 'timestamp', 6, wt, WireType.FIXED64);
        span.timestamp = Number(readFixed64(r));
        break;
      case 7:
        expectWireType(r, 'Span', 'duration', 7, wt, WireType.VARINT);
        span.duration = Number(BigInt.asUintN(64, readInt64(r)));
        break;
      case 8:
        expectWireType(r, 'Span', 'local_endpoint', 8, wt, WireType.LEN);
        span.localEndpoint = readEndpoint(r, end);
        break;
      case 9:
        expectWireType(r, 'Span', 'remote_endpoint', 9, wt, WireType.LEN);
        span.remoteEndpoint = readEndpoint(r, end);
        break;
      case 10:
        expectWireType(r, 'Span', 'annotations', 10, wt, WireType.LEN);
        (span.annotations ??= []).push(readAnnotation(r, end));
        break;
      case 11:
        expectWireType(r, 'Span', 'tags', 11, wt, WireType.LEN);
        readTagEntry(r, end, (span.tags ??= Object.create(null) as Record<string, unknown>));
        break;
      case 12:
        expectWireType(r, 'Span', 'debug', 12, wt, WireType.VARINT);
        span.debug = r.bool();
        break;
      case 13:
        expectWireType(r, 'Span', 'shared', 13, wt, WireType.VARINT);
        span.shared = r.bool();
        break;
      default:
        skipField(r, wt, end);
    }
    checkWithin(r, end, 'Span');
  }
  return problem !== '' ? problem : span;
}

function readEndpoint(r: Reader, outerEnd: number): ZipkinEndpoint {
  const end = lengthDelimitedEnd(r, outerEnd);
  const endpoint: ZipkinEndpoint = {};
  while (r.pos < end) {
    const tag = r.uint32();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expectWireType(r, 'Endpoint', 'service_name', 1, wt, WireType.LEN);
        endpoint.serviceName = readString(r, end);
        break;
      case 2:
        expectWireType(r, 'Endpoint', 'ipv4', 2, wt, WireType.LEN);
        endpoint.ipv4 = ipv4Text(readBytesCopy(r, end));
        break;
      case 3:
        expectWireType(r, 'Endpoint', 'ipv6', 3, wt, WireType.LEN);
        endpoint.ipv6 = ipv6Text(readBytesCopy(r, end));
        break;
      case 4:
        expectWireType(r, 'Endpoint', 'port', 4, wt, WireType.VARINT);
        endpoint.port = r.int32();
        break;
      default:
        skipField(r, wt, end);
    }
    checkWithin(r, end, 'Endpoint');
  }
  return endpoint;
}

function readAnnotation(r: Reader, outerEnd: number): ZipkinAnnotation {
  const end = lengthDelimitedEnd(r, outerEnd);
  const annotation: ZipkinAnnotation = { timestamp: 0, value: '' };
  while (r.pos < end) {
    const tag = r.uint32();
    const wt = tag & 7;
    if (tag >>> 3 === 1) {
      expectWireType(r, 'Annotation', 'timestamp', 1, wt, WireType.FIXED64);
      annotation.timestamp = Number(readFixed64(r));
    } else if (tag >>> 3 === 2) {
      expectWireType(r, 'Annotation', 'value', 2, wt, WireType.LEN);
      annotation.value = readString(r, end);
    } else {
      skipField(r, wt, end);
    }
    checkWithin(r, end, 'Annotation');
  }
  return annotation;
}

/** One map entry `{ 1 key, 2 value }`; a repeated key keeps the last value, as protobuf maps do. */
function readTagEntry(r: Reader, outerEnd: number, tags: Record<string, unknown>): void {
  const end = lengthDelimitedEnd(r, outerEnd);
  let key = '';
  let value = '';
  while (r.pos < end) {
    const tag = r.uint32();
    const wt = tag & 7;
    if (tag >>> 3 === 1) {
      expectWireType(r, 'Span.TagsEntry', 'key', 1, wt, WireType.LEN);
      key = readString(r, end);
    } else if (tag >>> 3 === 2) {
      expectWireType(r, 'Span.TagsEntry', 'value', 2, wt, WireType.LEN);
      value = readString(r, end);
    } else {
      skipField(r, wt, end);
    }
    checkWithin(r, end, 'Span.TagsEntry');
  }
  tags[key] = value;
}
