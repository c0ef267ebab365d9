/**
 * Thrift value types in the binary protocol's numbering, which both readers report (the compact reader translates its
 * own 4-bit codes). Decoders compare against these and name them in error messages.
 */
export const TType = {
  STOP: 0,
  BOOL: 2,
  I8: 3,
  DOUBLE: 4,
  I16: 6,
  I32: 8,
  I64: 10,
  STRING: 11,
  STRUCT: 12,
  MAP: 13,
  SET: 14,
  LIST: 15,
  UUID: 16,
} as const;

const NAMES: Readonly<Record<number, string>> = {
  0: 'stop',
  2: 'bool',
  3: 'i8',
  4: 'double',
  6: 'i16',
  8: 'i32',
  10: 'i64',
  11: 'string',
  12: 'struct',
  13: 'map',
  14: 'set',
  15: 'list',
  16: 'uuid',
};

/** `i64`, `struct`…, or `type N` for a code that is not a Thrift type. */
export function typeName(type: number): string {
  return NAMES[type] ?? `type ${type}`;
}

/** Thrift message types (the `mmm` bits of a compact header, the low byte of a strict binary version word). */
export const MessageType = { CALL: 1, REPLY: 2, EXCEPTION: 3, ONEWAY: 4 } as const;
