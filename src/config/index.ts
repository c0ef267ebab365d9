export { loadConfig, substituteEnv } from './load.js';
export type { ConfigInput, ConfigResult } from './load.js';
export { configSchema, STORAGE_TYPES } from './schema.js';
export type { AriadneConfig } from './schema.js';
export { ENV_KEYS, FLAG_KEYS } from './sources.js';
export { formatGoDuration, parseGoDuration } from './go-duration.js';
