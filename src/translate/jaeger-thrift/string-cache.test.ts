import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeUtf8 } from './string-cache.js';

test('decodeUtf8 equals Buffer#toString for any bytes, cached or not', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => Buffer.from(s))), { maxLength: 30 }), (parts) => {
      // Decode each part twice at different offsets of one buffer: the second read may come from the cache.
      const buf = Buffer.concat(parts.flatMap((p) => [Buffer.from(p), Buffer.from(p)]));
      let at = 0;
      for (const p of parts) {
        for (let k = 0; k < 2; k++) {
          assert.equal(decodeUtf8(buf, at, at + p.length), buf.toString('utf8', at, at + p.length));
          at += p.length;
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('repeated short ASCII strings come back as the same string; invalid bytes are not confused with text', () => {
  const buf = Buffer.from('span.kindspan.kind\xff\xfe', 'latin1');
  assert.equal(decodeUtf8(buf, 0, 9), 'span.kind');
  assert.equal(decodeUtf8(buf, 9, 18), 'span.kind');
  assert.equal(decodeUtf8(buf, 18, 20), '\ufffd\ufffd');
  assert.equal(decodeUtf8(buf, 18, 20), '\ufffd\ufffd');
  assert.equal(decodeUtf8(buf, 3, 3), '');
});
