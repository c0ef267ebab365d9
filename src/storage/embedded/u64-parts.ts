/**
 * Unsigned 64-bit nanosecond values as high and low 32-bit halves, so that span headers compare against search bounds
 * exactly without allocating a BigInt per span.
 */
const TWO_POW_32 = 4294967296;
const U32 = 0xffffffffn;
const U64_MAX = (1n << 64n) - 1n;

export interface U64Parts {
  hi: number;
  lo: number;
}

/** The halves of `v` clamped to [0, 2^64 - 1]; undefined stays undefined. */
export function toParts(v: bigint | undefined): U64Parts | undefined {
  if (v === undefined) return undefined;
  const c = v < 0n ? 0n : v > U64_MAX ? U64_MAX : v;
  return { hi: Number(c >> 32n), lo: Number(c & U32) };
}

/** -1, 0 or 1 as (hi, lo) compares with `b`. */
export function compareParts(hi: number, lo: number, b: U64Parts): number {
  if (hi !== b.hi) return hi < b.hi ? -1 : 1;
  return lo === b.lo ? 0 : lo < b.lo ? -1 : 1;
}

/** end − start as halves written into `out` (0 when end ≤ start). */
export function differenceParts(endHi: number, endLo: number, startHi: number, startLo: number, out: U64Parts): void {
  if (endHi < startHi || (endHi === startHi && endLo <= startLo)) {
    out.hi = 0;
    out.lo = 0;
    return;
  }
  let hi = endHi - startHi;
  let lo = endLo - startLo;
  if (lo < 0) {
    lo += TWO_POW_32;
    hi -= 1;
  }
  out.hi = hi;
  out.lo = lo;
}
