/** Display formats for durations and times (µs inputs). */

/** 1.23s, 45.6ms, 789μs, 2m 3s, 1h 2m. */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us)) return '–';
  const abs = Math.abs(us);
  const sign = us < 0 ? '-' : '';
  if (abs < 1000) return `${sign}${round(abs, abs < 10 ? 2 : 0)}μs`;
  if (abs < 1_000_000) return `${sign}${round(abs / 1000, abs < 100_000 ? 2 : 1)}ms`;
  if (abs < 60_000_000) return `${sign}${round(abs / 1_000_000, 2)}s`;
  const totalSeconds = Math.floor(abs / 1_000_000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return h > 0 ? `${sign}${h}h ${m}m` : `${sign}${m}m ${s}s`;
}

function round(v: number, digits: number): string {
  const f = 10 ** digits;
  return String(Math.round(v * f) / f);
}

/** `2024-05-01 12:34:56.789` in local time or UTC (with a trailing `Z`). */
export function formatTimestamp(us: number, utc: boolean): string {
  const d = new Date(us / 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const [Y, M, D, h, m, s, ms] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds()];
  return `${Y}-${p(M)}-${p(D)} ${p(h)}:${p(m)}:${p(s)}.${p(ms, 3)}${utc ? 'Z' : ''}`;
}

/** "5 minutes ago", relative to `nowMs`. */
export function formatRelative(us: number, nowMs: number): string {
  const seconds = Math.round((nowMs - us / 1000) / 1000);
  if (seconds < 0) return 'in the future';
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.floor(hours / 24);
  return `${days} days ago`;
}

/** Tick positions for a time axis from 0 to `durationUs`: `count + 1` evenly spaced marks. */
export function axisTicks(startUs: number, endUs: number, count: number): number[] {
  const out: number[] = [];
  for (let i = 0; i <= count; i++) out.push(startUs + ((endUs - startUs) * i) / count);
  return out;
}

/** µs → the value of an `<input type="datetime-local" step="1">` (second precision), in local time or UTC. */
export function toDateTimeInput(us: number, utc: boolean): string {
  return formatTimestamp(us, utc).slice(0, 19).replace(' ', 'T');
}

/** The value of a datetime-local input → µs, reading it as local time or UTC; null when empty or invalid. */
export function fromDateTimeInput(text: string, utc: boolean): number | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(text)) return null;
  const full = text.length === 16 ? `${text}:00` : text;
  const ms = utc ? Date.parse(`${full}Z`) : new Date(full).getTime();
  return Number.isNaN(ms) ? null : ms * 1000;
}
