/**
 * Go-style duration strings ("1.5s", "100ms", "50us", "50µs", "2h45m", "300ns"), as Jaeger's query API and config use.
 * A bare "0" is zero. Negative durations are not accepted.
 */
const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n,
  'μs': 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};
const PART_RE = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Nanoseconds of a Go duration string, or an Error saying what is wrong. */
export function parseGoDuration(input: string): bigint | Error {
  const s = input.trim();
  if (s === '0') return 0n;
  if (s === '') return new Error('empty duration');
  let total = 0n;
  let pos = 0;
  while (pos < s.length) {
    PART_RE.lastIndex = pos;
    const m = PART_RE.exec(s);
    if (m === null) {
      return new Error(`invalid duration "${input}": expected a number followed by a unit (ns, us, ms, s, m, h)`);
    }
    total += decimalTimesUnit(m[1]!, UNIT_NS[m[2]!]!);
    pos = PART_RE.lastIndex;
  }
  return total;
}

/** `"1.5" × 1e9` exactly, without going through floating point for the integer part. */
function decimalTimesUnit(num: string, unit: bigint): bigint {
  const [intPart = '0', fracPart = ''] = num.split('.');
  let result = BigInt(intPart === '' ? '0' : intPart) * unit;
  if (fracPart !== '') {
    const scale = 10n ** BigInt(fracPart.length);
    result += (BigInt(fracPart) * unit) / scale;
  }
  return result;
}

/** Formats nanoseconds the way Go prints a time.Duration (e.g. "1.5s", "250ms", "2h0m0s"). */
export function formatGoDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let v = neg ? -ns : ns;
  const sign = neg ? '-' : '';
  if (v < 1_000n) return `${sign}${v}ns`;
  if (v < 1_000_000n) return `${sign}${trimFraction(v, 1_000n)}µs`;
  if (v < 1_000_000_000n) return `${sign}${trimFraction(v, 1_000_000n)}ms`;
  const h = v / 3_600_000_000_000n;
  v -= h * 3_600_000_000_000n;
  const m = v / 60_000_000_000n;
  v -= m * 60_000_000_000n;
  const secs = trimFraction(v, 1_000_000_000n);
  if (h > 0n) return `${sign}${h}h${m}m${secs}s`;
  if (m > 0n) return `${sign}${m}m${secs}s`;
  return `${sign}${secs}s`;
}

function trimFraction(v: bigint, unit: bigint): string {
  const whole = v / unit;
  const frac = v % unit;
  if (frac === 0n) return whole.toString();
  const digits = unit.toString().length - 1;
  return `${whole}.${frac.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}
