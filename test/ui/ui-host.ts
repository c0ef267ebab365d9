/**
 * Where the browser tests open the UI. When the query service serves the UI itself (registerUiAssets wired into the
 * query app), that is the server's own URL. Until then, a reverse proxy in front of it — a fastify app serving the
 * built UI with `registerUiAssets` and forwarding `/api/*` to the real server — the deployment a proxy would give.
 */
import { fastify } from 'fastify';
import { registerUiAssets } from '../../src/query/ui-assets.js';
import { UI_DIST_DIR } from './browser.js';

export interface UiHost {
  url: string;
  close(): Promise<void>;
}

export async function openUiHost(queryUrl: string): Promise<UiHost> {
  const probe = await fetch(`${queryUrl}/search`).then((r) => r.text()).catch(() => '');
  if (probe.includes('__ARIADNE_CONFIG__')) return { url: queryUrl, close: async () => {} };
  const app = fastify();
  app.all('/api/*', async (request, reply) => {
    const res = await fetch(queryUrl + request.url, { method: request.method });
    reply.code(res.status).header('content-type', res.headers.get('content-type') ?? 'application/json');
    return reply.send(Buffer.from(await res.arrayBuffer()));
  });
  registerUiAssets(app, { basePath: '/', distDir: UI_DIST_DIR });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: address, close: () => app.close() };
}
