import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSharedRing, RingReader, RingWriter } from './byte-ring.js';

/** Writes `length` bytes of `fill` through the writer; returns the region's position or -1. */
function write(w: RingWriter, length: number, fill: number): number {
  const position = w.reserve(length);
  if (position >= 0) w.bytes.fill(fill, w.offsetOf(position), w.offsetOf(position) + length);
  return position;
}

describe('byte ring (transcoding thread → main thread)', () => {
  test('regions come back as views of what was written; a full ring refuses until regions are given back', () => {
    const ring = createSharedRing(4096);
    const w = new RingWriter(ring);
    const r = new RingReader(ring);
    const taken = [];
    for (let i = 0; i < 4; i++) {
      const p = write(w, 1000, i + 1);
      assert.ok(p >= 0);
      taken.push(r.take(p, 1000));
    }
    assert.equal(write(w, 1000, 9), -1, 'only 96 bytes left');
    for (let i = 0; i < 4; i++) assert.ok(taken[i]!.view.every((b) => b === i + 1));
    // Given back out of order: nothing frees until the oldest is back.
    taken[1]!.release();
    taken[2]!.release();
    assert.equal(write(w, 1000, 9), -1);
    taken[0]!.release();
    taken[0]!.release(); // twice is harmless
    const p = write(w, 1000, 7); // does not fit before the end: skips to the start
    assert.equal(w.offsetOf(p), 0);
    const again = r.take(p, 1000);
    assert.ok(again.view.every((b) => b === 7));
    assert.ok(taken[3]!.view.every((b) => b === 4), 'the region still held is untouched');
    assert.equal(r.held, 2);
  });

  test('a writer never overwrites a held region (random sizes and release order, positions wrapping past 2^32)', () => {
    const ring = createSharedRing(1 << 16, 2 ** 32 - 50_000);
    const w = new RingWriter(ring);
    const r = new RingReader(ring);
    let seed = 11;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const held: Array<{ view: Buffer; release: () => void; fill: number }> = [];
    let written = 0;
    for (let step = 0; step < 20_000; step++) {
      if (held.length > 0 && random(2) === 0) {
        const [gone] = held.splice(random(4) === 0 ? random(held.length) : 0, 1);
        assert.ok(gone!.view.every((b) => b === gone!.fill), 'a held region was overwritten');
        gone!.release();
      } else {
        const length = 1 + random(9000);
        const fill = 1 + (step % 250);
        const p = write(w, length, fill);
        if (p < 0) continue;
        written += length;
        held.push({ ...r.take(p, length), fill });
      }
    }
    for (const h of held) assert.ok(h.view.every((b) => b === h.fill), 'a held region was overwritten');
    assert.ok(written > 2 ** 22, `wrapped many times (${written} bytes)`);
  });
});
