/**
 * The standard gRPC health check (`grpc.health.v1.Health/Check`), so that Kubernetes gRPC probes and
 * `grpc-health-probe` work against the OTLP gRPC port. `Watch` is not offered (grpc-js answers UNIMPLEMENTED).
 *
 *   HealthCheckRequest  { string service = 1; }
 *   HealthCheckResponse { ServingStatus status = 1; }   SERVING = 1, NOT_SERVING = 2
 */
import { status, type ServiceDefinition, type UntypedServiceImplementation } from '@grpc/grpc-js';
import protobuf from 'protobufjs/minimal.js';

const SERVING = Buffer.from([0x08, 0x01]);
const NOT_SERVING = Buffer.from([0x08, 0x02]);

export const HEALTH_SERVICE: ServiceDefinition = {
  Check: {
    path: '/grpc.health.v1.Health/Check',
    requestStream: false,
    responseStream: false,
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  },
};

/**
 * `services` are the names the check answers for besides '' (the whole server); `isServing` turns false while the
 * receiver shuts down so that load balancers stop sending before connections close.
 */
export function createHealthImplementation(services: readonly string[], isServing: () => boolean): UntypedServiceImplementation {
  return {
    Check(call: { request: Buffer }, callback: (err: { code: number; details: string } | null, value?: Buffer) => void) {
      const service = readServiceName(call.request);
      if (service === undefined) {
        callback({ code: status.INVALID_ARGUMENT, details: 'malformed HealthCheckRequest' });
      } else if (service !== '' && !services.includes(service)) {
        callback({ code: status.NOT_FOUND, details: `unknown service ${service}` });
      } else {
        callback(null, isServing() ? SERVING : NOT_SERVING);
      }
    },
  };
}

function readServiceName(buf: Buffer): string | undefined {
  try {
    const reader = protobuf.Reader.create(buf);
    let service = '';
    while (reader.pos < reader.len) {
      const tag = reader.uint32();
      if (tag === 10) service = reader.string();
      else reader.skipType(tag & 7);
    }
    return service;
  } catch {
    return undefined;
  }
}
