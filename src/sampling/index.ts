export type {
  OperationSamplingStrategy,
  PerOperationSampling,
  ProbabilisticSampling,
  RateLimitingSampling,
  SamplingStrategyProvider,
  SamplingStrategyResponse,
  SamplingStrategyType,
} from './strategy-provider.js';
export { isSamplingUnavailableError, SamplingUnavailableError } from './strategy-provider.js';
export { createSamplingHttpHandler, SERVICE_PARAMETER_MESSAGE } from './sampling-http-handler.js';
export type { SamplingHttpHandler, SamplingHttpHandlerOptions, SamplingJsonForm } from './sampling-http-handler.js';
export { createSamplingHttpServer, SAMPLING_PATH } from './sampling-http-server.js';
export type { SamplingHttpServerOptions } from './sampling-http-server.js';
export { encodeStrategyLegacyJson, encodeStrategyProtoJson } from './strategy-json.js';
export { parseStrategiesFile } from './strategies-file.js';
export type { StrategiesFile, StrategiesFileParseResult } from './strategies-file.js';
export { buildStrategyTable, defaultStrategyTable, lookupStrategy } from './strategy-table.js';
export type { StrategyTable, StrategyWarning } from './strategy-table.js';
export { createFileStrategyProvider } from './file-strategy-provider.js';
export type { FileStrategyProvider, FileStrategyProviderOptions, ReloadOutcome } from './file-strategy-provider.js';
export { openStrategyProvider } from './open-strategy-provider.js';
export type { OpenedStrategyProvider, StrategySourceSettings } from './open-strategy-provider.js';
export { addSamplingManagerService, JAEGER_SAMPLING_MANAGER_SERVICE } from './sampling-grpc-service.js';
export type { SamplingManagerServiceOptions } from './sampling-grpc-service.js';
export { decodeSamplingStrategyParameters, encodeSamplingStrategyResponse } from './sampling-proto.js';
export { samplingMetrics } from './sampling-metrics.js';
export type { SamplingMetrics, SamplingRequestOutcome } from './sampling-metrics.js';
export { openSampling } from './open-sampling.js';
export type { OpenedSampling, SamplingSettings } from './open-sampling.js';
