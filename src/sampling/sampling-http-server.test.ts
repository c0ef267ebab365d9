import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Registry } from 'prom-client';
import { createSilentLogger } from '../telemetry/index.js';
import { createSamplingHttpServer } from './sampling-http-server.js';
import { parseStrategiesFile } from './strategies-file.js';
import { SamplingUnavailableError, type SamplingStrategyProvider } from './strategy-provider.js';
import { buildStrategyTable, lookupStrategy } from './strategy-table.js';

const FILE = {
  default_strategy: { type: 'probabilistic', param: 0.5 },
  service_strategies: [
    { service: 'limited', type: 'ratelimiting', param: 42 },
    { service: 'huge', type: 'ratelimiting', param: 40_000 },
    { service: 'plain', type: 'probabilistic', param: 1, operation_strategies: [{ operation: '/health', type: 'probabilistic', param: 0 }] },
  ],
};

/** The real lookup over a parsed file, plus two service names that make it fail the ways an upstream can. */
function fileProvider(): SamplingStrategyProvider {
  const parsed = parseStrategiesFile(JSON.stringify(FILE));
  assert.ok(parsed.ok);
  const table = buildStrategyTable(parsed.strategies, 0.001);
  return {
    strategyFor: async (service) => {
      if (service === 'upstream-down') throw new SamplingUnavailableError('collector 10.0.0.1:14250 unreachable');
      if (service === 'broken') throw new Error('boom');
      return lookupStrategy(table, service);
    },
  };
}

describe('sampling HTTP server (5778)', () => {
  const registry = new Registry();
  const server = createSamplingHttpServer({ host: '127.0.0.1', port: 0, provider: fileProvider(), logger: createSilentLogger(), registry });
  let base = '';
  before(async () => {
    await server.start();
    base = `http://127.0.0.1:${server.address().port}`;
  });
  after(() => server.stop());

  async function get(path: string, init?: RequestInit): Promise<{ status: number; type: string | null; body: string; headers: Headers }> {
    const res = await fetch(base + path, init);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.text(), headers: res.headers };
  }

  test('/sampling answers proto3 JSON with enum names', async () => {
    const r = await get('/sampling?service=limited');
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/json');
    assert.equal(r.body, '{"strategyType":"RATE_LIMITING","rateLimitingSampling":{"maxTracesPerSecond":42}}');
  });

  test('defaults are emitted: per-operation strategies with zero rates and the unset upper bound', async () => {
    const r = await get('/sampling?service=plain');
    assert.equal(
      r.body,
      '{"strategyType":"PROBABILISTIC","probabilisticSampling":{"samplingRate":1},"operationSampling":' +
        '{"defaultSamplingProbability":1,"defaultLowerBoundTracesPerSecond":0,"perOperationStrategies":' +
        '[{"operation":"/health","probabilisticSampling":{"samplingRate":0}}],"defaultUpperBoundTracesPerSecond":0}}',
    );
  });

  test('/ and other paths answer the legacy Thrift JSON with integer enum codes', async () => {
    for (const path of ['/', '/whatever']) {
      const r = await get(`${path}?service=limited`);
      assert.equal(r.status, 200, path);
      assert.equal(r.body, '{"strategyType":1,"rateLimitingSampling":{"maxTracesPerSecond":42}}');
    }
    assert.equal((await get('/?service=unknown')).body, '{"strategyType":0,"probabilisticSampling":{"samplingRate":0.5}}');
  });

  test('a rate limit beyond the legacy int16 is a 500 on / but served on /sampling', async () => {
    const legacy = await get('/?service=huge');
    assert.equal(legacy.status, 500);
    assert.match(legacy.body, /^cannot marshall to JSON: maxTracesPerSecond 40000 does not fit/);
    assert.equal((await get('/sampling?service=huge')).status, 200);
  });

  test("400 with Jaeger's message when service is missing or repeated", async () => {
    for (const path of ['/sampling', '/sampling?svc=a', '/sampling?service=a&service=b', '/?service=a&service=a']) {
      const r = await get(path);
      assert.equal(r.status, 400, path);
      assert.equal(r.body, "'service' parameter must be provided once\n");
      assert.equal(r.type, 'text/plain; charset=utf-8');
    }
  });

  test('405 for methods other than GET and HEAD', async () => {
    const r = await get('/sampling?service=a', { method: 'POST', body: '{}' });
    assert.equal(r.status, 405);
    assert.equal(r.headers.get('allow'), 'GET, HEAD');
    const head = await get('/sampling?service=limited', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });

  test('503 with Retry-After when the provider is unavailable, 500 when it fails', async () => {
    const down = await get('/sampling?service=upstream-down');
    assert.equal(down.status, 503);
    assert.equal(down.headers.get('retry-after'), '5');
    assert.equal(down.body, 'sampling strategy temporarily unavailable: collector 10.0.0.1:14250 unreachable\n');
    const broken = await get('/sampling?service=broken');
    assert.equal(broken.status, 500);
    assert.equal(broken.body, 'collector error: boom\n');
  });

  test('requests are counted by outcome', async () => {
    const metric = await registry.getSingleMetric('ariadne_sampling_requests_total')!.get();
    const count = (outcome: string) => metric.values.find((v) => v.labels['outcome'] === outcome && v.labels['transport'] === 'http')?.value;
    assert.equal(count('ok'), 7);
    assert.equal(count('bad_request'), 4);
    assert.equal(count('method_not_allowed'), 1);
    assert.equal(count('unavailable'), 1);
    assert.equal(count('error'), 2);
  });

  test('stop is idempotent and the port is released', async () => {
    const s = createSamplingHttpServer({ host: '127.0.0.1', port: 0, provider: fileProvider(), logger: createSilentLogger(), registry: new Registry() });
    await s.start();
    const port = s.address().port;
    await Promise.all([s.stop(), s.stop()]);
    await assert.rejects(fetch(`http://127.0.0.1:${port}/sampling?service=a`));
  });
});
