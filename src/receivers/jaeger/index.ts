export { createJaegerThriftHttpReceiver, JAEGER_TRACES_PATH } from './thrift-http-receiver.js';
export type { JaegerThriftHttpReceiverOptions } from './thrift-http-receiver.js';
export { createJaegerUdpReceiver, MAX_DATAGRAM_BYTES } from './udp-receiver.js';
export type { AgentProtocol, DatagramDecodeResult, JaegerUdpReceiverOptions } from './udp-receiver.js';
export { createJaegerGrpcReceiver, JAEGER_COLLECTOR_SERVICE } from './grpc-receiver.js';
export type { JaegerGrpcReceiverOptions } from './grpc-receiver.js';
