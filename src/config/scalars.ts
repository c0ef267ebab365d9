/**
 * Config scalar schemas. Values may come from YAML (typed) or from env vars and flags (strings), so each accepts both
 * and reports errors in words a user can act on.
 */
import { z } from 'zod';
import { parseGoDuration } from './go-duration.js';

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

function integerFrom(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  return undefined;
}

/** A TCP/UDP port, 0 (pick a free one) to 65535. */
export const port = z.unknown().transform((v, ctx) => {
  const n = integerFrom(v);
  if (n === undefined || n < 0 || n > 65535) {
    ctx.addIssue({ code: 'custom', message: `${show(v)} is not a port (use a whole number from 0 to 65535)` });
    return z.NEVER;
  }
  return n;
});

/** A whole number of at least `min`. */
export function integer(min: number, what = 'a whole number') {
  return z.unknown().transform((v, ctx) => {
    const n = integerFrom(v);
    if (n === undefined || n < min) {
      ctx.addIssue({ code: 'custom', message: `${show(v)} is not ${what} of at least ${min}` });
      return z.NEVER;
    }
    return n;
  });
}

/** A Go-style duration string ("30s", "500ms"); numbers are read as seconds. Output: milliseconds. */
export const durationMs = z.unknown().transform((v, ctx) => {
  if (typeof v === 'number' && v >= 0 && Number.isFinite(v)) return v * 1000;
  if (typeof v === 'string') {
    const ns = parseGoDuration(v);
    if (!(ns instanceof Error)) return Number(ns / 1_000_000n);
  }
  ctx.addIssue({ code: 'custom', message: `${show(v)} is not a duration (examples: "500ms", "30s", "5m")` });
  return z.NEVER;
});

/** A Go-style duration. Output: nanoseconds as bigint. */
export const durationNs = z.unknown().transform((v, ctx) => {
  if (typeof v === 'number' && v >= 0 && Number.isFinite(v)) return BigInt(Math.round(v * 1e9));
  if (typeof v === 'string') {
    const ns = parseGoDuration(v);
    if (!(ns instanceof Error)) return ns;
  }
  ctx.addIssue({ code: 'custom', message: `${show(v)} is not a duration (examples: "500ms", "30s", "5m")` });
  return z.NEVER;
});

/** true/false, also from the strings "true"/"false"/"1"/"0". */
export const bool = z.unknown().transform((v, ctx) => {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 1) return true;
  if (v === 'false' || v === '0' || v === 0) return false;
  ctx.addIssue({ code: 'custom', message: `${show(v)} is not a boolean (use true or false)` });
  return z.NEVER;
});

/** One of `values`. */
export function oneOf<const T extends readonly string[]>(values: T) {
  return z.unknown().transform((v, ctx) => {
    if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T[number];
    ctx.addIssue({ code: 'custom', message: `${show(v)} is not one of ${values.join(', ')}` });
    return z.NEVER;
  });
}

/** A non-empty string. */
export const text = z.unknown().transform((v, ctx) => {
  if (typeof v === 'string' && v.length > 0) return v;
  if (typeof v === 'number') return String(v);
  ctx.addIssue({ code: 'custom', message: `${show(v)} is not a non-empty string` });
  return z.NEVER;
});

/** A list of strings; a comma-separated string (from env or flags) is split. */
export const stringList = z.unknown().transform((v, ctx) => {
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  if (typeof v === 'string') return v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  ctx.addIssue({ code: 'custom', message: `${show(v)} is not a list of strings` });
  return z.NEVER;
});

/** A URL path prefix such as "/" or "/jaeger"; normalised to start with "/" and not end with one (except "/"). */
export const basePath = z.unknown().transform((v, ctx) => {
  if (typeof v !== 'string' || /\s/.test(v)) {
    ctx.addIssue({ code: 'custom', message: `${show(v)} is not a URL path prefix (example: "/jaeger")` });
    return z.NEVER;
  }
  const p = ('/' + v.replace(/^\/+/, '')).replace(/\/+$/, '');
  return p === '' ? '/' : p;
});
