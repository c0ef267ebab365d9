/**
 * End to end: remote sampling from a strategies file, against the built server. jaeger-client's remote sampler polls
 * the 5778 endpoint and really changes its decisions; `GET /api/sampling` on 14268 and gRPC
 * `SamplingManager/GetSamplingStrategy` on 14250 give the same strategy; rewriting the file changes every answer
 * without a restart, and a broken rewrite keeps the previous strategies.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import {
  decodeSamplingStrategyResponse,
  encodeSamplingStrategyParameters,
} from '../../src/sampling/testing/sampling-api-v2-schema.js';
import { jaegerClient, type OtTracer } from '../../src/translate/jaeger-thrift/testing/jaeger-client-capture.js';
import { startServer, type ServerProcess } from './server-process.js';

const STRATEGIES = {
  default_strategy: { type: 'probabilistic', param: 0 },
  service_strategies: [
    { service: 'always', type: 'probabilistic', param: 1 },
    { service: 'never', type: 'probabilistic', param: 0 },
    { service: 'limited', type: 'ratelimiting', param: 3 },
    {
      service: 'per-op',
      type: 'probabilistic',
      param: 0,
      operation_strategies: [{ operation: 'checkout', type: 'probabilistic', param: 1 }],
    },
  ],
};

const quietLogger = { info() {}, error() {} };
const dir = mkdtempSync(join(tmpdir(), 'ariadne-sampling-e2e-'));
const strategiesPath = join(dir, 'strategies.json');
let server: ServerProcess;
let grpc: Client;
const tracers: OtTracer[] = [];

/** The parts of jaeger-client's tracer and span the assertions read (its sampler is internal state). */
interface SampledTracer extends OtTracer {
  _sampler: { _sampler: { toString(): string } };
}
interface SampledSpan {
  context(): { isSampled(): boolean };
  finish(): void;
}

/** A jaeger-client tracer whose sampler is remote, polling the server's 5778 every 100 ms, reporting to 14268. */
function remoteSampledTracer(serviceName: string, initialProbability: number): SampledTracer {
  const tracer = jaegerClient.initTracer(
    {
      serviceName,
      sampler: { type: 'remote', param: initialProbability, hostPort: `127.0.0.1:${server.ports.sampling}`, refreshIntervalMs: 100 },
      reporter: { collectorEndpoint: `http://127.0.0.1:${server.ports.jaegerHttp}/api/traces`, flushIntervalMs: 100 },
    },
    { logger: quietLogger },
  ) as SampledTracer;
  tracers.push(tracer);
  return tracer;
}

function sampled(tracer: OtTracer, operation: string): boolean {
  const span = tracer.startSpan(operation) as unknown as SampledSpan;
  const decision = span.context().isSampled();
  span.finish();
  return decision;
}

async function eventually<T>(what: string, probe: () => Promise<T> | T, done: (v: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function httpStrategy(url: string): Promise<unknown> {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  assert.equal(res.headers.get('content-type'), 'application/json');
  return res.json();
}

const samplingUrl = (service: string) => `http://127.0.0.1:${server.ports.sampling}/sampling?service=${service}`;
const collectorUrl = (service: string) => `http://127.0.0.1:${server.ports.jaegerHttp}/api/sampling?service=${service}`;

function grpcStrategy(service: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    grpc.makeUnaryRequest(
      '/jaeger.api_v2.SamplingManager/GetSamplingStrategy',
      (b: Buffer) => b,
      (b: Buffer) => b,
      Buffer.from(encodeSamplingStrategyParameters(service)),
      new Metadata(),
      {},
      (err: ServiceError | null, response?: Buffer) => (err ? reject(err) : resolve(decodeSamplingStrategyResponse(response!))),
    );
  });
}

async function metric(name: string, label: string): Promise<number> {
  const text = await (await fetch(`${server.adminUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(label));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('remote sampling against the built server', () => {
  before(async () => {
    writeFileSync(strategiesPath, JSON.stringify(STRATEGIES));
    server = await startServer({ args: ['--storage', 'memory', '--sampling.strategies-file', strategiesPath] });
    grpc = new Client(`127.0.0.1:${server.ports.jaegerGrpc}`, credentials.createInsecure());
  });
  after(async () => {
    await Promise.all(tracers.map((t) => new Promise<void>((r) => t.close(r))));
    grpc?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("jaeger-client's remote sampler adopts each service's strategy and the sampled spans reach storage", async () => {
    const always = remoteSampledTracer('always', 0);
    const never = remoteSampledTracer('never', 1);
    const limited = remoteSampledTracer('limited', 0);
    const perOp = remoteSampledTracer('per-op', 0);
    await eventually('always sampler', () => always._sampler._sampler.toString(), (s) => s === 'ProbabilisticSampler(samplingRate=1)');
    await eventually('never sampler', () => never._sampler._sampler.toString(), (s) => s === 'ProbabilisticSampler(samplingRate=0)');
    await eventually('limited sampler', () => limited._sampler._sampler.toString(), (s) => s === 'RateLimitingSampler(maxTracesPerSecond=3)');
    await eventually('per-op sampler', () => perOp._sampler._sampler.toString(), (s) => s.startsWith('PerOperationSampler('));

    for (let i = 0; i < 20; i++) {
      assert.equal(sampled(always, `op-${i}`), true);
      assert.equal(sampled(never, `op-${i}`), false);
    }
    assert.equal(sampled(perOp, 'checkout'), true);
    assert.equal(sampled(perOp, 'browse'), false);

    // What the decisions mean downstream: the 20 sampled traces are stored, the unsampled service never appears.
    const stored = await eventually(
      'stored traces of "always"',
      async () => {
        const res = await fetch(`${server.queryUrl}/api/traces?service=always&limit=100&lookback=1h`);
        return ((await res.json()) as { data: unknown[] }).data.length;
      },
      (n) => n >= 20,
    );
    assert.equal(stored, 20);
    const services = (await (await fetch(`${server.queryUrl}/api/services`)).json()) as { data: string[] };
    assert.ok(!services.data.includes('never'), JSON.stringify(services.data));
  });

  test('5778 /sampling, 14268 /api/sampling and gRPC GetSamplingStrategy on 14250 give the same strategy', async () => {
    const expected = {
      strategyType: 'PROBABILISTIC',
      probabilisticSampling: { samplingRate: 0 },
      operationSampling: {
        defaultSamplingProbability: 0,
        defaultLowerBoundTracesPerSecond: 0,
        perOperationStrategies: [{ operation: 'checkout', probabilisticSampling: { samplingRate: 1 } }],
        defaultUpperBoundTracesPerSecond: 0,
      },
    };
    assert.deepEqual(await httpStrategy(samplingUrl('per-op')), expected);
    assert.deepEqual(await httpStrategy(collectorUrl('per-op')), expected);
    assert.deepEqual(await grpcStrategy('per-op'), expected);
    const limited = { strategyType: 'RATE_LIMITING', rateLimitingSampling: { maxTracesPerSecond: 3 } };
    assert.deepEqual(await httpStrategy(collectorUrl('limited')), limited);
    assert.deepEqual(await grpcStrategy('limited'), limited);
    // Jaeger's legacy endpoint: integer enum codes.
    assert.deepEqual(await httpStrategy(`http://127.0.0.1:${server.ports.sampling}/?service=limited`), { ...limited, strategyType: 1 });
    const missing = await fetch(`http://127.0.0.1:${server.ports.jaegerHttp}/api/sampling`);
    assert.equal(missing.status, 400);
    assert.equal(await missing.text(), "'service' parameter must be provided once\n");
  });

  test('rewriting the file changes every answer without a restart; a broken rewrite keeps the previous strategies', async () => {
    const tracer = remoteSampledTracer('flip', 0);
    await eventually('initial default', () => tracer._sampler._sampler.toString(), (s) => s === 'ProbabilisticSampler(samplingRate=0)');
    assert.equal(sampled(tracer, 'op'), false);

    const rewritten = {
      ...STRATEGIES,
      service_strategies: [...STRATEGIES.service_strategies, { service: 'flip', type: 'probabilistic', param: 1 }],
    };
    writeFileSync(strategiesPath, JSON.stringify(rewritten));
    const flipped = { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 1 } };
    // The file is watched: the change is served well before the 30 s poll.
    await eventually('5778 after the rewrite', () => httpStrategy(samplingUrl('flip')), (s) => JSON.stringify(s) === JSON.stringify(flipped), 3_000);
    assert.deepEqual(await httpStrategy(collectorUrl('flip')), flipped);
    assert.deepEqual(await grpcStrategy('flip'), flipped);
    await eventually('jaeger-client after the rewrite', () => tracer._sampler._sampler.toString(), (s) => s === 'ProbabilisticSampler(samplingRate=1)');
    assert.equal(sampled(tracer, 'op'), true);

    const failedBefore = await metric('ariadne_sampling_strategy_reloads_total', 'outcome="failed"');
    writeFileSync(strategiesPath, '{"service_strategies":[{"service":"flip","type":"probabilistic","param":');
    await eventually('failed reload counted', () => metric('ariadne_sampling_strategy_reloads_total', 'outcome="failed"'), (n) => n > failedBefore);
    assert.deepEqual(await httpStrategy(samplingUrl('flip')), flipped);
    assert.deepEqual(await grpcStrategy('flip'), flipped);
    assert.match(server.logs(), /cannot reload sampling strategies; keeping the previous ones/);
    assert.equal(await metric('ariadne_sampling_strategy_reloads_total', 'outcome="ok"'), 2);
  });
});
