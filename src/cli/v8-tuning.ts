/**
 * V8 settings for the server roles, applied on import (main.ts imports this module first, before any hot code has
 * run or allocated).
 *
 * `--no-allocation-site-pretenuring`: V8 moves the allocation sites whose objects often survive a young-generation
 * collection to "pretenured" (allocated straight in the old generation). In an ingesting server the decoder's sites
 * sometimes get that decision during warm-up, and from then on every decoded batch lives in the old generation and
 * keeps its young strings and arrays alive through each scavenge until the next full collection: scavenges took
 * 15–17 ms instead of ~4 ms and promoted 5× more. Measured with `npm run bench:ingest` (interleaved windows, memory
 * store, server pinned to one core): all-in-one / decode-only 0.62–0.64 with this flag against 0.54–0.57 without, four
 * runs each (docs/benchmarks.md, "Ingest"). Decoded spans are short-lived by design (they leave the process as stored
 * bytes), which is the case pretenuring gets wrong.
 */
import { setFlagsFromString } from 'node:v8';
import type { Role } from '../app/index.js';

setFlagsFromString('--no-allocation-site-pretenuring');

/**
 * Settings for one role, applied before it starts.
 *
 * Agent: `--heap-growing-percent=300` (V8 reads it whenever it sets the next full-collection limit, so it works at run
 * time). Every byte the agent forwards passes through a new ArrayBuffer on its main thread (grpc-js frames each export
 * message in a fresh buffer), and V8 counts the ArrayBuffers allocated since the last full collection against the
 * old-generation limit. With the agent's small heap (~18 MB live) the limit V8 chose after a collection was sometimes
 * only a few MB above it, and then ~36 MB/s of export messages (100k spans/s) brought a full collection every ~300 ms
 * for the rest of the run: `--trace-gc-nvp` under bench:udp showed 12 of them in 10 s with 1.2 s of concurrent marking
 * in one run and 2 in the next, and the runs with that storm were the ones that lost datagrams. Growing the limit to
 * 4× the live heap (~70 MB) keeps the collections to the ones at start-up (three runs in a row, 2 each).
 */
export function tuneForRole(role: Role): void {
  if (role === 'agent') setFlagsFromString('--heap-growing-percent=300');
}
