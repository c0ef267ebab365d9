/**
 * Micro-benchmark of the Jaeger agent datagram decoders on realistic ~10-span `emitBatch` datagrams (what
 * jaeger-client libraries send to UDP 6831/6832): 128-bit trace ids, a parent, `span.kind`, 8 typed tags and one log
 * per span, written with the `thrift` library's compact and binary protocol writers.
 *
 * After a warm-up it alternates 250 ms windows of the compact and the binary decoder for ~`seconds` each, cycling
 * through 16 distinct datagrams, and prints the median spans/s, datagrams/s and MB/s of each, per second of wall time
 * and per second of this process's CPU time (the figure that stays meaningful when other work shares the cores).
 * Usage: node dist/bench/decode-jaeger.js [seconds=3] [spansPerDatagram=10]   (pin a core with `taskset -c 1`)
 */
import { decodeJaegerAgentBinaryDatagram, decodeJaegerAgentCompactDatagram, type JaegerDecodeResult } from '../src/translate/jaeger-thrift/index.js';
import { TagType, encodeEmitBatch, type ThriftBatch, type ThriftSpan } from '../src/translate/jaeger-thrift/testing/jaeger-thrift-writer.js';

const seconds = Number(process.argv[2] ?? '3');
const spansPerDatagram = Number(process.argv[3] ?? '10');
const DATAGRAMS = 16;
const WINDOW_MS = 250;

function realisticBatch(seed: number): ThriftBatch {
  const traceHigh = BigInt(seed) * 0x9e3779b97f4a7c15n & 0x7fffffffffffffffn;
  const traceLow = BigInt(seed + 1) * 0x632be59bd9b4e019n & 0x7fffffffffffffffn;
  const t0 = 1_700_000_000_000_000n + BigInt(seed) * 1000n;
  const spans: ThriftSpan[] = [];
  for (let i = 0; i < spansPerDatagram; i++) {
    spans.push({
      traceIdLow: traceLow,
      traceIdHigh: traceHigh,
      spanId: traceLow ^ BigInt(i + 1),
      parentSpanId: i === 0 ? 0n : traceLow ^ 1n,
      operationName: i === 0 ? 'GET /api/orders/{id}' : `SELECT orders ${i}`,
      flags: 1,
      startTime: t0 + BigInt(i * 150),
      duration: BigInt(1200 - i * 50),
      tags: [
        { key: 'span.kind', vType: TagType.STRING, vStr: i === 0 ? 'server' : 'client' },
        { key: 'component', vType: TagType.STRING, vStr: 'net/http' },
        { key: 'http.method', vType: TagType.STRING, vStr: 'GET' },
        { key: 'http.url', vType: TagType.STRING, vStr: `https://shop.example.com/api/orders/${seed * 100 + i}?expand=items` },
        { key: 'http.status_code', vType: TagType.LONG, vLong: 200n },
        { key: 'db.rows', vType: TagType.LONG, vLong: BigInt(i * 7) },
        { key: 'cache.hit', vType: TagType.BOOL, vBool: i % 2 === 0 },
        { key: 'sample.ratio', vType: TagType.DOUBLE, vDouble: 0.25 },
      ],
      logs: [
        {
          timestamp: t0 + BigInt(i * 150 + 20),
          fields: [
            { key: 'event', vType: TagType.STRING, vStr: 'cache.lookup' },
            { key: 'key', vType: TagType.STRING, vStr: `order:${seed}:${i}` },
          ],
        },
      ],
    });
  }
  return {
    process: {
      serviceName: 'order-service',
      tags: [
        { key: 'jaeger.version', vType: TagType.STRING, vStr: 'Go-2.30.0' },
        { key: 'hostname', vType: TagType.STRING, vStr: 'order-7d9f8b6c5-x2k4p' },
        { key: 'ip', vType: TagType.STRING, vStr: '10.42.3.17' },
      ],
    },
    spans,
  };
}

const batches = Array.from({ length: DATAGRAMS }, (_, i) => realisticBatch(i + 1));
const inputs = {
  compact: batches.map((b) => encodeEmitBatch(b, 'compact')),
  binary: batches.map((b) => encodeEmitBatch(b, 'binary')),
};
const decoders: Record<keyof typeof inputs, (d: Uint8Array) => JaegerDecodeResult> = {
  compact: decodeJaegerAgentCompactDatagram,
  binary: decodeJaegerAgentBinaryDatagram,
};

for (const [name, list] of Object.entries(inputs)) {
  const r = decoders[name as keyof typeof inputs](list[0]!);
  if (!r.ok || r.spanCount !== spansPerDatagram) throw new Error(`${name}: ${JSON.stringify(r.ok ? r.rejectionMessage : r.error)}`);
}

/** Decodes datagrams for `ms` of wall time and returns [datagrams, bytes, CPU seconds used]. */
function runWindow(name: keyof typeof inputs, ms: number): [number, number, number] {
  const cpu = process.cpuUsage();
  const list = inputs[name];
  const decode = decoders[name];
  const end = performance.now() + ms;
  let n = 0;
  let bytes = 0;
  let sink = 0;
  while (performance.now() < end) {
    for (let k = 0; k < 16; k++) {
      const d = list[(n + k) % DATAGRAMS]!;
      const r = decode(d);
      if (r.ok) sink += r.spanCount;
      bytes += d.length;
    }
    n += 16;
  }
  if (sink === 0) throw new Error('nothing decoded');
  const used = process.cpuUsage(cpu);
  return [n, bytes, (used.user + used.system) / 1e6];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

runWindow('compact', 1000);
runWindow('binary', 1000);
const rates: Record<string, { datagrams: number[]; bytes: number[]; perCpu: number[] }> = {
  compact: { datagrams: [], bytes: [], perCpu: [] },
  binary: { datagrams: [], bytes: [], perCpu: [] },
};
const windows = Math.max(1, Math.round((seconds * 1000) / WINDOW_MS));
for (let w = 0; w < windows; w++) {
  for (const name of ['compact', 'binary'] as const) {
    const [n, bytes, cpuSeconds] = runWindow(name, WINDOW_MS);
    rates[name]!.datagrams.push(n / (WINDOW_MS / 1000));
    rates[name]!.bytes.push(bytes / (WINDOW_MS / 1000));
    rates[name]!.perCpu.push(n / cpuSeconds);
  }
}

const avgSize = (name: keyof typeof inputs): number => inputs[name].reduce((a, d) => a + d.length, 0) / DATAGRAMS;
console.log(`bench:decode-jaeger — ${spansPerDatagram} spans/datagram, ${windows} × ${WINDOW_MS} ms windows per decoder, Node ${process.version}`);
for (const name of ['compact', 'binary'] as const) {
  const dps = median(rates[name]!.datagrams);
  const perCpu = median(rates[name]!.perCpu);
  const fmt = (v: number): string => Math.round(v).toLocaleString('en-US').padStart(10);
  console.log(
    `${`${name} (${Math.round(avgSize(name))} B/datagram)`.padEnd(32)} wall: ${fmt(dps * spansPerDatagram)} spans/s ` +
      `${fmt(dps)} datagrams/s ${(median(rates[name]!.bytes) / 1e6).toFixed(1).padStart(6)} MB/s | ` +
      `CPU: ${fmt(perCpu * spansPerDatagram)} spans/s ${(1e6 / perCpu).toFixed(1).padStart(6)} µs/datagram`,
  );
}
