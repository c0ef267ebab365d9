// Protobuf reading: anything the JS decoder would refuse, or read in a way not reproduced here, declines.
#pragma once

#include <cstddef>
#include <cstdint>

#include "decline.h"

namespace ariadne {
namespace pages {

struct Range {
  const uint8_t* p = nullptr;
  uint32_t n = 0;
};

struct Reader {
  const uint8_t* b;
  size_t pos;
  size_t end;

  bool more() const { return pos < end; }

  uint64_t varint() {
    if (pos < end && b[pos] < 0x80) return b[pos++];  // nearly every tag and length
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) decline();
      const uint8_t c = b[pos++];
      v |= static_cast<uint64_t>(c & 0x7f) << shift;
      if (c < 0x80) return v;
    }
    decline();
  }
  // A varint read as protobufjs reads uint32, int32, bool, tags and lengths: the low 32 bits of a varint of at most
  // 5 bytes, or of exactly 10 (protobufjs skips bytes 6 to 10 unread, so for 6 to 9 bytes it would go on elsewhere).
  uint32_t varint32() {
    if (pos < end && b[pos] < 0x80) return b[pos++];
    const size_t start = pos;
    const uint64_t v = varint();
    const size_t n = pos - start;
    if (n > 5 && n != 10) decline();
    return static_cast<uint32_t>(v);
  }
  uint32_t tag() {
    const uint32_t t = varint32();
    if ((t >> 3) == 0) decline();
    return t;
  }
  Range bytesField() {
    const uint64_t n = varint32();
    if (n > end - pos) decline();
    Range r{b + pos, static_cast<uint32_t>(n)};
    pos += n;
    return r;
  }
  // A length-delimited field's contents as a reader of their own (positions from the field's start).
  Reader message() {
    const Range r = bytesField();
    return Reader{r.p, 0, r.n};
  }
  // The same over the same buffer (positions stay absolute).
  Reader nested() {
    const Range r = bytesField();
    return Reader{b, static_cast<size_t>(r.p - b), static_cast<size_t>(r.p - b) + r.n};
  }
  uint64_t fixed64() {
    if (end - pos < 8) decline();
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | b[pos + i];
    pos += 8;
    return v;
  }
  uint32_t fixed32() {
    if (end - pos < 4) decline();
    uint32_t v = b[pos] | (b[pos + 1] << 8) | (b[pos + 2] << 16) | (static_cast<uint32_t>(b[pos + 3]) << 24);
    pos += 4;
    return v;
  }
  void skip(uint32_t tag) {
    switch (tag & 7) {
      case 0: varint(); return;
      case 1: if (end - pos < 8) decline(); pos += 8; return;
      case 2: bytesField(); return;
      case 5: if (end - pos < 4) decline(); pos += 4; return;
      default: decline();  // groups and invalid wire types: the JS decoder's business
    }
  }
};

inline Reader readerOf(Range r) { return Reader{r.p, 0, r.n}; }

// Whether every byte of `r` is zero (an all-zero id means none).
inline bool isZero(Range r) {
  for (uint32_t i = 0; i < r.n; i++) if (r.p[i] != 0) return false;
  return true;
}

// Tags, (field << 3) | wire type (protobuf-tags.ts). T_LENn: field n, length-delimited, in whichever message is read.
constexpr uint32_t T_LEN1 = (1 << 3) | 2, T_LEN2 = (2 << 3) | 2, T_LEN3 = (3 << 3) | 2, T_LEN4 = (4 << 3) | 2;
constexpr uint32_t SPAN_KIND = (6 << 3) | 0, SPAN_START = (7 << 3) | 1, SPAN_END = (8 << 3) | 1;
constexpr uint32_t SPAN_NAME = (5 << 3) | 2, SPAN_ATTRIBUTES = (9 << 3) | 2, SPAN_DROPPED_ATTRIBUTES = (10 << 3) | 0;
constexpr uint32_t SPAN_EVENTS = (11 << 3) | 2, SPAN_DROPPED_EVENTS = (12 << 3) | 0, SPAN_LINKS = (13 << 3) | 2;
constexpr uint32_t SPAN_DROPPED_LINKS = (14 << 3) | 0, SPAN_STATUS = (15 << 3) | 2, SPAN_FLAGS = (16 << 3) | 5;
constexpr uint32_t EVENT_TIME = (1 << 3) | 1, EVENT_DROPPED = (4 << 3) | 0;
constexpr uint32_t LINK_DROPPED = (5 << 3) | 0, LINK_FLAGS = (6 << 3) | 5;
constexpr uint32_t STATUS_CODE = (3 << 3) | 0;
constexpr uint32_t AV_BOOL = (2 << 3) | 0, AV_INT = (3 << 3) | 0, AV_DOUBLE = (4 << 3) | 1, AV_ARRAY = (5 << 3) | 2;
constexpr uint32_t AV_KVLIST = (6 << 3) | 2, AV_BYTES = (7 << 3) | 2;
constexpr uint32_t RESOURCE_DROPPED = (2 << 3) | 0, SCOPE_DROPPED = (4 << 3) | 0;

}  // namespace pages
}  // namespace ariadne
