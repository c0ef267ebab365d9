/** Zipkin's epoch microseconds (JSON numbers, possibly fractional) → the model's nanoseconds. */

/** Nanoseconds of a non-negative finite µs value, keeping sub-microsecond fractions. */
export function microsToNanos(micros: number): bigint {
  const whole = Math.trunc(micros);
  const fraction = Math.round((micros - whole) * 1000);
  return BigInt(whole) * 1000n + BigInt(fraction);
}

/** Whether `v` is usable as a time or duration: absent, or a finite number ≥ 0. */
export function isValidMicros(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
}
