/**
 * `npm run bench:udp`: sustained Jaeger UDP throughput of the `ariadne agent` role, with loss reported.
 *
 * Three processes: the real agent (`ariadne agent`, compact thrift on its 6831-equivalent port, forwarding over
 * OTLP/gRPC), a load generator sending pre-encoded realistic compact `emitBatch` datagrams (~10 spans each, see
 * jaeger-datagrams.ts) at a steady pace over loopback, and a minimal OTLP/gRPC sink that counts the spans it receives
 * (otlp-sink.ts; it decodes nothing, so the forwarding target is never the bottleneck). With `taskset` on a 2-core
 * machine the agent gets CPU 1 to itself and the load generator and sink share CPU 0.
 *
 * After a warm-up, each offered rate runs for `--seconds`; the bench then waits until the agent has forwarded
 * everything it accepted and reports: offered spans/s, spans received by the agent (decoded from UDP), forwarded
 * (acknowledged by the sink), loss = sent − forwarded (with where it happened: kernel socket buffer, the receiver's
 * packet queue, the agent's span queue), the agent's CPU seconds (from /proc/<pid>/stat) and spans per agent
 * CPU-second, then the highest loss-free rate.
 *
 * Flags: --rates 50000,100000,150000 (spans/s) --seconds 10 --spans-per-datagram 10 --agent-cpus 1 --load-cpus 0
 * --profile DIR (writes the agent's V8 CPU profile there) --agent-node-args "ARGS" (extra node flags for the agent,
 * e.g. "--max-semi-space-size=32") --agent-args "ARGS" (extra agent flags, e.g. "--set agent.workers=1") --cli PATH (another build's dist/src/cli/main.js as the agent, for A/B runs).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, setPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_PATH, freePort, freeUdpPort } from '../test/e2e/server-process.js';
import { createJaegerCompactDatagrams } from './jaeger-datagrams.js';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : fallback;
}

const rates = flag('rates', '50000,100000,150000').split(',').map(Number);
const seconds = Number(flag('seconds', '10'));
const spansPerDatagram = Number(flag('spans-per-datagram', '10'));
const pin = existsSync('/usr/bin/taskset') && cpus().length >= 2;
const agentCpus = flag('agent-cpus', '1');
const loadCpus = flag('load-cpus', '0');
const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat times are in these ticks
const DATAGRAMS = 512;
const profileDir = flag('profile', '');
const cliPath = flag('cli', CLI_PATH);
const agentArgs = flag('agent-args', '').split(' ').filter((a) => a !== '');
const agentNodeArgs = flag('agent-node-args', '').split(' ').filter((a) => a !== '');

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function pinTo(child: ChildProcess, cpuList: string): void {
  if (pin && child.pid !== undefined) spawn('taskset', ['-cp', cpuList, String(child.pid)], { stdio: 'ignore' });
}

/** Sends `message` to a forked child and resolves with its next reply. */
function ask<T>(child: ChildProcess, message: unknown): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as T));
    child.send(message as object);
  });
}

/** user + system CPU seconds of a process, children's threads included. */
function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime (fields 14 and 15 of the full line)
}

/** Datagrams the kernel dropped on the UDP socket bound to `port` (the `drops` column of /proc/net/udp). */
function kernelDrops(port: number): number {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols[1]?.endsWith(`:${hexPort}`)) return Number(cols[cols.length - 1]);
  }
  return 0;
}

/** Sum of every sample of `name` (all label sets) in a Prometheus text exposition. */
function metric(text: string, name: string, labelFilter = ''): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!(line.startsWith(`${name} `) || line.startsWith(`${name}{`)) || !line.includes(labelFilter)) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

interface Snapshot {
  received: number;
  forwarded: number;
  droppedSpans: number;
  queueFullPackets: number;
  badDatagrams: number;
  kernelDrops: number;
  agentCpu: number;
  sinkSpans: number;
  sinkRequests: number;
}

interface Agent {
  child: ChildProcess;
  compactPort: number;
  adminUrl: string;
}

async function startAgent(sinkPort: number): Promise<Agent> {
  const compactPort = await freeUdpPort();
  const adminPort = await freePort();
  const nodeArgs = [...agentNodeArgs, ...(profileDir !== '' ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [])];
  const args = [
    ...nodeArgs,
    cliPath, 'agent',
    '--agent.collectors', `127.0.0.1:${sinkPort}`,
    '--jaeger.thrift-compact.port', String(compactPort),
    '--jaeger.thrift-binary.port', String(await freeUdpPort()),
    '--sampling.http.port', String(await freePort()),
    '--admin.port', String(adminPort),
    '--log-level', 'warn',
    ...agentArgs,
  ];
  const cmd = pin ? ['taskset', '-c', agentCpus, process.execPath, ...args] : [process.execPath, ...args];
  const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', agentNodeArgs.some((a) => a.startsWith('--trace')) ? 'inherit' : 'ignore', 'inherit'] });
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${adminUrl}/ready`)).ok) return { child, compactPort, adminUrl };
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error('the agent did not become ready');
}

async function snapshot(agent: Agent, sink: ChildProcess): Promise<Snapshot> {
  const text = await (await fetch(`${agent.adminUrl}/metrics`)).text();
  const sinkStats = await ask<{ spans: number; requests: number }>(sink, 'stats');
  return {
    received: metric(text, 'ariadne_agent_spans_received_total'),
    forwarded: metric(text, 'ariadne_agent_spans_forwarded_total'),
    droppedSpans: metric(text, 'ariadne_agent_spans_dropped_total'),
    queueFullPackets: metric(text, 'ariadne_receiver_udp_packets_dropped_total', 'protocol="compact"'),
    badDatagrams: metric(text, 'ariadne_receiver_bad_requests_total', 'transport="udp"'),
    kernelDrops: kernelDrops(agent.compactPort),
    agentCpu: cpuSecondsOf(agent.child.pid!),
    sinkSpans: sinkStats.spans,
    sinkRequests: sinkStats.requests,
  };
}

/** Waits until the agent has forwarded (or dropped) everything it received and the sink has seen it. */
async function settle(agent: Agent, sink: ChildProcess): Promise<Snapshot> {
  let last = await snapshot(agent, sink);
  for (let i = 0; i < 100; i++) {
    await sleep(200);
    const now = await snapshot(agent, sink);
    const idle = now.received === last.received && now.forwarded === last.forwarded;
    if (idle && now.forwarded + now.droppedSpans >= now.received && now.sinkSpans >= now.forwarded) return now;
    last = now;
  }
  return last;
}

interface SendResult {
  spans: number;
  seconds: number;
  sendErrors: number;
  skipped: number;
}

interface Row {
  target: number;
  offered: number;
  sent: number;
  delta: Snapshot;
  cpuDuringSend: number;
  seconds: number;
  skipped: number;
}

async function measure(agent: Agent, sender: ChildProcess, sink: ChildProcess, target: number, runSeconds: number): Promise<Row> {
  const before = await settle(agent, sink);
  const sent = await ask<SendResult>(sender, { port: agent.compactPort, spansPerSecond: target, seconds: runSeconds, spansPerDatagram });
  const cpuAtEnd = cpuSecondsOf(agent.child.pid!);
  const after = await settle(agent, sink);
  const delta = Object.fromEntries(Object.keys(after).map((k) => [k, after[k as keyof Snapshot] - before[k as keyof Snapshot]])) as unknown as Snapshot;
  return {
    target,
    offered: sent.spans / sent.seconds,
    sent: sent.spans,
    delta,
    cpuDuringSend: cpuAtEnd - before.agentCpu,
    seconds: sent.seconds,
    skipped: sent.skipped,
  };
}

const fmt = (v: number): string => Math.round(v).toLocaleString('en-US');

function report(r: Row): void {
  const d = r.delta;
  const loss = r.sent - d.forwarded;
  const where = [
    d.kernelDrops > 0 ? `${fmt(d.kernelDrops)} datagrams in the socket buffer` : '',
    d.queueFullPackets > 0 ? `${fmt(d.queueFullPackets)} datagrams at the packet queue` : '',
    d.droppedSpans > 0 ? `${fmt(d.droppedSpans)} spans in the agent` : '',
    d.badDatagrams > 0 ? `${fmt(d.badDatagrams)} undecodable datagrams` : '',
  ].filter((x) => x !== '');
  console.log(
    `${fmt(r.target).padStart(8)} ${fmt(r.offered).padStart(9)} ${fmt(r.sent).padStart(10)} ${fmt(d.received).padStart(10)} ` +
      `${fmt(d.forwarded).padStart(10)} ${fmt(d.sinkSpans).padStart(10)} ${`${fmt(loss)} (${((100 * loss) / r.sent).toFixed(2)}%)`.padStart(16)} ` +
      `${d.agentCpu.toFixed(2).padStart(7)} ${((100 * r.cpuDuringSend) / r.seconds).toFixed(0).padStart(5)}% ` +
      `${fmt(d.forwarded / d.agentCpu).padStart(11)} ${fmt(d.sinkSpans / Math.max(1, d.sinkRequests)).padStart(9)}` +
      (where.length > 0 ? `  lost: ${where.join(', ')}` : '') +
      (r.skipped > 0 ? `  (load generator fell behind: ${fmt(r.skipped * spansPerDatagram)} spans not offered)` : ''),
  );
}

const dir = mkdtempSync(join(tmpdir(), 'ariadne-bench-udp-'));
const datagramFile = join(dir, 'datagrams.bin');
const datagrams = createJaegerCompactDatagrams(DATAGRAMS, spansPerDatagram);
writeFileSync(datagramFile, Buffer.concat(datagrams.flatMap((d) => [Buffer.from(Uint32Array.of(d.length).buffer), d])));
const avgBytes = datagrams.reduce((a, d) => a + d.length, 0) / datagrams.length;

const sink = fork(here('./otlp-sink.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const sinkPort = await new Promise<number>((resolve) => sink.once('message', (m) => resolve((m as { port: number }).port)));
pinTo(sink, loadCpus);
const sender = fork(here('./udp-sender.js'), [datagramFile], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
pinTo(sender, loadCpus);
// The load generator and the sink run ahead of the agent in the scheduler (when allowed to: root), so that when the
// agent shares their core the offered pace holds and the agent gets what is left, not the other way round.
const prioritized = [sender, sink].every((c) => {
  try {
    setPriority(c.pid!, -5);
    return true;
  } catch {
    return false;
  }
});
const agent = await startAgent(sinkPort);

console.log(
  `bench:udp — ariadne agent, compact thrift, ${spansPerDatagram} spans/datagram (${Math.round(avgBytes)} B avg, ${DATAGRAMS} distinct), ` +
    `${seconds} s per rate; ${pin ? `agent on CPU ${agentCpus}, load generator + OTLP sink on CPU ${loadCpus}` : 'unpinned'}` +
    `${prioritized ? ' (load generator and sink at nice -5)' : ''}; ` +
    `${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, Node ${process.version}, load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)}`,
);
// Warm-up (JIT, connections), not reported.
await measure(agent, sender, sink, Math.min(...rates) / 2, 3);
console.log('  target   offered       sent   received  forwarded    at sink  loss (sent−fwd) CPU-s  CPU% spans/CPU-s spans/req');
let best = 0;
let failures = 0;
for (const target of rates) {
  const row = await measure(agent, sender, sink, target, seconds);
  report(row);
  // Loss-free: everything sent was forwarded. The rate credited is what was actually offered (the load generator may
  // fall short of the target when other work starves it; the row says so).
  if (row.sent - row.delta.forwarded === 0) best = Math.max(best, row.offered);
  else failures++;
}
console.log(best > 0 ? `highest loss-free rate: ${fmt(best)} spans/s offered` : 'no rate was loss-free');

agent.child.kill('SIGTERM');
await new Promise((r) => agent.child.once('exit', r));
sender.kill();
sink.disconnect();
sink.kill();
rmSync(dir, { recursive: true, force: true });
process.exit(failures === 0 ? 0 : 1);
