/** Protobuf `KeyValue` and `AnyValue` (opentelemetry.proto.common.v1) straight into the model. */
import type { AnyValue, KeyValue } from '../../model/index.js';
import { MAX_ANY_VALUE_DEPTH } from './decode-result.js';
import {
  ProtobufFormatError,
  checkMessageEnd,
  messageEnd,
  readBytesCopy,
  readInt64,
  readVarint32,
  skipField,
  type Reader,
} from './protobuf-read.js';
import { readString } from './protobuf-strings.js';
import {
  AV_ARRAY,
  AV_BOOL,
  AV_BYTES,
  AV_DOUBLE,
  AV_INT,
  AV_KVLIST,
  AV_STRING,
  KV_KEY,
  KV_VALUE,
  LIST_VALUES,
} from './protobuf-tags.js';

/** One embedded `KeyValue` message (the reader is at its length prefix). */
export function decodeKeyValue(r: Reader, depth: number): KeyValue {
  const end = messageEnd(r);
  let key = '';
  let value: AnyValue | undefined;
  while (r.pos < end) {
    const tag = readVarint32(r);
    if (tag === KV_KEY) key = readString(r);
    else if (tag === KV_VALUE) value = decodeAnyValue(r, depth);
    else skipField(r, tag);
  }
  checkMessageEnd(r, end, 'KeyValue');
  return { key, value: value ?? { type: 'empty', value: null } };
}

/** One embedded `AnyValue`; of several oneof members the last wins, as in protobuf. */
export function decodeAnyValue(r: Reader, depth: number): AnyValue {
  const end = messageEnd(r);
  let value: AnyValue | undefined;
  while (r.pos < end) {
    const tag = readVarint32(r);
    switch (tag) {
      case AV_STRING:
        value = { type: 'string', value: readString(r) };
        break;
      case AV_INT:
        value = { type: 'int', value: readInt64(r) };
        break;
      case AV_BOOL:
        value = { type: 'bool', value: r.uint32() !== 0 };
        break;
      case AV_DOUBLE:
        value = { type: 'double', value: r.double() };
        break;
      case AV_BYTES:
        value = { type: 'bytes', value: readBytesCopy(r) };
        break;
      case AV_ARRAY:
        value = { type: 'array', value: decodeArrayValue(r, depth + 1) };
        break;
      case AV_KVLIST:
        value = { type: 'kvlist', value: decodeKeyValueList(r, depth + 1) };
        break;
      default:
        skipField(r, tag);
    }
  }
  checkMessageEnd(r, end, 'AnyValue');
  return value ?? { type: 'empty', value: null };
}

function checkDepth(r: Reader, depth: number): void {
  if (depth > MAX_ANY_VALUE_DEPTH) {
    throw new ProtobufFormatError(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels at byte ${r.pos}`);
  }
}

function decodeArrayValue(r: Reader, depth: number): AnyValue[] {
  checkDepth(r, depth);
  const end = messageEnd(r);
  const values: AnyValue[] = [];
  while (r.pos < end) {
    const tag = readVarint32(r);
    if (tag === LIST_VALUES) values.push(decodeAnyValue(r, depth));
    else skipField(r, tag);
  }
  checkMessageEnd(r, end, 'ArrayValue');
  return values;
}

function decodeKeyValueList(r: Reader, depth: number): KeyValue[] {
  checkDepth(r, depth);
  const end = messageEnd(r);
  const values: KeyValue[] = [];
  while (r.pos < end) {
    const tag = readVarint32(r);
    if (tag === LIST_VALUES) values.push(decodeKeyValue(r, depth));
    else skipField(r, tag);
  }
  checkMessageEnd(r, end, 'KeyValueList');
  return values;
}
