import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, credentials, Metadata, Server, ServerCredentials, status, type ServiceError } from '@grpc/grpc-js';
import { Registry } from 'prom-client';
import { createSilentLogger } from '../telemetry/index.js';
import { addSamplingManagerService, JAEGER_SAMPLING_MANAGER_SERVICE } from './sampling-grpc-service.js';
import { SamplingUnavailableError } from './strategy-provider.js';
import { defaultStrategyTable, lookupStrategy } from './strategy-table.js';
import { decodeSamplingStrategyResponse, encodeSamplingStrategyParameters } from './testing/sampling-api-v2-schema.js';

describe('gRPC SamplingManager/GetSamplingStrategy', () => {
  const registry = new Registry();
  const table = defaultStrategyTable(0.25);
  const server = new Server();
  let client: Client;
  before(async () => {
    addSamplingManagerService(server, {
      provider: {
        strategyFor: async (service) => {
          if (service === 'upstream-down') throw new SamplingUnavailableError('collector unreachable');
          if (service === 'broken') throw new Error('boom');
          return lookupStrategy(table, service);
        },
      },
      logger: createSilentLogger(),
      registry,
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    client = new Client(`127.0.0.1:${port}`, credentials.createInsecure());
  });
  after(() => {
    client.close();
    server.forceShutdown();
  });

  function call(body: Uint8Array): Promise<{ err: ServiceError | null; response?: Buffer }> {
    return new Promise((resolve) => {
      client.makeUnaryRequest(
        `/${JAEGER_SAMPLING_MANAGER_SERVICE}/GetSamplingStrategy`,
        (b: Buffer) => b,
        (b: Buffer) => b,
        Buffer.from(body),
        new Metadata(),
        {},
        (err, response) => resolve({ err, response }),
      );
    });
  }

  test('answers the strategy for the requested service', async () => {
    const { err, response } = await call(encodeSamplingStrategyParameters('checkout'));
    assert.equal(err, null);
    assert.deepEqual(decodeSamplingStrategyResponse(response!), { strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.25 } });
  });

  test('undecodable parameters are INVALID_ARGUMENT', async () => {
    const { err } = await call(Uint8Array.of(0x0a, 0x05, 0x61));
    assert.equal(err?.code, status.INVALID_ARGUMENT);
    assert.match(err.details, /cannot decode the SamplingStrategyParameters: truncated/);
  });

  test('an unavailable provider is UNAVAILABLE, a failing one INTERNAL; both are counted', async () => {
    const down = await call(encodeSamplingStrategyParameters('upstream-down'));
    assert.equal(down.err?.code, status.UNAVAILABLE);
    assert.match(down.err.details, /collector unreachable/);
    const broken = await call(encodeSamplingStrategyParameters('broken'));
    assert.equal(broken.err?.code, status.INTERNAL);
    const metric = await registry.getSingleMetric('ariadne_sampling_requests_total')!.get();
    const outcomes = Object.fromEntries(metric.values.map((v) => [v.labels['outcome'], v.value]));
    assert.deepEqual(outcomes, { ok: 1, bad_request: 1, unavailable: 1, error: 1 });
  });
});
