/**
 * Decoders of jaeger.thrift `Tag`, `Log` and `SpanRef` straight into model values.
 *   Tag { 1: key, 2: vType (STRING, DOUBLE, BOOL, LONG, BINARY), 3: vStr, 4: vDouble, 5: vBool, 6: vLong, 7: vBinary }
 *   Log { 1: timestamp µs, 2: fields list<Tag> }
 *   SpanRef { 1: refType (CHILD_OF, FOLLOWS_FROM), 2: traceIdLow, 3: traceIdHigh, 4: spanId }
 */
import { boolValue, bytesValue, doubleValue, intValue, stringValue, type AnyValue, type KeyValue, type SpanEvent } from '../../model/index.js';
import { expectFieldType, readListOf } from './thrift-field-types.js';
import { nameEventFromFields } from './jaeger-log-fields.js';
import type { JaegerReference } from './jaeger-references.js';
import { skipValue } from './skip-value.js';
import type { ThriftReader } from './thrift-reader.js';
import { TType } from './thrift-types.js';
import { microsToNanos } from './jaeger-times.js';

const TagType = { STRING: 0, DOUBLE: 1, BOOL: 2, LONG: 3, BINARY: 4 } as const;
const EMPTY_BYTES = new Uint8Array(0);

export function readTag(r: ThriftReader): KeyValue {
  let key = '';
  let vType: number = TagType.STRING;
  let vStr = '';
  let vDouble = 0;
  let vBool = false;
  let vLong = 0n;
  let vBinary: Uint8Array = EMPTY_BYTES;
  r.beginStruct();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    switch (r.fieldId) {
      case 1:
        expectFieldType(r, 'Tag', 'key', t, TType.STRING);
        key = r.readString();
        break;
      case 2:
        expectFieldType(r, 'Tag', 'vType', t, TType.I32);
        vType = r.readI32();
        break;
      case 3:
        expectFieldType(r, 'Tag', 'vStr', t, TType.STRING);
        vStr = r.readString();
        break;
      case 4:
        expectFieldType(r, 'Tag', 'vDouble', t, TType.DOUBLE);
        vDouble = r.readDouble();
        break;
      case 5:
        expectFieldType(r, 'Tag', 'vBool', t, TType.BOOL);
        vBool = r.readBool();
        break;
      case 6:
        expectFieldType(r, 'Tag', 'vLong', t, TType.I64);
        vLong = r.readI64();
        break;
      case 7:
        expectFieldType(r, 'Tag', 'vBinary', t, TType.STRING);
        vBinary = r.readBinary();
        break;
      default:
        skipValue(r, t);
    }
  }
  r.endStruct();
  return { key, value: tagValue(vType, vStr, vDouble, vBool, vLong, vBinary) };
}

/** The model value of a decoded Tag's fields (shared with the compact fast path). */
export function tagValue(vType: number, vStr: string, vDouble: number, vBool: boolean, vLong: bigint, vBinary: Uint8Array): AnyValue {
  switch (vType) {
    case TagType.STRING:
      return stringValue(vStr);
    case TagType.DOUBLE:
      return doubleValue(vDouble);
    case TagType.BOOL:
      return boolValue(vBool);
    case TagType.LONG:
      return intValue(vLong);
    case TagType.BINARY:
      return bytesValue(vBinary);
    default:
      return stringValue(`<Unknown Jaeger TagType ${vType}>`);
  }
}

/** Reads a `list<Tag>` field (header already read) and appends the tags to `out`. */
export function readTagList(r: ThriftReader, struct: string, field: string, out: KeyValue[]): void {
  const n = readListOf(r, struct, field, TType.STRUCT);
  for (let i = 0; i < n; i++) out.push(readTag(r));
}

export function readLog(r: ThriftReader): SpanEvent {
  let timestamp = 0n;
  const attributes: KeyValue[] = [];
  r.beginStruct();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    if (r.fieldId === 1) {
      expectFieldType(r, 'Log', 'timestamp', t, TType.I64);
      timestamp = r.readI64();
    } else if (r.fieldId === 2) {
      expectFieldType(r, 'Log', 'fields', t, TType.LIST);
      readTagList(r, 'Log', 'fields', attributes);
    } else {
      skipValue(r, t);
    }
  }
  r.endStruct();
  const name = nameEventFromFields(attributes);
  return { timeUnixNano: microsToNanos(timestamp), name, attributes, droppedAttributesCount: 0 };
}

export function readSpanRef(r: ThriftReader): JaegerReference {
  let refType = 0;
  let low = '0000000000000000';
  let high = '0000000000000000';
  let spanId = '0000000000000000';
  r.beginStruct();
  for (let t = r.readFieldBegin(); t !== TType.STOP; t = r.readFieldBegin()) {
    switch (r.fieldId) {
      case 1:
        expectFieldType(r, 'SpanRef', 'refType', t, TType.I32);
        refType = r.readI32();
        break;
      case 2:
        expectFieldType(r, 'SpanRef', 'traceIdLow', t, TType.I64);
        low = r.readI64Hex();
        break;
      case 3:
        expectFieldType(r, 'SpanRef', 'traceIdHigh', t, TType.I64);
        high = r.readI64Hex();
        break;
      case 4:
        expectFieldType(r, 'SpanRef', 'spanId', t, TType.I64);
        spanId = r.readI64Hex();
        break;
      default:
        skipValue(r, t);
    }
  }
  r.endStruct();
  return { refType, traceId: high + low, spanId };
}
