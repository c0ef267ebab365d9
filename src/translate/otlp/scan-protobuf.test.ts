/** The JavaScript scan keeps its contract with the decoder (scan-contract.ts). */
import { describeScanContract } from './scan-contract.js';
import { scanOtlpProtobuf } from './scan-protobuf.js';

describeScanContract('OTLP/protobuf scan', scanOtlpProtobuf);
