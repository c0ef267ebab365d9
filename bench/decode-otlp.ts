/**
 * Micro-benchmark of `decodeOtlpProtobuf` on realistic 512-span requests (bench/otlp-payload.ts): warms up, then
 * decodes for ~3 s cycling through 16 distinct payloads and prints spans/s and MB/s.
 * Usage: node dist/bench/decode-otlp.js [seconds=3] [spansPerRequest=512]   (pin a core with `taskset -c 1`)
 */
import { decodeOtlpProtobuf, encodeOtlpProtobuf } from '../src/translate/index.js';
import { createRealisticOtlpRequest } from './otlp-payload.js';

const seconds = Number(process.argv[2] ?? '3');
const spansPerRequest = Number(process.argv[3] ?? '512');
const PAYLOADS = 16;

const payloads: Uint8Array[] = [];
for (let i = 0; i < PAYLOADS; i++) payloads.push(encodeOtlpProtobuf(createRealisticOtlpRequest(spansPerRequest, i + 1)));
const totalBytes = payloads.reduce((n, p) => n + p.length, 0);

function run(ms: number): { spans: number; bytes: number; elapsedMs: number } {
  let spans = 0;
  let bytes = 0;
  let i = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    const p = payloads[i++ % PAYLOADS]!;
    const r = decodeOtlpProtobuf(p);
    if (!r.ok) throw new Error(r.error);
    spans += r.spanCount;
    bytes += p.length;
    if ((i & 3) === 0) now = performance.now();
  }
  return { spans, bytes, elapsedMs: performance.now() - start };
}

run(1500);
const { spans, bytes, elapsedMs } = run(seconds * 1000);
const spansPerSecond = (spans / elapsedMs) * 1000;
const mbPerSecond = (bytes / elapsedMs) * 1000 / 1e6;
process.stdout.write(
  `decodeOtlpProtobuf: ${Math.round(spansPerSecond).toLocaleString('en-US')} spans/s, ${mbPerSecond.toFixed(1)} MB/s, ` +
    `${(1e6 / spansPerSecond).toFixed(2)} µs/span (${spansPerRequest} spans/request, ` +
    `${Math.round(totalBytes / PAYLOADS / spansPerRequest)} B/span, ${(elapsedMs / 1000).toFixed(1)} s)\n`,
);
