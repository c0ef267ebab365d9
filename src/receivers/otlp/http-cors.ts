/**
 * CORS for browser exporters: which origins may POST spans, and the preflight answer. Origins are exact
 * (`https://app.example.com`), `*` (any origin), or patterns with `*` standing for any run of characters
 * (`https://*.example.com`). The allowed origin is echoed rather than answered with `*`, with `Vary: Origin`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface CorsOptions {
  allowedOrigins: string[];
  /** Request headers browsers may send besides Content-Type and Content-Encoding. */
  allowedHeaders: string[];
  /** How long browsers may cache a preflight answer; omitted means the browser default. */
  maxAgeSeconds?: number;
}

export interface CorsPolicy {
  /** True when any origin is configured; otherwise OPTIONS is answered like any other wrong method. */
  readonly enabled: boolean;
  /** Adds the response headers for a simple (non-preflight) request from an allowed origin. */
  decorate(req: IncomingMessage, res: ServerResponse): void;
  /** Answers a preflight request (204; CORS headers only when the origin is allowed). */
  answerPreflight(req: IncomingMessage, res: ServerResponse): void;
}

export function createCorsPolicy(options: CorsOptions | undefined): CorsPolicy {
  const matchers = (options?.allowedOrigins ?? []).map(compileOrigin);
  const allowHeaders = dedupe(['Content-Type', 'Content-Encoding', ...(options?.allowedHeaders ?? [])]).join(', ');
  const maxAge = options?.maxAgeSeconds;
  const allowedOrigin = (req: IncomingMessage): string | undefined => {
    const origin = req.headers.origin;
    if (origin === undefined || origin === '') return undefined;
    for (const m of matchers) if (m(origin)) return origin;
    return undefined;
  };
  return {
    enabled: matchers.length > 0,
    decorate(req, res) {
      if (matchers.length === 0) return;
      res.setHeader('Vary', 'Origin');
      const origin = allowedOrigin(req);
      if (origin !== undefined) res.setHeader('Access-Control-Allow-Origin', origin);
    },
    answerPreflight(req, res) {
      res.setHeader('Vary', 'Origin');
      const origin = allowedOrigin(req);
      if (origin !== undefined) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Access-Control-Allow-Methods', 'POST');
        res.setHeader('Access-Control-Allow-Headers', allowHeaders);
        if (maxAge !== undefined) res.setHeader('Access-Control-Max-Age', String(maxAge));
      }
      res.writeHead(204);
      res.end();
    },
  };
}

function compileOrigin(pattern: string): (origin: string) => boolean {
  if (pattern === '*') return () => true;
  if (!pattern.includes('*')) {
    const exact = pattern.toLowerCase();
    return (origin) => origin.toLowerCase() === exact;
  }
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  const re = new RegExp(`^${source}$`, 'i');
  return (origin) => re.test(origin);
}

function dedupe(headers: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const h of headers) {
    const key = h.trim().toLowerCase();
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(h.trim());
  }
  return out;
}
