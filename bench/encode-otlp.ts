/**
 * Micro-benchmark of the agent's per-span CPU path: Jaeger compact datagram → model (`decodeJaegerAgentCompactDatagram`)
 * and model → OTLP/protobuf request (`encodeOtlpProtobuf`, what the agent's forwarder sends), on the realistic
 * datagrams of bench:udp (10 spans each, 500 distinct; batches of 1000 spans for encoding, as the agent's pipeline
 * forms them), plus the encoder on the 512-span OTLP requests of bench:ingest, and `transcodeJaegerCompactDatagram`
 * (datagram → OTLP bytes without the model) against decoding and encoding each datagram.
 *
 * Decoding is measured twice: with nothing else alive, and while a rolling window of the last 3,000 decoded spans is
 * kept alive (what the agent's queue and in-flight requests hold). The second shows what the garbage collector adds
 * when spans outlive a young-generation cycle; compare runs with `node --max-semi-space-size=64`.
 *
 * Each phase alternates 250 ms windows of its cases for ~`seconds` per case and prints µs of this process's CPU per
 * span: the median window and the best one (the best is the least disturbed when other work shares the cores).
 * Usage: node dist/bench/encode-otlp.js [seconds=3]   (pin a core with `taskset -c 1`)
 */
import { countSpans, type TraceBatch } from '../src/model/index.js';
import { decodeJaegerAgentCompactDatagram, transcodeJaegerCompactDatagram } from '../src/translate/jaeger-thrift/index.js';
import { encodeOtlpProtobuf } from '../src/translate/otlp/index.js';
import { createJaegerCompactDatagrams } from './jaeger-datagrams.js';
import { createRealisticOtlpRequest } from './otlp-payload.js';

const seconds = Number(process.argv[2] ?? '3');
const WINDOW_MS = 250;

const datagrams = createJaegerCompactDatagrams(500, 10);
const SPANS_PER_DATAGRAM = 10;
const LIVE_DATAGRAMS = 300;

interface Case {
  name: string;
  /** Runs one unit of work and returns the spans it covered. */
  run: (i: number) => number;
  bytesPerSpan: number;
}

function decodeOne(i: number): TraceBatch {
  const r = decodeJaegerAgentCompactDatagram(datagrams[i % datagrams.length]!);
  if (!r.ok) throw new Error(r.error);
  return r.batch;
}

const datagramBytesPerSpan = datagrams.reduce((a, d) => a + d.length, 0) / (datagrams.length * SPANS_PER_DATAGRAM);
const live: TraceBatch[] = [];
const decodeCases: Case[] = [
  {
    name: 'decode Jaeger compact datagram',
    run: (i) => countSpans(decodeOne(i)),
    bytesPerSpan: datagramBytesPerSpan,
  },
  {
    name: 'decode + encode (the agent\'s path today)',
    run: (i) => {
      const batch = decodeOne(i);
      encodeOtlpProtobuf(batch);
      return SPANS_PER_DATAGRAM;
    },
    bytesPerSpan: datagramBytesPerSpan,
  },
  {
    name: 'transcode to OTLP, no model',
    run: (i) => {
      const r = transcodeJaegerCompactDatagram(datagrams[i % datagrams.length]!);
      return r.ok ? r.spanCount : 0;
    },
    bytesPerSpan: datagramBytesPerSpan,
  },
  {
    name: 'decode, 3,000 recent spans kept alive',
    run: (i) => {
      const batch = decodeOne(i);
      live[i % LIVE_DATAGRAMS] = batch;
      return SPANS_PER_DATAGRAM;
    },
    bytesPerSpan: datagramBytesPerSpan,
  },
];

/** µs of CPU per span over one window. */
function window(c: Case, ms: number): number {
  const cpu = process.cpuUsage();
  const end = performance.now() + ms;
  let spans = 0;
  let i = 0;
  while (performance.now() < end) for (let k = 0; k < 8; k++) spans += c.run(i++);
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / spans;
}

function runPhase(cases: Case[]): void {
  for (const c of cases) window(c, 1000);
  const results = cases.map(() => [] as number[]);
  const windows = Math.max(1, Math.round((seconds * 1000) / WINDOW_MS));
  for (let w = 0; w < windows; w++) cases.forEach((c, k) => results[k]!.push(window(c, WINDOW_MS)));
  cases.forEach((c, k) => {
    const sorted = results[k]!.sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(
      `${c.name.padEnd(42)} ${median.toFixed(2).padStart(6)} µs/span median, ${sorted[0]!.toFixed(2).padStart(6)} best ` +
        `(${Math.round(1e6 / median).toLocaleString('en-US').padStart(9)} spans per CPU-second; ${Math.round(c.bytesPerSpan)} B/span)`,
    );
  });
}

console.log(`bench:encode-otlp — 250 ms windows, ~${seconds} s per case, Node ${process.version}`);
runPhase(decodeCases);
live.length = 0;

/** 1000-span batches merged from 100 datagrams each, the way the pipeline merges queued batches. */
const agentBatches: TraceBatch[] = [];
for (let i = 0; i < datagrams.length; i += 100) {
  agentBatches.push({ resourceSpans: datagrams.slice(i, i + 100).flatMap((_, k) => decodeOne(i + k).resourceSpans) });
}
const otlpBatches = Array.from({ length: 8 }, (_, i) => createRealisticOtlpRequest(512, i + 1));
const encodedSize = (batches: TraceBatch[]): number =>
  batches.reduce((a, b) => a + encodeOtlpProtobuf(b).length, 0) / batches.reduce((a, b) => a + countSpans(b), 0);

runPhase([
  {
    name: 'encode OTLP, agent batches (1000 spans)',
    run: (i) => {
      encodeOtlpProtobuf(agentBatches[i % agentBatches.length]!);
      return 1000;
    },
    bytesPerSpan: encodedSize(agentBatches),
  },
  {
    name: 'encode OTLP, bench:ingest requests (512)',
    run: (i) => {
      encodeOtlpProtobuf(otlpBatches[i % otlpBatches.length]!);
      return 512;
    },
    bytesPerSpan: encodedSize(otlpBatches),
  },
]);
