/**
 * UTF-8 decoding with a small direct-mapped cache of short ASCII strings. Tag keys and many values ("span.kind",
 * "GET", "server", service names) repeat in every span; returning the cached string skips the runtime's decoder and
 * lets all decoded spans share one copy of each, which also shrinks what storage keeps in memory.
 *
 * A hit is verified byte-by-byte against the cached string's characters, so collisions only cost a miss. Only
 * strings whose character count equals their byte count are cached: those are pure ASCII (a multi-byte sequence
 * shortens the string and an invalid byte becomes U+FFFD, which equals no byte), so comparing char codes with bytes
 * is exact.
 */

const SLOTS = 4096; // power of two
const MAX_CACHED_BYTES = 32;
const cache: Array<string | undefined> = new Array<string | undefined>(SLOTS).fill(undefined);

interface Utf8Sliceable {
  utf8Slice(start: number, end: number): string;
}

/** UTF-8 text of `buf[start, end)`; invalid bytes become U+FFFD. */
export function decodeUtf8(buf: Buffer, start: number, end: number): string {
  const n = end - start;
  if (n === 0) return '';
  if (n > MAX_CACHED_BYTES) return (buf as unknown as Utf8Sliceable).utf8Slice(start, end);
  let h = 0x811c9dc5 ^ n;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  const slot = (h ^ (h >>> 15)) & (SLOTS - 1);
  const cached = cache[slot];
  if (cached !== undefined && cached.length === n && sameAscii(cached, buf, start)) return cached;
  const s = (buf as unknown as Utf8Sliceable).utf8Slice(start, end);
  if (s.length === n) cache[slot] = s;
  return s;
}

function sameAscii(s: string, buf: Buffer, start: number): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== buf[start + i]) return false;
  return true;
}
