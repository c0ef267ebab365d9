// Hashes of the page format (term-hash.ts): FNV-1a over UTF-16 code units, murmur3's finalizer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "decline.h"

namespace ariadne {
namespace pages {

constexpr uint32_t kFnvBasis = 0x811c9dc5u;
constexpr uint32_t kFnvPrime = 0x01000193u;

inline uint32_t mix32(uint32_t h) {
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

inline uint32_t fnvStep(uint32_t h, uint32_t unit) { return (h ^ unit) * kFnvPrime; }

inline uint32_t termHash(uint32_t keyHash, uint32_t valueHash) { return mix32((keyHash * 0x9e3779b1u) ^ valueHash); }

inline uint32_t hashAscii(const char* s, size_t n) {
  uint32_t h = kFnvBasis;
  for (size_t i = 0; i < n; i++) h = fnvStep(h, static_cast<uint8_t>(s[i]));
  return mix32(h);
}

inline uint32_t hashAscii(const std::string& s) { return hashAscii(s.data(), s.size()); }

// The hash of the JS string that `p[0, n)` decodes to. Declines on anything but well-formed UTF-8 (the JS decoder
// would substitute U+FFFD, which this does not reproduce).
inline uint32_t hashUtf8(const uint8_t* p, size_t n) {
  uint32_t h = kFnvBasis;
  size_t i = 0;
  while (i < n) {
    uint32_t c = p[i];
    if (c < 0x80) {
      h = fnvStep(h, c);
      i++;
      continue;
    }
    uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) {
      if (i + 1 >= n || (p[i + 1] & 0xc0) != 0x80) decline();
      cp = ((c & 0x1f) << 6) | (p[i + 1] & 0x3f);
      i += 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      if (i + 2 >= n || (p[i + 1] & 0xc0) != 0x80 || (p[i + 2] & 0xc0) != 0x80) decline();
      cp = ((c & 0x0f) << 12) | ((p[i + 1] & 0x3f) << 6) | (p[i + 2] & 0x3f);
      if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) decline();
      i += 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      if (i + 3 >= n || (p[i + 1] & 0xc0) != 0x80 || (p[i + 2] & 0xc0) != 0x80 || (p[i + 3] & 0xc0) != 0x80) decline();
      cp = ((c & 0x07) << 18) | ((p[i + 1] & 0x3f) << 12) | ((p[i + 2] & 0x3f) << 6) | (p[i + 3] & 0x3f);
      if (cp < 0x10000 || cp > 0x10ffff) decline();
      i += 4;
    } else {
      decline();
    }
    if (cp >= 0x10000) {
      cp -= 0x10000;
      h = fnvStep(h, 0xd800 + (cp >> 10));
      h = fnvStep(h, 0xdc00 + (cp & 0x3ff));
    } else {
      h = fnvStep(h, cp);
    }
  }
  return mix32(h);
}

}  // namespace pages
}  // namespace ariadne
