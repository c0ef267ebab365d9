export { createLogger, createSilentLogger, LOG_LEVELS } from './logger.js';
export type { Logger, LogLevel } from './logger.js';
export { receiverMetrics } from './receiver-metrics.js';
export type { ReceiverMetrics } from './receiver-metrics.js';
export { boundAddress, createAdminServer, listen } from './admin-server.js';
export type { AdminServer, AdminServerOptions } from './admin-server.js';
