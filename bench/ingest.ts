/**
 * `npm run bench:ingest`: OTLP/protobuf ingest throughput of the all-in-one server against a decode-only endpoint,
 * measured in the same run on the same machine.
 *
 * Each request carries 512 realistic spans (10 attributes and one event per span, 8 spans per trace) with fresh trace
 * ids. The server under test is pinned to CPU 1 and this load generator runs on CPU 0 (when `taskset` exists).
 * After the run it waits until storage has saved every acknowledged span and reports any difference as loss.
 *
 * Flags: --seconds N (per target, default 10), --connections N (default 8), --storage TYPE (default memory),
 * --server-cpus one|all (default one: each server pinned to CPU 1; `all` lets the servers use both cores, as a real
 * deployment would, for stores that work on more than one thread, e.g. the embedded store's compression worker).
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
const PAYLOADS = 16;

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const seconds = Number(flag('seconds', '10'));
const connections = Number(flag('connections', '8'));
const storage = flag('storage', 'memory');
const serverCpus = flag('server-cpus', 'one');
if (serverCpus !== 'one' && serverCpus !== 'all') throw new Error(`--server-cpus must be one or all, got ${serverCpus}`);
const pin = existsSync('/usr/bin/taskset') && cpus().length >= 2;
const pinServer = pin && serverCpus === 'one';
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
  /** CPU seconds the server process used during the measured window. */
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

async function runDecodeOnly(): Promise<Measured> {
  const port = await freePort();
  const script = fileURLToPath(new URL('./decode-only-server.js', import.meta.url));
  const cmd = pinServer ? ['taskset', '-c', '1', process.execPath, script, String(port)] : [process.execPath, script, String(port)];
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
  const cpu = async (): Promise<number> => {
    child.kill('SIGUSR2');
    return Number((await nextLine('cpu ')).slice(4));
  };
  await nextLine('listening');
  const url = `http://127.0.0.1:${port}/v1/traces`;
  await runHttpLoad({ url, connections, durationMs: 1500, spansPerBody: SPANS_PER_REQUEST, contentType: 'application/x-protobuf', nextBody });
  const cpuStart = await cpu();
  const load = await runHttpLoad({ url, connections, durationMs: seconds * 1000, spansPerBody: SPANS_PER_REQUEST, contentType: 'application/x-protobuf', nextBody });
  const cpuSeconds = (await cpu()) - cpuStart;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return { load, cpuSeconds };
}

async function metricValue(adminUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name + ' ') || l.startsWith(name + '{'));
  return line === undefined ? 0 : Number(line.slice(line.lastIndexOf(' ') + 1));
}

async function runServer(): Promise<Measured & { saved: number; acked: number }> {
  const server = await startServer({
    args: ['--storage', storage, '--memory.max-traces', '500000', '--log-level', 'warn'],
    wrapper: pinServer ? ['taskset', '-c', '1'] : [],
  });
  const url = `${server.otlpHttpUrl}/v1/traces`;
  const warm = await runHttpLoad({ url, connections, durationMs: 1500, spansPerBody: SPANS_PER_REQUEST, contentType: 'application/x-protobuf', nextBody });
  const cpuStart = await metricValue(server.adminUrl, 'process_cpu_seconds_total');
  const load = await runHttpLoad({ url, connections, durationMs: seconds * 1000, spansPerBody: SPANS_PER_REQUEST, contentType: 'application/x-protobuf', nextBody });
  const cpuSeconds = (await metricValue(server.adminUrl, 'process_cpu_seconds_total')) - cpuStart;
  const acked = warm.acknowledgedSpans + load.acknowledgedSpans;
  let saved = 0;
  for (let i = 0; i < 300; i++) {
    saved = await metricValue(server.adminUrl, 'ariadne_pipeline_saved_spans_total');
    if (saved >= acked) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await server.stop();
  return { load, cpuSeconds, saved, acked };
}

console.log(`bench:ingest — ${SPANS_PER_REQUEST} spans/request, ${connections} connections, ${seconds} s per target, ` +
  `${pinServer ? 'server on CPU 1, load on CPU 0' : pin ? 'server on both CPUs, load on CPU 0' : 'unpinned'}; ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}`);
const decodeOnly = await runDecodeOnly();
const decode = report('decode-only endpoint', decodeOnly);
const server = await runServer();
const full = report(`all-in-one (${storage} store)`, server);
console.log(
  `ratio server / decode-only: ${(full.rate / decode.rate).toFixed(2)} (wall), ` +
    `${(full.perCpu / decode.perCpu).toFixed(2)} (per CPU-second, robust to other load on the machine)`,
);
console.log(`acknowledged ${server.acked} spans, storage saved ${server.saved}: ${server.saved === server.acked ? 'nothing lost' : `LOST ${server.acked - server.saved}`}`);
process.exit(server.saved === server.acked ? 0 : 1);
