/**
 * Vite build of the web UI. Assets get relative URLs ('./assets/…') so the query service can serve the app under any
 * base path: it injects a `<base href>` into index.html. `npm run dev -w ui` proxies `/api` to a running query service
 * (ARIADNE_QUERY_URL, default http://127.0.0.1:16686).
 */
import { defineConfig } from 'vite';

const target = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env['ARIADNE_QUERY_URL'] ?? 'http://127.0.0.1:16686';

export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic' } },
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1000 },
  server: { proxy: { '/api': { target, changeOrigin: true } } },
});
