/** Jaeger's microsecond times → the model's unsigned nanoseconds. */

/** Microseconds since the epoch → nanoseconds; negative values (invalid) become 0. */
export function microsToNanos(micros: bigint): bigint {
  return micros > 0n ? micros * 1000n : 0n;
}

/** End of a span from its start (ns) and duration (µs); a negative duration ends the span at its start. */
export function endFromMicrosDuration(startNanos: bigint, durationMicros: bigint): bigint {
  return durationMicros > 0n ? startNanos + durationMicros * 1000n : startNanos;
}
