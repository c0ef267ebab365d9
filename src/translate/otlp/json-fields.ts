/**
 * Readers for the scalar fields of OTLP/JSON. OTLP/JSON is proto3 JSON with hex ids and integer enums; we are lenient
 * where the collector is lenient or where senders are known to differ: snake_case keys, enum names, 64-bit integers as
 * strings or numbers, `null` as "absent". A value of the wrong type throws `OtlpJsonShapeError`, which the decoder turns
 * into `{ ok: false }` with the field's path.
 */

export type JsonObject = Record<string, unknown>;

/**
 * A field whose value has the wrong type. `path` starts as the field name; enclosing lists prepend their position on
 * the way up (`spans[3].` + `attributes[0].value`) so paths are only built when something is wrong.
 */
export class OtlpJsonShapeError extends Error {
  path: string;
  constructor(
    field: string,
    readonly expected: string,
    readonly got: unknown,
  ) {
    super('OTLP/JSON field of the wrong type');
    this.name = 'OtlpJsonShapeError';
    this.path = field;
  }

  /** What went wrong and where, e.g. `resourceSpans[0].scopeSpans[0].spans[2].kind: expected …, got "x"`. */
  describe(): string {
    return `${this.path}: expected ${this.expected}, got ${describe(this.got)}`;
  }
}

/** Rethrows `e` with `prefix` prepended to its path when it is a shape error, unchanged otherwise. */
export function rethrowWithin(e: unknown, prefix: string): never {
  if (e instanceof OtlpJsonShapeError) e.path = e.path === '' ? prefix : `${prefix}.${e.path}`;
  throw e;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `"${v.length > 40 ? v.slice(0, 40) + '…' : v}"`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `o[camel]`, else `o[snake]`; `null` counts as absent. */
export function pick(o: JsonObject, camel: string, snake: string): unknown {
  const v = o[camel];
  if (v !== undefined && v !== null) return v;
  const s = o[snake];
  return s === null ? undefined : s;
}

export function readObject(v: unknown, field: string): JsonObject | undefined {
  if (v === undefined || v === null) return undefined;
  if (isJsonObject(v)) return v;
  throw new OtlpJsonShapeError(field, 'an object', v);
}

const EMPTY: readonly unknown[] = [];

export function readArray(v: unknown, field: string): readonly unknown[] {
  if (v === undefined || v === null) return EMPTY;
  if (Array.isArray(v)) return v;
  throw new OtlpJsonShapeError(field, 'an array', v);
}

export function readString(v: unknown, field: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  throw new OtlpJsonShapeError(field, 'a string', v);
}

export function readBool(v: unknown, field: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  throw new OtlpJsonShapeError(field, 'a boolean', v);
}

const UNSIGNED_RE = /^\d{1,20}$/;
const SIGNED_RE = /^-?\d{1,19}$/;
const U64_MAX = 0xffff_ffff_ffff_ffffn;
const I64_MIN = -0x8000_0000_0000_0000n;
const I64_MAX = 0x7fff_ffff_ffff_ffffn;

/** uint32 (counts, flags): a non-negative integer number or decimal string. */
export function readUint32(v: unknown, field: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff_ffff) return v;
  if (typeof v === 'string' && UNSIGNED_RE.test(v)) {
    const n = Number(v);
    if (n <= 0xffff_ffff) return n;
  }
  throw new OtlpJsonShapeError(field, 'a uint32', v);
}

/** fixed64/uint64 (nanosecond times): a decimal string (exact) or a non-negative integer number. */
export function readUint64(v: unknown, field: string): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'string') {
    if (UNSIGNED_RE.test(v)) {
      const n = BigInt(v);
      if (n <= U64_MAX) return n;
    }
  } else if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 18446744073709551615) {
    return BigInt(v);
  }
  throw new OtlpJsonShapeError(field, 'a uint64 as a decimal string or number', v);
}

/** int64 (`intValue`): a decimal string (exact) or an integer number. */
export function readInt64(v: unknown, field: string): bigint {
  if (typeof v === 'string') {
    if (SIGNED_RE.test(v)) {
      const n = BigInt(v);
      if (n >= I64_MIN && n <= I64_MAX) return n;
    }
  } else if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 9223372036854775807) {
    return BigInt(v);
  }
  throw new OtlpJsonShapeError(field, 'an int64 as a decimal string or number', v);
}

/** double: a number, or the proto3 JSON strings "NaN", "Infinity", "-Infinity", or a numeric string. */
export function readDouble(v: unknown, field: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    const n = Number(v);
    if (v.trim() !== '' && !Number.isNaN(n)) return n;
  }
  throw new OtlpJsonShapeError(field, 'a number', v);
}

/**
 * An enum: its integer, or (leniently) its proto name, e.g. `SPAN_KIND_SERVER`. Values outside `0..names.length-1`
 * become 0 (UNSPECIFIED/UNSET) so the model only ever holds declared values.
 */
export function readEnum(v: unknown, field: string, names: readonly string[]): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v)) return v >= 0 && v < names.length ? v : 0;
  if (typeof v === 'string') {
    const i = names.indexOf(v);
    if (i >= 0) return i;
    if (UNSIGNED_RE.test(v)) {
      const n = Number(v);
      return n < names.length ? n : 0;
    }
  }
  throw new OtlpJsonShapeError(field, `an integer or one of ${names.join(', ')}`, v);
}

const BASE64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** bytes: standard or URL-safe base64; returned as a fresh plain Uint8Array. */
export function readBytes(v: unknown, field: string): Uint8Array {
  if (typeof v === 'string' && BASE64_RE.test(v)) {
    const b = Buffer.from(v, 'base64');
    const out = new Uint8Array(b.length);
    out.set(b);
    return out;
  }
  throw new OtlpJsonShapeError(field, 'a base64 string', v);
}
