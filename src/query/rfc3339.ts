/**
 * RFC 3339 timestamps with optional fractional seconds of any precision (Go's `time.RFC3339Nano` parsing), to
 * nanoseconds since the epoch without going through a float, so no precision is lost.
 */
const RFC3339_RE = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export function parseRfc3339Nano(input: string): bigint | Error {
  const m = RFC3339_RE.exec(input);
  const fail = () => new Error(`parsing time ${JSON.stringify(input)}: expected RFC 3339, e.g. 2024-05-01T12:30:00.123456789Z`);
  if (m === null) return fail();
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
    return fail();
  }
  let offsetMinutes = 0;
  if (m[8] === undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return fail();
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const epochSeconds = BigInt(utcMillis(year, month - 1, day, hour, minute, second) / 1000) - BigInt(offsetMinutes * 60);
  const fraction = BigInt((m[7] ?? '').padEnd(9, '0') || '0');
  return epochSeconds * 1_000_000_000n + fraction;
}

function daysInMonth(year: number, month: number): number {
  return new Date(utcMillis(year, month, 0, 0, 0, 0)).getUTCDate();
}

/** `Date.UTC` without its mapping of years 0–99 to 1900–1999. */
function utcMillis(year: number, monthIndex: number, day: number, hour: number, minute: number, second: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  d.setUTCHours(hour, minute, second, 0);
  return d.getTime();
}
