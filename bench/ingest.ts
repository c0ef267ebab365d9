/**
 * `npm run bench:ingest`: OTLP/protobuf ingest throughput of the all-in-one server against a decode-only endpoint,
 * measured in the same run on the same machine.
 *
 * Each request carries 512 realistic spans (10 attributes and one event per span, 8 spans per trace) with fresh trace
 * ids. This load generator runs on CPU 0 and the servers on CPU 1, or on both CPUs (see --server-cpus), when `taskset`
 * exists.
 * Both servers run side by side and the load alternates between them in 1 s windows (the ratio then compares them
 * under the same machine conditions). The all-in-one's window lasts until storage has saved what it acknowledged, so
 * its figure is durable spans per second (and per CPU-second, the saving included), not spans queued. After the run
 * it checks that storage saved every acknowledged span and reports any difference as loss.
 *
 * Flags: --seconds N (per target, default 10), --connections N (default 8), --storage TYPE (default memory),
 * --phase steady|filling (memory store only; default steady: the all-in-one runs with its default trace bound and the
 * warm-up fills the store to it, so the measured windows see what a long-running server does, evicting the oldest
 * trace for every new one; filling: a bound the run never reaches, so every span lands in memory never used before),
 * --server-cpus one|all (`one`: each server pinned to CPU 1; `all`: the servers may use both cores, as a real
 * deployment would; default `all` for the embedded store, which encodes pages on worker threads, else `one`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { encodeOtlpProtobuf } from '../src/translate/otlp/index.js';
import { freePort, startServer } from '../test/e2e/server-process.js';
import { percentile, runHttpLoad, type LoadResult } from './http-load.js';
import { createRealisticOtlpRequest } from './otlp-payload.js';

const SPANS_PER_REQUEST = 512;
/** Length of one measured window; the load alternates between the two servers window by window. */
const WINDOW_MS = 1000;
const PAYLOADS = 16;

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const seconds = Number(flag('seconds', '10'));
const connections = Number(flag('connections', '8'));
const storage = flag('storage', 'memory');
const serverCpus = flag('server-cpus', storage === 'embedded' ? 'all' : 'one');
if (serverCpus !== 'one' && serverCpus !== 'all') throw new Error(`--server-cpus must be one or all, got ${serverCpus}`);
const phase = flag('phase', 'steady');
if (phase !== 'steady' && phase !== 'filling') throw new Error(`--phase must be steady or filling, got ${phase}`);
/** Whether the warm-up fills the memory store up to its trace bound. */
const fillToBound = storage === 'memory' && phase === 'steady';
const pin = existsSync('/usr/bin/taskset') && cpus().length >= 2;
const pinServer = pin && serverCpus === 'one';
// Set explicitly either way: a child inherits this process's affinity, which is CPU 0 once the line below has run.
const serverWrapper = pin ? ['taskset', '-c', pinServer ? '1' : '0,1'] : [];
if (pin) spawn('taskset', ['-cp', '0', String(process.pid)], { stdio: 'ignore' });

/** Encoded requests plus the byte offsets of every trace id in them, so each send can stamp fresh ids cheaply. */
function preparePayloads(): Array<{ bytes: Buffer; traceIdOffsets: number[] }> {
  const out = [];
  for (let p = 0; p < PAYLOADS; p++) {
    const batch = createRealisticOtlpRequest(SPANS_PER_REQUEST, p + 1);
    const bytes = Buffer.from(encodeOtlpProtobuf(batch));
    const ids = new Set<string>();
    for (const rs of batch.resourceSpans) for (const ss of rs.scopeSpans) for (const s of ss.spans) ids.add(s.traceId);
    const traceIdOffsets: number[] = [];
    for (const id of ids) {
      const needle = Buffer.from(id, 'hex');
      for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 16)) traceIdOffsets.push(at);
    }
    out.push({ bytes, traceIdOffsets });
  }
  return out;
}

const payloads = preparePayloads();
let sent = 0;
function nextBody(): Buffer {
  const p = payloads[sent % PAYLOADS]!;
  const body = Buffer.from(p.bytes);
  // Stamp a per-request counter into the first 4 bytes of every trace id: fresh traces, same size and shape.
  const stamp = (sent++ / PAYLOADS) | 0;
  for (const at of p.traceIdOffsets) body.writeUInt32BE(stamp >>> 0, at);
  return body;
}

interface Measured {
  load: LoadResult;
  /** CPU seconds the server process used during the measured windows. */
  cpuSeconds: number;
}

function report(name: string, m: Measured): { rate: number; perCpu: number } {
  const r = m.load;
  const rate = r.acknowledgedSpans / r.seconds;
  const perCpu = r.acknowledgedSpans / m.cpuSeconds;
  console.log(
    `${name.padEnd(28)} ${Math.round(rate).toLocaleString('en-US').padStart(9)} spans/s  ` +
      `${Math.round(perCpu).toLocaleString('en-US').padStart(9)} spans/CPU-s  ` +
      `${(r.requests / r.seconds).toFixed(0).padStart(5)} req/s  p50 ${percentile(r.latenciesMs, 50).toFixed(1)} ms  ` +
      `p99 ${percentile(r.latenciesMs, 99).toFixed(1)} ms  refused ${r.refusedRequests}  failed ${r.failedRequests}`,
  );
  return { rate, perCpu };
}

/** A server under test: where to post, its CPU seconds so far, how to stop it. */
interface Target {
  url: string;
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

async function startDecodeOnly(): Promise<Target> {
  const port = await freePort();
  const script = fileURLToPath(new URL('./decode-only-server.js', import.meta.url));
  const cmd = [...serverWrapper, process.execPath, script, String(port)];
  const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let waiting: (() => void) | undefined;
  child.stdout!.setEncoding('utf8');
  child.stdout!.on('data', (d: string) => {
    lines.push(...d.split('\n').filter((l) => l !== ''));
    waiting?.();
  });
  const nextLine = async (prefix: string): Promise<string> => {
    for (;;) {
      const i = lines.findIndex((l) => l.startsWith(prefix));
      if (i >= 0) return lines.splice(i, 1)[0]!;
      await new Promise<void>((resolve) => (waiting = resolve));
    }
  };
  await nextLine('listening');
  return {
    url: `http://127.0.0.1:${port}/v1/traces`,
    cpuSeconds: async () => {
      child.kill('SIGUSR2');
      return Number((await nextLine('cpu ')).slice(4));
    },
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function metricValue(adminUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function startAllInOne(): Promise<Target & { savedSpans(): Promise<number>; evictedTraces(): Promise<number> }> {
  const bound = storage === 'memory' && phase === 'filling' ? ['--memory.max-traces', '500000'] : [];
  const server = await startServer({
    args: ['--storage', storage, ...bound, '--log-level', 'warn'],
    wrapper: serverWrapper,
  });
  return {
    url: `${server.otlpHttpUrl}/v1/traces`,
    cpuSeconds: () => metricValue(server.adminUrl, 'process_cpu_seconds_total'),
    savedSpans: () => metricValue(server.adminUrl, 'ariadne_pipeline_saved_spans_total'),
    evictedTraces: () => metricValue(server.adminUrl, 'ariadne_storage_evicted_traces_total'),
    stop: async () => {
      await server.stop();
    },
  };
}

/** Totals of several measured windows against one target. */
function addWindow(into: Measured, load: LoadResult, cpuSeconds: number): void {
  const t = into.load;
  t.requests += load.requests;
  t.acknowledgedSpans += load.acknowledgedSpans;
  t.refusedRequests += load.refusedRequests;
  t.failedRequests += load.failedRequests;
  t.seconds += load.seconds;
  for (const l of load.latenciesMs) t.latenciesMs.push(l);
  into.cpuSeconds += cpuSeconds;
}

const emptyMeasure = (): Measured => ({
  load: { requests: 0, acknowledgedSpans: 0, refusedRequests: 0, failedRequests: 0, seconds: 0, latenciesMs: [] },
  cpuSeconds: 0,
});

/** Resolves once the all-in-one's storage has saved at least `spans` spans (polled every 5 ms). */
async function untilSaved(spans: number): Promise<void> {
  while ((await serverTarget.savedSpans()) < spans) await new Promise((r) => setTimeout(r, 5));
}

/**
 * One window of load. With `savedBefore` (the all-in-one: spans acknowledged before this window), the window lasts
 * until storage has saved those and this window's: acknowledged spans may still wait in the collector's queue when
 * the load stops, and the figure is the rate at which spans become durable, their time and CPU included.
 */
async function window(target: Target, durationMs: number, savedBefore?: number): Promise<{ load: LoadResult; cpuSeconds: number }> {
  const before = await target.cpuSeconds();
  const started = performance.now();
  const load = await runHttpLoad({ url: target.url, connections, durationMs, spansPerBody: SPANS_PER_REQUEST, contentType: 'application/x-protobuf', nextBody });
  if (savedBefore !== undefined) {
    await untilSaved(savedBefore + load.acknowledgedSpans);
    load.seconds = (performance.now() - started) / 1000;
  }
  return { load, cpuSeconds: (await target.cpuSeconds()) - before };
}

console.log(`bench:ingest — ${storage} store${storage === 'memory' ? ` (${phase})` : ''}, ${SPANS_PER_REQUEST} spans/request, ${connections} connections, ${seconds} s per target in ` +
  `${WINDOW_MS / 1000} s windows taken in turn, ` +
  `${pinServer ? 'servers on CPU 1, load on CPU 0' : pin ? 'servers on both CPUs, load on CPU 0' : 'unpinned'}; ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}`);
// Both servers run side by side and the load alternates between them in short windows, so that a slower or faster
// stretch of a shared machine falls on both alike: the ratio is the steadier figure (each window pair gives one too).
const decodeOnlyTarget = await startDecodeOnly();
const serverTarget = await startAllInOne();
let acked = 0;
for (const t of [decodeOnlyTarget, serverTarget]) {
  const warm = await runHttpLoad({ url: t.url, connections, durationMs: 1500, spansPerBody: SPANS_PER_REQUEST, contentType: 'application/x-protobuf', nextBody });
  if (t === serverTarget) acked += warm.acknowledgedSpans;
}
if (fillToBound) {
  // Until the store evicts: from then on every new trace replaces the oldest, as in a server that has run a while.
  const started = Date.now();
  while ((await serverTarget.evictedTraces()) === 0) {
    const fill = await runHttpLoad({ url: serverTarget.url, connections, durationMs: 1000, spansPerBody: SPANS_PER_REQUEST, contentType: 'application/x-protobuf', nextBody });
    acked += fill.acknowledgedSpans;
  }
  console.log(`store filled to its trace bound in ${((Date.now() - started) / 1000).toFixed(1)} s (${acked} spans)`);
}
// The measured windows start with nothing of the warm-up still waiting to be saved.
await untilSaved(acked);
const decodeOnly = emptyMeasure();
const server = emptyMeasure();
const pairRatios: number[] = [];
const windows = Math.max(1, Math.round((seconds * 1000) / WINDOW_MS));
for (let i = 0; i < windows; i++) {
  const d = await window(decodeOnlyTarget, WINDOW_MS);
  const s = await window(serverTarget, WINDOW_MS, acked);
  addWindow(decodeOnly, d.load, d.cpuSeconds);
  addWindow(server, s.load, s.cpuSeconds);
  acked += s.load.acknowledgedSpans;
  pairRatios.push(s.load.acknowledgedSpans / s.cpuSeconds / (d.load.acknowledgedSpans / d.cpuSeconds));
}
await decodeOnlyTarget.stop();
const decode = report('decode-only endpoint', decodeOnly);
const full = report(`all-in-one (${storage} store)`, server);
pairRatios.sort((a, b) => a - b);
console.log(
  `ratio server / decode-only: ${(full.rate / decode.rate).toFixed(2)} (wall), ` +
    `${(full.perCpu / decode.perCpu).toFixed(2)} (per CPU-second, robust to other load on the machine); ` +
    `per window pair: median ${percentile(pairRatios, 50).toFixed(2)}, range ${pairRatios[0]!.toFixed(2)}–${pairRatios[pairRatios.length - 1]!.toFixed(2)}`,
);
let saved = 0;
for (let i = 0; i < 300; i++) {
  saved = await serverTarget.savedSpans();
  if (saved >= acked) break;
  await new Promise((r) => setTimeout(r, 100));
}
await serverTarget.stop();
console.log(`acknowledged ${acked} spans, storage saved ${saved}: ${saved === acked ? 'nothing lost' : `LOST ${acked - saved}`}`);
process.exit(saved === acked ? 0 : 1);
