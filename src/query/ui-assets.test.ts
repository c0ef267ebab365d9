import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { fastify, type FastifyInstance } from 'fastify';
import { registerUiAssets } from './ui-assets.js';

const dist = mkdtempSync(join(tmpdir(), 'ariadne-ui-'));
mkdirSync(join(dist, 'assets'));
writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>t</title><script type="module" src="./assets/app-abc123.js"></script></head><body></body></html>');
const bundle = `console.log(${JSON.stringify('x'.repeat(5000))});`;
writeFileSync(join(dist, 'assets', 'app-abc123.js'), bundle);
writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
after(() => rmSync(dist, { recursive: true, force: true }));

async function appWith(basePath: string, distDir = dist): Promise<FastifyInstance> {
  const app = fastify();
  const prefix = basePath === '/' ? '' : basePath;
  await app.register(
    async (api) => {
      api.get('/services', async () => ({ data: ['svc'] }));
      api.setNotFoundHandler((_req, reply) => reply.code(404).send({ errors: [{ code: 404, msg: 'api not found' }] }));
    },
    { prefix: `${prefix}/api` },
  );
  registerUiAssets(app, { basePath, distDir });
  await app.ready();
  return app;
}

for (const basePath of ['/', '/jaeger']) {
  const p = basePath === '/' ? '' : basePath;
  describe(`registerUiAssets under '${basePath}'`, () => {
    test('client-side routes answer index.html, no-cache, with the base path injected', async () => {
      const app = await appWith(basePath);
      for (const url of [`${p}/`, `${p}/search?service=a&tags=%7B%7D`, `${p}/trace/0af7651916cd43dd8448eb211c80319c`, `${p}/trace/a...b`, `${p}/dependencies`]) {
        const res = await app.inject({ url });
        assert.equal(res.statusCode, 200, url);
        assert.match(String(res.headers['content-type']), /^text\/html/);
        assert.equal(res.headers['cache-control'], 'no-cache');
        assert.ok(res.body.includes(`<head><base href="${p}/"><script>window.__ARIADNE_CONFIG__={"basePath":"${p}"};</script>`), res.body);
      }
    });

    test('hashed assets are served with immutable caching, gzipped when accepted', async () => {
      const app = await appWith(basePath);
      const plain = await app.inject({ url: `${p}/assets/app-abc123.js` });
      assert.equal(plain.statusCode, 200);
      assert.equal(plain.body, bundle);
      assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.match(String(plain.headers['content-type']), /^text\/javascript/);
      const gz = await app.inject({ url: `${p}/assets/app-abc123.js`, headers: { 'accept-encoding': 'gzip, br' } });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.equal(gunzipSync(gz.rawPayload).toString(), bundle);
      const icon = await app.inject({ url: `${p}/favicon.svg` });
      assert.equal(icon.statusCode, 200);
      assert.equal(icon.headers['content-type'], 'image/svg+xml');
    });

    test('never shadows the API: routes answer, unknown /api paths keep the API 404; missing assets are 404', async () => {
      const app = await appWith(basePath);
      assert.deepEqual((await app.inject({ url: `${p}/api/services` })).json(), { data: ['svc'] });
      const missing = await app.inject({ url: `${p}/api/nope` });
      assert.equal(missing.statusCode, 404);
      assert.deepEqual(missing.json(), { errors: [{ code: 404, msg: 'api not found' }] });
      assert.equal((await app.inject({ url: `${p}/assets/gone-123.js` })).statusCode, 404);
      assert.equal((await app.inject({ url: `${p}/assets/../index.html` })).statusCode, 200);
      assert.equal((await app.inject({ method: 'POST', url: `${p}/search` })).statusCode, 404);
    });
  });
}

test('the base path is escaped in the injected HTML', async () => {
  const app = await appWith('/a"b</script>');
  const res = await app.inject({ url: '/a"b</script>/search' });
  assert.ok(!res.body.includes('</script>/'), res.body);
});

test('without a built UI, pages answer 503 saying how to build it', async () => {
  const app = await appWith('/', join(dist, 'missing'));
  const res = await app.inject({ url: '/search' });
  assert.equal(res.statusCode, 503);
  assert.match(res.body, /npm run build/);
});
