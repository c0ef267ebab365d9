export type { OtlpDecodeResult } from './otlp/index.js';
export { decodeOtlpJson } from './otlp/index.js';
