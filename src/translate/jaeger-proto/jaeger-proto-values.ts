/**
 * Decoders of api_v2 `KeyValue`, `Log`, `SpanRef`, `Process` and the well-known `Timestamp`/`Duration` messages
 * (jaeger-idl proto/api_v2/model.proto):
 *   KeyValue { 1 key, 2 v_type (STRING=0, BOOL=1, INT64=2, FLOAT64=3, BINARY=4), 3 v_str, 4 v_bool, 5 v_int64,
 *              6 v_float64, 7 v_binary }
 *   Log { 1 timestamp, 2 fields }   SpanRef { 1 trace_id, 2 span_id, 3 ref_type }   Process { 1 service_name, 2 tags }
 *   Timestamp / Duration { 1 seconds int64, 2 nanos int32 }
 */
import type { Reader } from 'protobufjs/minimal.js';
import {
  boolValue,
  bytesValue,
  doubleValue,
  intValue,
  stringValue,
  type AnyValue,
  type KeyValue,
  type Resource,
  type SpanEvent,
} from '../../model/index.js';
import { jaegerProcessToResource, nameEventFromFields, type JaegerReference } from '../jaeger-thrift/index.js';
import {
  WireType,
  checkWithin,
  expectWireType,
  lengthDelimitedEnd,
  readBytesCopy,
  readBytesHex,
  readInt64,
  readString,
  skipField,
} from './proto-fields.js';

const ValueType = { STRING: 0, BOOL: 1, INT64: 2, FLOAT64: 3, BINARY: 4 } as const;
const EMPTY_BYTES: Uint8Array = new Uint8Array(0);

/** Reads a length-delimited KeyValue (tag already read). */
export function readKeyValue(r: Reader, outerEnd: number): KeyValue {
  const end = lengthDelimitedEnd(r, outerEnd);
  let key = '';
  let vType = 0;
  let vStr = '';
  let vBool = false;
  let vInt = 0n;
  let vFloat = 0;
  let vBinary = EMPTY_BYTES;
  while (r.pos < end) {
    const tag = r.uint32();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expectWireType(r, 'KeyValue', 'key', 1, wt, WireType.LEN);
        key = readString(r, end);
        break;
      case 2:
        expectWireType(r, 'KeyValue', 'v_type', 2, wt, WireType.VARINT);
        vType = r.int32();
        break;
      case 3:
        expectWireType(r, 'KeyValue', 'v_str', 3, wt, WireType.LEN);
        vStr = readString(r, end);
        break;
      case 4:
        expectWireType(r, 'KeyValue', 'v_bool', 4, wt, WireType.VARINT);
        vBool = r.bool();
        break;
      case 5:
        expectWireType(r, 'KeyValue', 'v_int64', 5, wt, WireType.VARINT);
        vInt = readInt64(r);
        break;
      case 6:
        expectWireType(r, 'KeyValue', 'v_float64', 6, wt, WireType.FIXED64);
        vFloat = r.double();
        break;
      case 7:
        expectWireType(r, 'KeyValue', 'v_binary', 7, wt, WireType.LEN);
        vBinary = readBytesCopy(r, end);
        break;
      default:
        skipField(r, wt, end);
    }
    checkWithin(r, end, 'KeyValue');
  }
  return { key, value: keyValueValue(vType, vStr, vBool, vInt, vFloat, vBinary) };
}

function keyValueValue(vType: number, vStr: string, vBool: boolean, vInt: bigint, vFloat: number, vBinary: Uint8Array): AnyValue {
  switch (vType) {
    case ValueType.STRING:
      return stringValue(vStr);
    case ValueType.BOOL:
      return boolValue(vBool);
    case ValueType.INT64:
      return intValue(vInt);
    case ValueType.FLOAT64:
      return doubleValue(vFloat);
    case ValueType.BINARY:
      return bytesValue(vBinary);
    default:
      return stringValue(`<Unknown Jaeger TagType ${vType}>`);
  }
}

/** Reads a Timestamp or Duration as nanoseconds (may be negative for a Duration). */
export function readSecondsNanos(r: Reader, outerEnd: number, message: string): bigint {
  const end = lengthDelimitedEnd(r, outerEnd);
  let seconds = 0n;
  let nanos = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    const wt = tag & 7;
    if (tag >>> 3 === 1) {
      expectWireType(r, message, 'seconds', 1, wt, WireType.VARINT);
      seconds = readInt64(r);
    } else if (tag >>> 3 === 2) {
      expectWireType(r, message, 'nanos', 2, wt, WireType.VARINT);
      nanos = r.int32();
    } else {
      skipField(r, wt, end);
    }
    checkWithin(r, end, message);
  }
  return seconds * 1_000_000_000n + BigInt(nanos);
}

export function readLog(r: Reader, outerEnd: number): SpanEvent {
  const end = lengthDelimitedEnd(r, outerEnd);
  let time = 0n;
  const attributes: KeyValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    const wt = tag & 7;
    if (tag >>> 3 === 1) {
      expectWireType(r, 'Log', 'timestamp', 1, wt, WireType.LEN);
      time = readSecondsNanos(r, end, 'Timestamp');
    } else if (tag >>> 3 === 2) {
      expectWireType(r, 'Log', 'fields', 2, wt, WireType.LEN);
      attributes.push(readKeyValue(r, end));
    } else {
      skipField(r, wt, end);
    }
    checkWithin(r, end, 'Log');
  }
  const name = nameEventFromFields(attributes);
  return { timeUnixNano: time > 0n ? time : 0n, name, attributes, droppedAttributesCount: 0 };
}

export function readSpanRef(r: Reader, outerEnd: number): JaegerReference {
  const end = lengthDelimitedEnd(r, outerEnd);
  let traceId = '';
  let spanId = '';
  let refType = 0;
  while (r.pos < end) {
    const tag = r.uint32();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        expectWireType(r, 'SpanRef', 'trace_id', 1, wt, WireType.LEN);
        traceId = readBytesHex(r, end);
        break;
      case 2:
        expectWireType(r, 'SpanRef', 'span_id', 2, wt, WireType.LEN);
        spanId = readBytesHex(r, end);
        break;
      case 3:
        expectWireType(r, 'SpanRef', 'ref_type', 3, wt, WireType.VARINT);
        refType = r.int32();
        break;
      default:
        skipField(r, wt, end);
    }
    checkWithin(r, end, 'SpanRef');
  }
  // Empty ids are proto3 defaults (zero); 8-byte trace ids are 64-bit ids; other lengths stay as they are, and the
  // span decoder rejects them.
  return {
    refType,
    traceId: traceId.length === 0 || traceId.length === 16 ? traceId.padStart(32, '0') : traceId,
    spanId: spanId.length === 0 ? '0000000000000000' : spanId,
  };
}

export function readProcess(r: Reader, outerEnd: number): Resource {
  const end = lengthDelimitedEnd(r, outerEnd);
  let serviceName = '';
  const tags: KeyValue[] = [];
  while (r.pos < end) {
    const tag = r.uint32();
    const wt = tag & 7;
    if (tag >>> 3 === 1) {
      expectWireType(r, 'Process', 'service_name', 1, wt, WireType.LEN);
      serviceName = readString(r, end);
    } else if (tag >>> 3 === 2) {
      expectWireType(r, 'Process', 'tags', 2, wt, WireType.LEN);
      tags.push(readKeyValue(r, end));
    } else {
      skipField(r, wt, end);
    }
    checkWithin(r, end, 'Process');
  }
  return jaegerProcessToResource(serviceName, tags);
}
