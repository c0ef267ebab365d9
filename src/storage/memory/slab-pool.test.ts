import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SLICE, SLAB_BYTES, SlabPool, type SlabRegion } from './slab-pool.js';

const region = (): SlabRegion => ({ buf: Buffer.alloc(0), slab: -1 });

describe('SlabPool', () => {
  it('carves consecutive regions out of one slab and opens a new slab when one is full', () => {
    const pool = new SlabPool();
    const a = region();
    const b = region();
    pool.allocate(100, a);
    pool.allocate(200, b);
    assert.equal(a.slab, b.slab);
    assert.equal(a.buf.length, 100);
    assert.equal(b.buf.byteOffset, a.buf.byteOffset + 100);
    const fills = Math.floor(SLAB_BYTES / MAX_SLICE);
    const c = region();
    for (let i = 0; i < fills; i++) pool.allocate(MAX_SLICE, c);
    assert.notEqual(c.slab, a.slab);
    assert.equal(pool.slabCount, 2);
  });

  it('gives regions above MAX_SLICE a Buffer of their own', () => {
    const pool = new SlabPool();
    const big = region();
    pool.allocate(MAX_SLICE + 1, big);
    assert.equal(big.slab, -1);
    assert.equal(big.buf.length, MAX_SLICE + 1);
    assert.equal(pool.slabCount, 0);
    pool.release(big.slab, big.buf.length); // a no-op, never a throw
  });

  it('reuses a slab once every region in it is released, and not before', () => {
    const pool = new SlabPool();
    const first: SlabRegion[] = [];
    for (let used = 0; used + 1000 <= SLAB_BYTES; used += 1000) {
      const r = region();
      pool.allocate(1000, r);
      first.push(r);
    }
    const firstSlab = first[0]!.slab;
    const next = region();
    pool.allocate(1000, next); // opens slab two
    assert.notEqual(next.slab, firstSlab);
    for (const r of first.slice(1)) pool.release(r.slab, r.buf.length);
    // One region of slab one is still live: filling slab two must open a third slab, not reuse slab one.
    const more = region();
    for (let used = 1000; used + 1000 <= SLAB_BYTES + 1000; used += 1000) pool.allocate(1000, more);
    assert.notEqual(more.slab, firstSlab);
    assert.equal(pool.slabCount, 3);
    pool.release(first[0]!.slab, first[0]!.buf.length);
    for (let used = 0; used + 1000 <= SLAB_BYTES + 1000; used += 1000) pool.allocate(1000, more);
    assert.equal(more.slab, firstSlab, 'the emptied slab is reused');
    assert.equal(pool.slabCount, 3);
  });

  it('never hands out bytes of a live region (random allocate/release, contents checked)', () => {
    const pool = new SlabPool();
    let seed = 7;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const live: Array<{ r: SlabRegion; fill: number }> = [];
    for (let step = 0; step < 20_000; step++) {
      if (live.length > 0 && random(3) === 0) {
        // Mostly oldest first, as the store evicts, sometimes any.
        const at = random(4) === 0 ? random(live.length) : 0;
        const [gone] = live.splice(at, 1);
        assert.ok(gone!.r.buf.every((x) => x === gone!.fill), 'a live region was overwritten');
        pool.release(gone!.r.slab, gone!.r.buf.length);
      } else {
        const r = region();
        const bytes = 1 + (random(10) === 0 ? random(MAX_SLICE * 2) : random(3000));
        pool.allocate(bytes, r);
        const fill = step & 255;
        r.buf.fill(fill);
        live.push({ r, fill });
      }
    }
    for (const { r, fill } of live) assert.ok(r.buf.every((x) => x === fill), 'a live region was overwritten');
    const liveBytes = live.reduce((n, { r }) => n + (r.slab < 0 ? 0 : r.buf.length), 0);
    assert.ok(pool.slabCount * SLAB_BYTES < liveBytes * 4 + 70 * SLAB_BYTES, 'slabs are reused, not piled up');
  });
});
