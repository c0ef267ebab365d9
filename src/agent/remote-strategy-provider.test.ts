/**
 * The agent's sampling proxy against a real collector-side sampling endpoint: Ariadne's sampling HTTP server serving
 * a strategies file through the file provider, reached at `/api/sampling` as the agent does by default.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Registry } from 'prom-client';
import type { Receiver } from '../receivers/index.js';
import {
  createFileStrategyProvider,
  createSamplingHttpServer,
  isSamplingUnavailableError,
  type FileStrategyProvider,
} from '../sampling/index.js';
import { createAdminServer, createSilentLogger } from '../telemetry/index.js';
import { createRemoteStrategyProvider, defaultSamplingUrl } from './remote-strategy-provider.js';
import { freePort, metricValue } from './testing/agent-fixtures.js';

const logger = createSilentLogger();
const dir = mkdtempSync(join(tmpdir(), 'ariadne-agent-sampling-'));
const STRATEGIES = {
  default_strategy: { type: 'probabilistic', param: 0.25 },
  service_strategies: [
    { service: 'limited', type: 'ratelimiting', param: 7 },
    {
      service: 'per-op',
      type: 'probabilistic',
      param: 0.5,
      operation_strategies: [{ operation: 'GET /health', type: 'probabilistic', param: 0 }],
    },
  ],
};

describe('remote strategy provider', () => {
  let fileProvider: FileStrategyProvider;
  let collector: Receiver;
  let collectorRegistry: Registry;
  let url = '';

  before(async () => {
    const path = join(dir, 'strategies.json');
    writeFileSync(path, JSON.stringify(STRATEGIES));
    collectorRegistry = new Registry();
    fileProvider = createFileStrategyProvider({
      path, defaultSamplingProbability: 0.001, reloadIntervalMs: 0, logger, registry: collectorRegistry,
    });
    await fileProvider.start();
    collector = createSamplingHttpServer({ host: '127.0.0.1', port: 0, provider: fileProvider, logger, registry: collectorRegistry });
    await collector.start();
    url = `http://127.0.0.1:${collector.address().port}/api/sampling`;
  });
  after(async () => {
    await collector.stop();
    fileProvider.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('answers what the collector serves, for every strategy kind', async () => {
    const remote = createRemoteStrategyProvider({ url, cacheTtlMs: 10_000, logger });
    for (const service of ['limited', 'per-op', 'someone-else']) {
      assert.deepEqual(await remote.strategyFor(service), await fileProvider.strategyFor(service), service);
    }
    const limited = await remote.strategyFor('limited');
    assert.equal(limited.strategyType, 'RATE_LIMITING');
    assert.equal(limited.rateLimitingSampling?.maxTracesPerSecond, 7);
  });

  test('repeated and concurrent requests within the cache time cost one request to the collector', async () => {
    const remote = createRemoteStrategyProvider({ url, cacheTtlMs: 10_000, logger });
    const before = await metricValue(collectorRegistry, 'ariadne_sampling_requests_total');
    await Promise.all([remote.strategyFor('cached'), remote.strategyFor('cached'), remote.strategyFor('cached')]);
    await remote.strategyFor('cached');
    assert.equal((await metricValue(collectorRegistry, 'ariadne_sampling_requests_total')) - before, 1);
  });

  test('an unreachable collector is a SamplingUnavailableError naming the URL; the last answer is served meanwhile', async () => {
    const deadUrl = `http://127.0.0.1:${await freePort()}/api/sampling`;
    const unreachable = createRemoteStrategyProvider({ url: deadUrl, cacheTtlMs: 1_000, timeoutMs: 500, logger });
    await assert.rejects(unreachable.strategyFor('svc'), (err: unknown) => {
      assert.ok(isSamplingUnavailableError(err), String(err));
      assert.match((err as Error).message, new RegExp(`${deadUrl}.*ECONNREFUSED.*agent\\.sampling\\.collector_url`));
      return true;
    });

    // A collector that goes away after answering once: the answer outlives it.
    const registry = new Registry();
    const shortLived = createSamplingHttpServer({ host: '127.0.0.1', port: 0, provider: fileProvider, logger, registry });
    await shortLived.start();
    const remote = createRemoteStrategyProvider({
      url: `http://127.0.0.1:${shortLived.address().port}/api/sampling`, cacheTtlMs: 30, timeoutMs: 500, logger,
    });
    const first = await remote.strategyFor('per-op');
    await shortLived.stop();
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(await remote.strategyFor('per-op'), first);
    await assert.rejects(remote.strategyFor('never-asked'), (err: unknown) => isSamplingUnavailableError(err));
  });

  test('an endpoint that is not a sampling endpoint is a plain error with its status', async () => {
    const admin = createAdminServer({ host: '127.0.0.1', port: 0, registry: new Registry(), logger, readiness: async () => undefined });
    await admin.start();
    try {
      const remote = createRemoteStrategyProvider({ url: `http://127.0.0.1:${admin.address().port}/api/sampling`, cacheTtlMs: 1_000, logger });
      await assert.rejects(remote.strategyFor('svc'), (err: unknown) => {
        assert.ok(!isSamplingUnavailableError(err));
        assert.match((err as Error).message, /answered 404/);
        return true;
      });
    } finally {
      await admin.stop();
    }
  });

  test('the agent serves the collector strategies on its own sampling port, and 503 when the collector is gone', async () => {
    const registry = new Registry();
    const agentSide = createSamplingHttpServer({
      host: '127.0.0.1', port: 0, registry, logger,
      provider: createRemoteStrategyProvider({ url, cacheTtlMs: 10_000, logger }),
    });
    await agentSide.start();
    const deadSide = createSamplingHttpServer({
      host: '127.0.0.1', port: 0, registry: new Registry(), logger,
      provider: createRemoteStrategyProvider({ url: `http://127.0.0.1:${await freePort()}/api/sampling`, cacheTtlMs: 10_000, logger }),
    });
    await deadSide.start();
    try {
      const viaAgent = await fetch(`http://127.0.0.1:${agentSide.address().port}/sampling?service=per-op`);
      const direct = await fetch(`${url}?service=per-op`);
      assert.equal(viaAgent.status, 200);
      assert.equal(await viaAgent.text(), await direct.text());
      const down = await fetch(`http://127.0.0.1:${deadSide.address().port}/sampling?service=per-op`);
      assert.equal(down.status, 503);
      assert.match(await down.text(), /cannot reach the collector's sampling endpoint/);
    } finally {
      await agentSide.stop();
      await deadSide.stop();
    }
  });

  test('the default URL is the first collector host on port 14268', () => {
    assert.equal(defaultSamplingUrl('collector.tracing:4317'), 'http://collector.tracing:14268/api/sampling');
    assert.equal(defaultSamplingUrl('dns:///jaeger-collector-headless:4317'), 'http://jaeger-collector-headless:14268/api/sampling');
    assert.equal(defaultSamplingUrl('[::1]:4317'), 'http://[::1]:14268/api/sampling');
  });
});
