/**
 * Serves the built web UI (`ui/dist`) from the query service under its base path:
 * - `<base>/assets/*` (content-hashed by Vite) with `cache-control: public, max-age=31536000, immutable`;
 * - other files at the top of `distDir` (favicon…) with a short cache;
 * - every other GET/HEAD under the base path — the app's client-side routes (`/search`, `/trace/:id`,
 *   `/dependencies`, …) — answers `index.html` with `no-cache`, rewritten at serve time so the app works behind a
 *   reverse proxy: a `<base href="<base>/">` (relative asset URLs resolve under the prefix) and
 *   `window.__ARIADNE_CONFIG__ = {basePath}` (API calls and links go under the prefix).
 * It is a not-found handler scoped to the base path, so it never shadows a route, and `/api/*` keeps the API's own
 * JSON 404 (that plugin's handler is more specific). Files are read once and kept in memory with a gzip copy: the
 * bundle is a few hundred kB. If the UI was not built, pages answer 503 saying how to build it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface UiAssetsOptions {
  /** '/' or a prefix like '/jaeger' (the query service's base path). */
  basePath: string;
  /** Directory of the built UI (holds index.html and assets/). */
  distDir: string;
}

interface Asset {
  body: Buffer;
  gzip: Buffer | undefined;
  type: string;
  cacheControl: string;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** `ui/dist` of the repository, found from this compiled file (dist/src/query/ui-assets.js). */
export function defaultUiDistDir(): string {
  return fileURLToPath(new URL('../../../ui/dist/', import.meta.url));
}

export function registerUiAssets(app: FastifyInstance, options: UiAssetsOptions): void {
  const prefix = normalizeBasePath(options.basePath);
  const root = resolve(options.distDir);
  const index = loadIndex(root, prefix);
  const files = loadFiles(root);
  void app.register(
    async (ui) => {
      ui.setNotFoundHandler((request, reply) => serve(request, reply, prefix, files, index));
    },
    { prefix: prefix === '' ? '/' : prefix },
  );
}

function serve(request: FastifyRequest, reply: FastifyReply, prefix: string, files: Map<string, Asset>, index: Asset | undefined) {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return reply.code(404).type('text/plain; charset=utf-8').send(`404 page not found: ${request.method} ${pathOf(request.url)}`);
  }
  const path = pathOf(request.url);
  const inner = path.startsWith(prefix) ? path.slice(prefix.length) : path;
  const file = files.get(inner);
  if (file !== undefined) return send(request, reply, file);
  // A missing asset is a 404, never the HTML page (a browser would try to run it as a script).
  if (inner.startsWith('/assets/') || inner === '/api' || inner.startsWith('/api/')) {
    return reply.code(404).type('text/plain; charset=utf-8').send(`404 page not found: ${path}`);
  }
  if (index === undefined) {
    return reply
      .code(503)
      .type('text/plain; charset=utf-8')
      .send('The Ariadne web UI is not built. Run `npm run build` in the repository (it builds ui/ into ui/dist).');
  }
  return send(request, reply, index);
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset) {
  reply.code(200).type(asset.type).header('cache-control', asset.cacheControl).header('vary', 'accept-encoding');
  reply.header('x-content-type-options', 'nosniff');
  const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
  if (asset.gzip !== undefined && acceptsGzip) return reply.header('content-encoding', 'gzip').send(asset.gzip);
  return reply.send(asset.body);
}

/** index.html with the base href and the runtime config injected right after `<head>`. */
function loadIndex(root: string, prefix: string): Asset | undefined {
  let html: string;
  try {
    html = readFileSync(join(root, 'index.html'), 'utf8');
  } catch {
    return undefined;
  }
  const config = JSON.stringify({ basePath: prefix }).replace(/</g, '\\u003c');
  const inject = `<base href="${escapeAttribute(`${prefix}/`)}"><script>window.__ARIADNE_CONFIG__=${config};</script>`;
  const at = html.search(/<head[^>]*>/i);
  const rewritten = at < 0 ? inject + html : html.replace(/<head[^>]*>/i, (m) => m + inject);
  return asset(Buffer.from(rewritten, 'utf8'), '.html', 'no-cache');
}

/** Every file under `root` except index.html, keyed by its URL path ('/assets/x.js'). */
function loadFiles(root: string): Map<string, Asset> {
  const out = new Map<string, Asset>();
  const walk = (dir: string, urlPrefix: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const full = join(dir, name);
      if (!full.startsWith(root + sep)) continue;
      const url = `${urlPrefix}/${name}`;
      if (statSync(full).isDirectory()) walk(full, url);
      else if (url !== '/index.html') {
        out.set(url, asset(readFileSync(full), extname(name), url.startsWith('/assets/') ? IMMUTABLE : SHORT));
      }
    }
  };
  walk(root, '');
  return out;
}

function asset(body: Buffer, ext: string, cacheControl: string): Asset {
  const type = TYPES[ext] ?? 'application/octet-stream';
  const compressible = /^(text\/|application\/json|image\/svg)/.test(type) && body.length > 1024;
  return { body, gzip: compressible ? gzipSync(body) : undefined, type, cacheControl };
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function escapeAttribute(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** '' for the root, else '/prefix' without a trailing slash. */
function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `/${trimmed}`;
}
