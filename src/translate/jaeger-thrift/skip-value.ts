/** Skipping values of fields a decoder does not know, by their wire type, without allocating. */
import { TType, typeName } from './thrift-types.js';
import { MAX_NESTING, ThriftDecodeError, tooDeep, type ThriftReader } from './thrift-reader.js';

/** Moves `reader` past one value of `type`; containers count towards the nesting limit. */
export function skipValue(reader: ThriftReader, type: number, depth = 0): void {
  switch (type) {
    case TType.BOOL:
      reader.readBool();
      return;
    case TType.I8:
      reader.readI8();
      return;
    case TType.I16:
      reader.readI16();
      return;
    case TType.I32:
      reader.readI32();
      return;
    case TType.I64:
      reader.readI64IsZero();
      return;
    case TType.DOUBLE:
      reader.readDouble();
      return;
    case TType.STRING:
      reader.skipBinary();
      return;
    case TType.UUID:
      reader.skipBytes(16);
      return;
    case TType.STRUCT:
      skipStruct(reader, depth);
      return;
    case TType.LIST:
    case TType.SET: {
      if (depth >= MAX_NESTING) throw tooDeep(reader.pos);
      const n = reader.readListBegin();
      const elementType = reader.elementType;
      for (let i = 0; i < n; i++) skipValue(reader, elementType, depth + 1);
      return;
    }
    case TType.MAP: {
      if (depth >= MAX_NESTING) throw tooDeep(reader.pos);
      const n = reader.readMapBegin();
      const keyType = reader.elementType;
      const valueType = reader.valueType;
      for (let i = 0; i < n; i++) {
        skipValue(reader, keyType, depth + 1);
        skipValue(reader, valueType, depth + 1);
      }
      return;
    }
    default:
      throw new ThriftDecodeError(`cannot skip a value of ${typeName(type)} at byte ${reader.pos}`);
  }
}

function skipStruct(reader: ThriftReader, depth: number): void {
  reader.beginStruct();
  for (;;) {
    const type = reader.readFieldBegin();
    if (type === TType.STOP) break;
    skipValue(reader, type, depth + 1);
  }
  reader.endStruct();
}
