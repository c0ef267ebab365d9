import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { FLAG_KEYS, loadConfig } from '../config/index.js';
import { createSilentLogger } from '../telemetry/index.js';
import { openSampling } from './open-sampling.js';

const flag = (name: string, value: string): [string, string] => [FLAG_KEYS[name]!, value];

describe('sampling config', () => {
  test("defaults: no file, Jaeger's 0.001, 30 s polling, 5778 on", () => {
    const r = loadConfig({ file: undefined, env: {}, flags: [] });
    assert.ok(r.ok);
    assert.deepEqual(r.config.sampling, {
      strategies_file: '',
      default_sampling_probability: 0.001,
      reload_interval: 30_000,
      http: { enabled: true, port: 5778 },
    });
  });

  test("Jaeger's env names and flags are accepted", () => {
    const env = { SAMPLING_STRATEGIES_FILE: '/etc/jaeger/strategies.json', SAMPLING_DEFAULT_SAMPLING_PROBABILITY: '0.5' };
    const fromEnv = loadConfig({ file: undefined, env, flags: [] });
    assert.ok(fromEnv.ok);
    assert.equal(fromEnv.config.sampling.strategies_file, '/etc/jaeger/strategies.json');
    assert.equal(fromEnv.config.sampling.default_sampling_probability, 0.5);
    const fromFlags = loadConfig({
      file: undefined,
      env,
      flags: [
        flag('sampling.strategies-file', '/srv/s.json'),
        flag('sampling.strategies-reload-interval', '5s'),
        flag('sampling.default-sampling-probability', '1'),
        flag('sampling.http.port', '15778'),
      ],
    });
    assert.ok(fromFlags.ok);
    assert.deepEqual(fromFlags.config.sampling, {
      strategies_file: '/srv/s.json',
      default_sampling_probability: 1,
      reload_interval: 5_000,
      http: { enabled: true, port: 15778 },
    });
  });

  test('a probability outside 0..1 is an error naming the key', () => {
    const r = loadConfig({ file: undefined, env: {}, flags: [flag('sampling.default-sampling-probability', '1.5')] });
    assert.ok(!r.ok);
    assert.deepEqual(r.errors, ['sampling.default_sampling_probability: "1.5" is not a probability (use a number from 0 to 1, e.g. 0.001)']);
  });

  test('openSampling serves the default without a file, and refuses to start with an unusable file', async () => {
    const deps = { host: '127.0.0.1', logger: createSilentLogger(), registry: new Registry() };
    const settings = { strategies_file: '', default_sampling_probability: 0.02, reload_interval: 0, http: { enabled: false, port: 0 } };
    const none = await openSampling(settings, deps);
    assert.deepEqual(none.receivers, []);
    assert.deepEqual(await none.provider.strategyFor('x'), { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.02 } });
    none.close();

    const dir = mkdtempSync(join(tmpdir(), 'ariadne-sampling-config-'));
    try {
      const file = join(dir, 's.json');
      writeFileSync(file, '{"default_strategy":{"type":"probabilistic","param":2}}');
      await assert.rejects(
        openSampling({ ...settings, strategies_file: file }, deps),
        new Error(`sampling.strategies_file ${file}: default_strategy.param: 2 is not a probability; use a number from 0 to 1`),
      );
      writeFileSync(file, '{"default_strategy":{"type":"ratelimiting","param":2}}');
      const opened = await openSampling({ ...settings, strategies_file: file, http: { enabled: true, port: 0 } }, deps);
      assert.equal(opened.receivers[0]?.name, 'sampling-http');
      assert.equal((await opened.provider.strategyFor('x')).rateLimitingSampling?.maxTracesPerSecond, 2);
      opened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
