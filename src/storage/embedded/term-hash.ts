/**
 * 32-bit hashes for bloom filters: of strings (FNV-1a over UTF-16 code units, then a murmur3 finalizer), and of a
 * search term, an attribute key with the string form of its value. Writers and searchers must compute exactly the same
 * numbers, so these functions are part of the on-disk format.
 */

/** murmur3's 32-bit finalizer: spreads every input bit over the output. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/** `hashString(String(n))` for a safe integer `n`, without building the string. */
export function hashInteger(n: number): number {
  let h = 0x811c9dc5;
  if (n < 0) {
    h = Math.imul(h ^ 45, 0x01000193);
    n = -n;
  }
  let div = 1;
  while (div * 10 <= n) div *= 10;
  for (; div >= 1; div /= 10) {
    const d = Math.floor(n / div) % 10;
    h = Math.imul(h ^ (48 + d), 0x01000193);
  }
  return mix32(h);
}

/** The term of an attribute `key` whose value's string form hashes to `valueHash`. */
export function termHash(keyHash: number, valueHash: number): number {
  return mix32(Math.imul(keyHash, 0x9e3779b1) ^ valueHash);
}

export function hashTerm(key: string, value: string): number {
  return termHash(hashString(key), hashString(value));
}
