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

setFlagsFromString('--no-allocation-site-pretenuring');
