import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createFileStrategyProvider, type FileStrategyProviderOptions } from './file-strategy-provider.js';

const dir = mkdtempSync(join(tmpdir(), 'ariadne-sampling-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let fileCounter = 0;

function strategies(rate: number): string {
  return JSON.stringify({ service_strategies: [{ service: 'svc', type: 'probabilistic', param: rate }] });
}

function setup(overrides: Partial<FileStrategyProviderOptions> = {}) {
  const path = join(dir, `strategies-${++fileCounter}.json`);
  const logs: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString().split('\n')) if (line !== '') logs.push(JSON.parse(line) as { level: number; msg: string });
      cb();
    },
  });
  const registry = new Registry();
  const provider = createFileStrategyProvider({
    path,
    defaultSamplingProbability: 0.001,
    reloadIntervalMs: 60_000,
    logger: pino({ level: 'info' }, stream),
    registry,
    debounceMs: 20,
    ...overrides,
  });
  const rate = async (service = 'svc') => (await provider.strategyFor(service)).probabilisticSampling?.samplingRate;
  const reloads = async () => {
    const m = await registry.getSingleMetric('ariadne_sampling_strategy_reloads_total')!.get();
    const count = (outcome: string) => m.values.find((v) => v.labels['outcome'] === outcome)?.value ?? 0;
    return { ok: count('ok'), failed: count('failed') };
  };
  return { path, provider, logs, rate, reloads };
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('file strategy provider', () => {
  test('a rewritten file is picked up through fs.watch, without waiting for the poll', async () => {
    const { path, provider, rate, reloads } = setup();
    writeFileSync(path, strategies(0.5));
    await provider.start();
    try {
      assert.equal(await rate(), 0.5);
      assert.equal(await rate('other'), 0.001);
      writeFileSync(path, strategies(1));
      await eventually(async () => (await rate()) === 1);
      assert.deepEqual(await reloads(), { ok: 2, failed: 0 });
    } finally {
      provider.close();
    }
  });

  test('a file replaced by rename (how editors and config tools save) is picked up', async () => {
    const { path, provider, rate } = setup();
    writeFileSync(path, strategies(0.2));
    await provider.start();
    try {
      const tmp = `${path}.tmp`;
      writeFileSync(tmp, strategies(0.3));
      renameSync(tmp, path);
      await eventually(async () => (await rate()) === 0.3);
    } finally {
      provider.close();
    }
  });

  test('polling alone picks up changes when watching is off', async () => {
    const { path, provider, rate } = setup({ watch: false, reloadIntervalMs: 50 });
    writeFileSync(path, strategies(0.4));
    await provider.start();
    try {
      writeFileSync(path, strategies(0.6));
      await eventually(async () => (await rate()) === 0.6);
    } finally {
      provider.close();
    }
  });

  test('a bad new file keeps the previous strategies, is logged once and counted; a fixed file is loaded', async () => {
    const { path, provider, rate, reloads, logs } = setup({ watch: false });
    writeFileSync(path, strategies(0.5));
    await provider.start();
    try {
      writeFileSync(path, '{"service_strategies":[{"service":"svc","type":"probabilistic","param":7}]}');
      assert.equal(await provider.reload(), 'failed');
      assert.equal(await provider.reload(), 'unchanged');
      assert.equal(await rate(), 0.5);
      const errors = logs.filter((l) => l.level === 50);
      assert.equal(errors.length, 1);
      assert.match(JSON.stringify(errors[0]), /service_strategies\[0\]\.param: 7 is not a probability/);
      rmSync(path);
      assert.equal(await provider.reload(), 'failed');
      assert.equal(await rate(), 0.5);
      writeFileSync(path, strategies(0.9));
      assert.equal(await provider.reload(), 'reloaded');
      assert.equal(await rate(), 0.9);
      assert.deepEqual(await reloads(), { ok: 2, failed: 2 });
    } finally {
      provider.close();
    }
  });

  test('start rejects naming the file and the problem when the file is missing or invalid', async () => {
    const missing = setup();
    await assert.rejects(missing.provider.start(), (err: Error) => {
      assert.match(err.message, new RegExp(`^sampling.strategies_file ${missing.path}: cannot read the file \\(ENOENT\\)`));
      return true;
    });
    const invalid = setup();
    writeFileSync(invalid.path, '{"default_strategy":{"type":"ratelimiting"}}');
    await assert.rejects(invalid.provider.start(), /default_strategy\.param: must be a number/);
  });

  test('unknown types are served as the default and logged as warnings', async () => {
    const { path, provider, rate, logs } = setup({ reloadIntervalMs: 0 });
    writeFileSync(path, '{"service_strategies":[{"service":"svc","type":"adaptive","param":1}]}');
    await provider.start();
    assert.equal(await rate(), 0.001);
    assert.ok(logs.some((l) => l.level === 40 && /unknown sampling type "adaptive"/.test(l.msg)));
  });

  test('an http(s) URL is downloaded; 503 keeps the current strategies', async () => {
    let status = 503;
    let body = strategies(0.7);
    const server = createServer((_req, res) => {
      res.statusCode = status;
      res.end(status === 200 ? body : 'not yet');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { provider, rate } = setup({ path: `http://127.0.0.1:${(server.address() as AddressInfo).port}/strategies.json` });
    try {
      await provider.start();
      assert.equal(await rate(), 0.001, 'defaults while the URL answers 503');
      status = 200;
      assert.equal(await provider.reload(), 'reloaded');
      assert.equal(await rate(), 0.7);
      body = strategies(0.8);
      status = 500;
      assert.equal(await provider.reload(), 'failed');
      assert.equal(await rate(), 0.7);
      status = 200;
      assert.equal(await provider.reload(), 'reloaded');
      assert.equal(await rate(), 0.8);
    } finally {
      provider.close();
      server.close();
    }
  });
});
