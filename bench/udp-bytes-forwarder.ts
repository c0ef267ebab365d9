/**
 * A prototype of a byte-level agent path, for `npm run bench:udp -- --target bytes` only (not part of the product):
 * Jaeger compact datagrams → `transcodeJaegerCompactDatagram` (OTLP/protobuf, no span model) → requests of up to
 * 1000 spans made by concatenating the per-datagram requests (a valid ExportTraceServiceRequest: its only field is
 * repeated) → OTLP/gRPC `TraceService/Export` with grpc-js, at most 2 in flight, as the agent's forwarder sends.
 * It shows what the agent's per-span cost becomes without building the span model; it has no retries, no queue bound
 * other than a drop counter, and no sampling port.
 *
 * Usage: node dist/bench/udp-bytes-forwarder.js <udpPort> <adminPort> <collector host:port>
 * Admin: GET /ready, GET /metrics (the agent's span counters, same names).
 */
import { Client, Metadata, credentials } from '@grpc/grpc-js';
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import { transcodeJaegerCompactDatagram } from '../src/translate/index.js';

const [udpPort, adminPort, collector] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]!];
const EXPORT_PATH = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
const MAX_SPANS = 1000;
const MAX_IN_FLIGHT = 2;
const MAX_QUEUED_SPANS = 50_000;
const identity = (b: Buffer): Buffer => b;

const client = new Client(collector, credentials.createInsecure(), { 'grpc.max_send_message_length': 16 * 1024 * 1024 });
let received = 0;
let forwarded = 0;
let dropped = 0;
let bad = 0;
let queuedSpans = 0;
let inFlight = 0;
const queue: Array<{ bytes: Uint8Array; spans: number }> = [];

function send(): void {
  while (inFlight < MAX_IN_FLIGHT && queue.length > 0) {
    const parts: Uint8Array[] = [];
    let spans = 0;
    while (queue.length > 0 && (parts.length === 0 || spans + queue[0]!.spans <= MAX_SPANS)) {
      const q = queue.shift()!;
      parts.push(q.bytes);
      spans += q.spans;
    }
    queuedSpans -= spans;
    inFlight++;
    client.makeUnaryRequest(EXPORT_PATH, identity, identity, Buffer.concat(parts), new Metadata(), { deadline: Date.now() + 5000 }, (err) => {
      inFlight--;
      if (err) dropped += spans;
      else forwarded += spans;
      send();
    });
  }
}

const socket = createSocket({ type: 'udp4', recvBufferSize: 8 * 1024 * 1024 });
socket.on('message', (msg) => {
  const r = transcodeJaegerCompactDatagram(msg);
  if (!r.ok) {
    bad++;
    return;
  }
  received += r.spanCount;
  if (r.spanCount === 0) return;
  if (queuedSpans + r.spanCount > MAX_QUEUED_SPANS) {
    dropped += r.spanCount;
    return;
  }
  queue.push({ bytes: r.bytes, spans: r.spanCount });
  queuedSpans += r.spanCount;
  send();
});
socket.bind(udpPort, '127.0.0.1');

createServer((req, res) => {
  if (req.url === '/ready') return void res.end('ready');
  res.end(
    `ariadne_agent_spans_received_total ${received}\nariadne_agent_spans_forwarded_total ${forwarded}\n` +
      `ariadne_agent_spans_dropped_total{reason="queue_full"} ${dropped}\nariadne_receiver_bad_requests_total{transport="udp"} ${bad}\n`,
  );
}).listen(adminPort, '127.0.0.1');
process.on('SIGTERM', () => process.exit(0));
