/**
 * The load generator of the UDP benchmark, run as a child process (`fork`) so it has its own event loop and core.
 * Reads length-prefixed datagrams from the file given as argv[2] and, for each `{ port, spansPerSecond, seconds,
 * spansPerDatagram }` message, sends them round-robin to 127.0.0.1:port at a steady pace: every millisecond tick it
 * sends what the schedule says is due (capped at 5 ms' worth, so a stall is not made up by a burst). Answers with
 * `{ datagrams, spans, seconds, sendErrors, skipped }` measured over the run (send errors are not counted as sent).
 */
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';

interface Run {
  port: number;
  spansPerSecond: number;
  seconds: number;
  spansPerDatagram: number;
}

const file = readFileSync(process.argv[2]!);
const datagrams: Buffer[] = [];
for (let at = 0; at < file.length; ) {
  const n = file.readUInt32LE(at);
  datagrams.push(file.subarray(at + 4, at + 4 + n));
  at += 4 + n;
}

let sendErrors = 0;
const sockets = new Map<number, ReturnType<typeof createSocket>>();

async function socketFor(port: number): Promise<ReturnType<typeof createSocket>> {
  let s = sockets.get(port);
  if (s !== undefined) return s;
  s = createSocket({ type: 'udp4', sendBufferSize: 4 * 1024 * 1024 });
  s.on('error', () => sendErrors++);
  await new Promise<void>((resolve) => s!.connect(port, '127.0.0.1', resolve));
  sockets.set(port, s);
  return s;
}

async function run(r: Run): Promise<void> {
  const socket = await socketFor(r.port);
  const perMs = r.spansPerSecond / r.spansPerDatagram / 1000;
  const maxBurst = Math.max(1, Math.ceil(perMs * 5));
  const errorsBefore = sendErrors;
  let scheduled = 0; // slots of the schedule passed (sent or skipped)
  let sent = 0;
  let next = 0;
  const t0 = performance.now();
  const end = t0 + r.seconds * 1000;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      const due = Math.floor((Math.min(now, end) - t0) * perMs);
      // Behind schedule (this process was starved): skip the missed slots rather than burst.
      if (due - scheduled > maxBurst) scheduled = due - maxBurst;
      for (; scheduled < due; scheduled++) {
        socket.send(datagrams[next]!);
        next = (next + 1) % datagrams.length;
        sent++;
      }
      if (now >= end) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const seconds = (performance.now() - t0) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 100)); // let send errors surface
  const errors = sendErrors - errorsBefore;
  process.send!({ datagrams: sent - errors, spans: (sent - errors) * r.spansPerDatagram, seconds, sendErrors: errors, skipped: scheduled - sent });
}

process.on('message', (m: Run) => void run(m));
