/**
 * Go's `strconv.ParseInt` and `strconv.ParseBool` as Jaeger's query API applies them to parameters, with Go's error
 * texts so that clients see the messages Jaeger gives. Errors are returned, not thrown.
 */

/** A signed decimal integer that fits in `bits` bits (`+` and `-` allowed, nothing else). */
export function parseGoInt(input: string, bits: 32 | 64): bigint | Error {
  if (!/^[+-]?\d+$/.test(input)) return new Error(`strconv.ParseInt: parsing ${JSON.stringify(input)}: invalid syntax`);
  const n = BigInt(input);
  const limit = 1n << BigInt(bits - 1);
  if (n >= limit || n < -limit) return new Error(`strconv.ParseInt: parsing ${JSON.stringify(input)}: value out of range`);
  return n;
}

/** An unsigned decimal integer that fits in `bits` bits. */
export function parseGoUint(input: string, bits: 32 | 64): bigint | Error {
  if (!/^\d+$/.test(input)) return new Error(`strconv.ParseUint: parsing ${JSON.stringify(input)}: invalid syntax`);
  const n = BigInt(input);
  if (n >= 1n << BigInt(bits)) return new Error(`strconv.ParseUint: parsing ${JSON.stringify(input)}: value out of range`);
  return n;
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export function parseGoBool(input: string): boolean | Error {
  if (TRUE.has(input)) return true;
  if (FALSE.has(input)) return false;
  return new Error(`strconv.ParseBool: parsing ${JSON.stringify(input)}: invalid syntax`);
}
