export type { OtlpDecodeResult } from './decode-result.js';
export { decodeOtlpJson } from './decode-json.js';
