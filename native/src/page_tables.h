// A page's string table (page-strings.ts) and term set with its bloom filter (term-set.ts, bloom-filter.ts).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "bytes.h"
#include "hashes.h"
#include "proto_reader.h"

namespace ariadne {
namespace pages {

// A word-at-a-time hash for finding strings in the table; the format's hash (hashUtf8, a serial FNV chain that also
// validates) is computed once per string and page, when the string is first added.
inline uint64_t lookupHash(const uint8_t* p, size_t n) {
  uint64_t h = (n + 1) * 0x9e3779b97f4a7c15ull;
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xff51afd7ed558ccdull;
    h ^= h >> 32;
    p += 8;
    n -= 8;
  }
  uint64_t tail = 0;
  for (size_t i = 0; i < n; i++) tail |= static_cast<uint64_t>(p[i]) << (8 * i);
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ull;
  return h ^ (h >> 29);
}

class StringTable {
 public:
  struct Entry {
    const uint8_t* p;
    uint32_t n;
    uint32_t hash;  // hashUtf8: the page format's string hash
    uint64_t lookup;
  };
  std::vector<Entry> entries;

  StringTable() : slots_(1024, -1) {}

  void clear() {
    if (!entries.empty()) std::fill(slots_.begin(), slots_.end(), -1);
    entries.clear();
  }

  uint32_t ref(Range s) {
    const uint64_t h = lookupHash(s.p, s.n);
    if (entries.size() * 2 >= slots_.size()) grow();
    const size_t mask = slots_.size() - 1;
    size_t i = h & mask;
    for (;;) {
      const int32_t e = slots_[i];
      if (e < 0) {
        slots_[i] = static_cast<int32_t>(entries.size());
        entries.push_back(Entry{s.p, s.n, hashUtf8(s.p, s.n), h});
        return static_cast<uint32_t>(entries.size() - 1);
      }
      const Entry& x = entries[e];
      if (x.lookup == h && x.n == s.n && (s.n == 0 || std::memcmp(x.p, s.p, s.n) == 0)) return static_cast<uint32_t>(e);
      i = (i + 1) & mask;
    }
  }

  uint32_t hashOf(uint32_t ref) const { return entries[ref].hash; }

  void writeTo(Bytes& w) const {
    w.varint(entries.size());
    for (const Entry& e : entries) {
      w.varint(e.n);
      w.bytes(e.p, e.n);
    }
  }

 private:
  std::vector<int32_t> slots_;

  void grow() {
    slots_.assign(slots_.size() * 2, -1);
    const size_t mask = slots_.size() - 1;
    for (size_t e = 0; e < entries.size(); e++) {
      size_t i = entries[e].lookup & mask;
      while (slots_[i] >= 0) i = (i + 1) & mask;
      slots_[i] = static_cast<int32_t>(e);
    }
  }
};

class TermSet {
 public:
  TermSet() : slots_(4096, 0) {}

  size_t size() const { return count_ + (hasZero_ ? 1 : 0); }

  void add(uint32_t h) {
    if (h == 0) {
      hasZero_ = true;
      return;
    }
    if (count_ * 2 >= slots_.size()) grow();
    const size_t mask = slots_.size() - 1;
    size_t i = h & mask;
    for (;;) {
      const uint32_t s = slots_[i];
      if (s == h) return;
      if (s == 0) {
        slots_[i] = h;
        count_++;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  void clear() {
    if (count_ > 0) std::fill(slots_.begin(), slots_.end(), 0);
    count_ = 0;
    hasZero_ = false;
  }

  // bloom-filter.ts: 8 bits per term, 5 probes by double hashing.
  void writeBloom(Bytes& w) const {
    const size_t bytes = std::max<size_t>(8, std::max<size_t>(1, size()));
    bits_.assign(bytes, 0);
    std::vector<uint8_t>& bits = bits_;
    const uint32_t m = static_cast<uint32_t>(bytes * 8);
    auto add = [&](uint32_t hash) {
      const uint32_t h2 = mix32(hash ^ 0x5bd1e995u) | 1;
      uint32_t h = hash;
      for (int i = 0; i < 5; i++) {
        const uint32_t bit = h % m;
        bits[bit >> 3] |= static_cast<uint8_t>(1 << (bit & 7));
        h += h2;
      }
    };
    if (hasZero_) add(0);
    for (uint32_t s : slots_) if (s != 0) add(s);
    w.varint(bytes);
    w.bytes(bits.data(), bits.size());
  }

 private:
  std::vector<uint32_t> slots_;
  mutable std::vector<uint8_t> bits_;
  size_t count_ = 0;
  bool hasZero_ = false;

  void grow() {
    std::vector<uint32_t> old;
    old.swap(slots_);
    slots_.assign(old.size() * 2, 0);
    count_ = 0;
    for (uint32_t s : old) if (s != 0) add(s);
  }
};

}  // namespace pages
}  // namespace ariadne
