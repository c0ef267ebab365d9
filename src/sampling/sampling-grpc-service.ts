/**
 * gRPC `jaeger.api_v2.SamplingManager/GetSamplingStrategy`, added to the Jaeger collector's gRPC server (14250), where
 * Jaeger v1 served it and the OTel `jaeger_remote` samplers (Java, Go via the collector) ask. Declared by hand with
 * raw-bytes (de)serialisation, like `CollectorService/PostSpans`. Undecodable parameters get INVALID_ARGUMENT; a
 * provider that is temporarily unavailable UNAVAILABLE; any other provider failure INTERNAL.
 */
import { status, type Server, type ServiceDefinition } from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import type { Logger } from '../telemetry/index.js';
import { samplingMetrics, type SamplingRequestOutcome } from './sampling-metrics.js';
import { decodeSamplingStrategyParameters, encodeSamplingStrategyResponse } from './sampling-proto.js';
import { isSamplingUnavailableError, type SamplingStrategyProvider } from './strategy-provider.js';

export const JAEGER_SAMPLING_MANAGER_SERVICE = 'jaeger.api_v2.SamplingManager';

const identity = (b: Buffer): Buffer => b;

const SAMPLING_MANAGER_SERVICE: ServiceDefinition = {
  GetSamplingStrategy: {
    path: `/${JAEGER_SAMPLING_MANAGER_SERVICE}/GetSamplingStrategy`,
    requestStream: false,
    responseStream: false,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  },
};

export interface SamplingManagerServiceOptions {
  provider: SamplingStrategyProvider;
  logger: Logger;
  registry: Registry;
}

type Callback = (err: { code: number; details: string } | null, value?: Buffer) => void;

/** Adds `SamplingManager` to `server` (before it starts). */
export function addSamplingManagerService(server: Server, options: SamplingManagerServiceOptions): void {
  const { provider, logger } = options;
  const metrics = samplingMetrics(options.registry);
  const count = (outcome: SamplingRequestOutcome): void => metrics.requests.inc({ transport: 'grpc', outcome });
  const handler = (call: { request: Buffer }, callback: Callback): void => {
    const service = decodeSamplingStrategyParameters(call.request);
    if (service instanceof Error) {
      count('bad_request');
      callback({ code: status.INVALID_ARGUMENT, details: `cannot decode the SamplingStrategyParameters: ${service.message}` });
      return;
    }
    provider.strategyFor(service).then(
      (strategy) => {
        count('ok');
        callback(null, encodeSamplingStrategyResponse(strategy));
      },
      (err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (isSamplingUnavailableError(err)) {
          count('unavailable');
          callback({ code: status.UNAVAILABLE, details: `sampling strategy temporarily unavailable: ${message}` });
          return;
        }
        count('error');
        logger.error({ err, service }, 'sampling strategy provider failed');
        callback({ code: status.INTERNAL, details: `failed to get the sampling strategy: ${message}` });
      },
    );
  };
  server.addService(SAMPLING_MANAGER_SERVICE, { GetSamplingStrategy: handler });
}
