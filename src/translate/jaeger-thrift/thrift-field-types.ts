/** The "field N has wrong type" check shared by the struct decoders. */
import { ThriftDecodeError, type ThriftReader } from './thrift-reader.js';
import { typeName } from './thrift-types.js';

/** Throws unless the field just begun on `reader` has `expected` type. */
export function expectFieldType(reader: ThriftReader, struct: string, field: string, actual: number, expected: number): void {
  if (actual === expected) return;
  throw new ThriftDecodeError(
    `${struct} field ${reader.fieldId} (${field}) has wrong type ${typeName(actual)}, expected ${typeName(expected)} (byte ${reader.pos})`,
  );
}

/** Begins a list field whose elements must have `elementType`; returns its size. */
export function readListOf(reader: ThriftReader, struct: string, field: string, elementType: number): number {
  const at = reader.pos;
  const size = reader.readListBegin();
  if (reader.elementType !== elementType) {
    throw new ThriftDecodeError(
      `${struct} field ${reader.fieldId} (${field}) is a list of ${typeName(reader.elementType)}, expected ${typeName(elementType)} (byte ${at})`,
    );
  }
  return size;
}
