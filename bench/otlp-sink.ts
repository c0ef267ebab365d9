/**
 * A minimal OTLP/gRPC collector for the UDP benchmark: an HTTP/2 server answering the unary gRPC call
 * `TraceService/Export`. It counts the `Span` messages in each request by walking the protobuf framing
 * (ExportTraceServiceRequest → ResourceSpans → ScopeSpans → Span; every other field is skipped, nothing is decoded or
 * stored) and answers with an empty ExportTraceServiceResponse (full success) and grpc-status 0.
 *
 * It stands in for a collector so that the forwarding target is never the bottleneck of the agent under test. It is
 * written on node:http2 rather than grpc-js because grpc-js servers keep HTTP/2's 64 KiB flow-control windows: a
 * 500 KB request then needs several window updates from the server's event loop, and on a shared 2-core machine the
 * sink's scheduling delay, not the agent, set the pace (measured: 300–600 ms per 1000-span request). Here the stream
 * and connection windows are 16 MiB.
 *
 * Run as a child process (`fork`): it sends `{ port }` once listening, and answers `'stats'` messages with
 * `{ spans, requests, bytes, cpuSeconds }`.
 */
import { constants, createServer, type ServerHttp2Stream } from 'node:http2';

const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const WINDOW = 16 * 1024 * 1024;
/** One gRPC message frame: not compressed, length 0 (an empty ExportTraceServiceResponse). */
const EMPTY_RESPONSE = Buffer.alloc(5);

let spans = 0;
let requests = 0;
let bytes = 0;

/** Reads a varint at `pos`; returns [value, next position]. Values above 2^32 are not expected in the framing we walk. */
function varint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    if (b === undefined) throw new Error('truncated varint');
    result += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return [result, pos];
    shift += 7;
  }
}

/** Calls `onField(field, start, end)` for each length-delimited field in `buf[start, end)`; skips the others. */
function forEachMessage(buf: Buffer, start: number, end: number, onField: (field: number, s: number, e: number) => void): void {
  let pos = start;
  while (pos < end) {
    const [key, afterKey] = varint(buf, pos);
    pos = afterKey;
    switch (key & 7) {
      case 0:
        pos = varint(buf, pos)[1];
        break;
      case 1:
        pos += 8;
        break;
      case 5:
        pos += 4;
        break;
      case 2: {
        const [len, afterLen] = varint(buf, pos);
        onField(key >>> 3, afterLen, afterLen + len);
        pos = afterLen + len;
        break;
      }
      default:
        throw new Error(`unexpected wire type ${key & 7}`);
    }
  }
}

function countSpans(body: Buffer): number {
  let count = 0;
  forEachMessage(body, 0, body.length, (f1, s1, e1) => {
    if (f1 !== 1) return;
    forEachMessage(body, s1, e1, (f2, s2, e2) => {
      if (f2 !== 2) return;
      forEachMessage(body, s2, e2, (f3) => {
        if (f3 === 2) count++;
      });
    });
  });
  return count;
}

function answer(stream: ServerHttp2Stream, grpcStatus: number, message = ''): void {
  stream.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': String(grpcStatus), ...(message !== '' ? { 'grpc-message': message } : {}) }));
  stream.end(grpcStatus === 0 ? EMPTY_RESPONSE : undefined);
}

const server = createServer({ settings: { initialWindowSize: WINDOW, maxFrameSize: 1 << 20 } });
server.on('session', (session) => session.setLocalWindowSize(WINDOW));
server.on('stream', (stream, headers) => {
  if (headers[constants.HTTP2_HEADER_PATH] !== EXPORT_PATH) {
    answer(stream, 12, 'only TraceService/Export is served'); // UNIMPLEMENTED
    return;
  }
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => {
    const body = Buffer.concat(chunks);
    // gRPC framing: 1 byte compressed flag, 4 bytes big-endian length, the message.
    if (body.length < 5 || body[0] !== 0) {
      answer(stream, 3, 'expected one uncompressed gRPC message'); // INVALID_ARGUMENT
      return;
    }
    requests++;
    bytes += body.length;
    spans += countSpans(body.subarray(5, 5 + body.readUInt32BE(1)));
    answer(stream, 0);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.send!({ port: typeof address === 'object' && address !== null ? address.port : 0 });
});
process.on('message', (m) => {
  if (m !== 'stats') return;
  const cpu = process.cpuUsage();
  process.send!({ spans, requests, bytes, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
});
process.on('disconnect', () => server.close());
