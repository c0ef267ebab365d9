// Output bytes, little endian (byte-writer.ts).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>

#include "decline.h"

namespace ariadne {
namespace pages {

// A growable byte buffer. Writes go through a local pointer (stores through uint8_t* may alias anything, so a
// std::vector's push_back reloads its bounds after every byte).
class Bytes {
 public:
  Bytes() : data_(static_cast<uint8_t*>(std::malloc(4096))), cap_(4096) {
    if (data_ == nullptr) throw std::bad_alloc();
  }
  ~Bytes() { std::free(data_); }
  Bytes(const Bytes&) = delete;
  Bytes& operator=(const Bytes&) = delete;

  size_t size() const { return size_; }
  const uint8_t* data() const { return data_; }
  void clear() { size_ = 0; }

  void u8(uint8_t v) {
    uint8_t* p = room(1);
    *p = v;
    size_++;
  }
  void u16(uint32_t v) {
    if (v > 0xffff) decline();
    uint8_t* p = room(2);
    p[0] = v & 0xff;
    p[1] = v >> 8;
    size_ += 2;
  }
  void u32(uint32_t v) {
    uint8_t* p = room(4);
    for (int i = 0; i < 4; i++) p[i] = (v >> (8 * i)) & 0xff;
    size_ += 4;
  }
  void u64(uint64_t v) {
    uint8_t* p = room(8);
    for (int i = 0; i < 8; i++) p[i] = (v >> (8 * i)) & 0xff;
    size_ += 8;
  }
  void f64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    u64(bits);
  }
  void varint(uint64_t v) {
    uint8_t* const start = room(10);
    uint8_t* p = start;
    while (v >= 0x80) {
      *p++ = static_cast<uint8_t>(v | 0x80);
      v >>= 7;
    }
    *p++ = static_cast<uint8_t>(v);
    size_ += p - start;
  }
  void bytes(const uint8_t* src, size_t n) {
    if (n == 0) return;
    std::memcpy(room(n), src, n);
    size_ += n;
  }
  void append(const Bytes& o) { bytes(o.data_, o.size_); }
  void patchU32(size_t at, uint32_t v) {
    for (int i = 0; i < 4; i++) data_[at + i] = (v >> (8 * i)) & 0xff;
  }

 private:
  uint8_t* data_;
  size_t size_ = 0;
  size_t cap_;

  uint8_t* room(size_t n) {
    if (size_ + n > cap_) grow(size_ + n);
    return data_ + size_;
  }
  void grow(size_t need) {
    size_t cap = cap_ * 2;
    while (cap < need) cap *= 2;
    uint8_t* next = static_cast<uint8_t*>(std::realloc(data_, cap));
    if (next == nullptr) throw std::bad_alloc();
    data_ = next;
    cap_ = cap;
  }
};

}  // namespace pages
}  // namespace ariadne
