/**
 * The native scan (native/src/request_scan.h) keeps the scan's contract with the decoder, and where it accepts a
 * request its result equals the JavaScript scan's.
 */
import assert from 'node:assert/strict';
import { scanOtlpProtobuf } from '../../translate/otlp/index.js';
import { describeScanContract } from '../../translate/otlp/scan-contract.js';
import { loadNativePages, nativePagesError } from './native-pages.js';

const native = loadNativePages();

describeScanContract(
  'native OTLP/protobuf scan',
  (bytes) => {
    assert.ok(native !== undefined, `the native page encoder did not load (npm run build builds it): ${nativePagesError}`);
    return native.scan(bytes);
  },
  (bytes, scanned) => assert.deepEqual(scanned, scanOtlpProtobuf(bytes), 'the JavaScript scan finds the same'),
);
