// See page_encoder.h. Formats: src/storage/embedded/page-format.ts, span-codec.ts, value-codec.ts, page-strings.ts;
// hashes: term-hash.ts and bloom-filter.ts; protobuf semantics: src/translate/otlp/decode-protobuf-*.ts.
#include "page_encoder.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

namespace ariadne {
namespace {

struct Decline {};
[[noreturn]] void decline() { throw Decline(); }

// ---------------------------------------------------------------------------------------------------------------
// Hashes (term-hash.ts): FNV-1a over UTF-16 code units, murmur3's finalizer.

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

uint32_t hashAscii(const char* s, size_t n) {
  uint32_t h = kFnvBasis;
  for (size_t i = 0; i < n; i++) h = fnvStep(h, static_cast<uint8_t>(s[i]));
  return mix32(h);
}

uint32_t hashAscii(const std::string& s) { return hashAscii(s.data(), s.size()); }

// The hash of the JS string that `p[0, n)` decodes to. Declines on anything but well-formed UTF-8 (the JS decoder
// would substitute U+FFFD, which this does not reproduce).
uint32_t hashUtf8(const uint8_t* p, size_t n) {
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

// ---------------------------------------------------------------------------------------------------------------
// String forms of values (model/attributes.ts anyValueToString).

void appendDecimal(std::string& out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, r.ptr);
}

// ECMAScript Number::toString for a finite double (shortest round-trip digits, JS's choice of notation).
void appendJsNumber(std::string& out, double v) {
  if (v == 0) {
    out += '0';
    return;
  }
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  const char* p = buf;
  const char* end = r.ptr;
  if (*p == '-') {
    out += '-';
    p++;
  }
  std::string digits;
  while (p < end && *p != 'e') {
    if (*p != '.') digits += *p;
    p++;
  }
  if (p >= end) decline();
  int exp10 = 0;
  std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), end, exp10);
  const int k = static_cast<int>(digits.size());
  const int n = exp10 + 1;  // value = 0.d1d2…dk × 10^n
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<size_t>(n));
    out += '.';
    out.append(digits, static_cast<size_t>(n), std::string::npos);
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<size_t>(-n), '0');
    out += digits;
  } else {
    out += digits[0];
    if (k > 1) {
      out += '.';
      out.append(digits, 1, std::string::npos);
    }
    out += 'e';
    out += (n - 1 >= 0) ? '+' : '-';
    appendDecimal(out, n - 1 >= 0 ? n - 1 : 1 - n);
  }
}

// doubleToString in model/attributes.ts.
void appendDoubleString(std::string& out, double v) {
  if (std::isnan(v)) out += "NaN";
  else if (std::isinf(v)) out += v > 0 ? "+Inf" : "-Inf";
  else appendJsNumber(out, v);
}

void appendBase64(std::string& out, const uint8_t* p, size_t n) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (p[i] << 16) | (p[i + 1] << 8) | p[i + 2];
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (n - i == 1) {
    uint32_t v = p[i] << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (n - i == 2) {
    uint32_t v = (p[i] << 16) | (p[i + 1] << 8);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
}

// JSON.stringify of a (valid UTF-8) string.
void appendJsonString(std::string& out, const uint8_t* p, size_t n) {
  static const char* kHex = "0123456789abcdef";
  out += '"';
  for (size_t i = 0; i < n; i++) {
    const uint8_t c = p[i];
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

// ---------------------------------------------------------------------------------------------------------------
// Output bytes (byte-writer.ts).

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

// ---------------------------------------------------------------------------------------------------------------
// Protobuf reading: anything the JS decoder would refuse, or read in a way not reproduced here, declines.

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
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= end) decline();
      const uint8_t c = b[pos++];
      v |= static_cast<uint64_t>(c & 0x7f) << shift;
      if (c < 0x80) return v;
    }
    decline();
  }
  uint32_t tag() {
    const uint64_t t = varint();
    if (t > 0xffffffffu || (t >> 3) == 0) decline();
    return static_cast<uint32_t>(t);
  }
  Range bytesField() {
    const uint64_t n = varint();
    if (n > end - pos) decline();
    Range r{b + pos, static_cast<uint32_t>(n)};
    pos += n;
    return r;
  }
  Reader message() {
    const Range r = bytesField();
    return Reader{r.p, 0, r.n};
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

// Tags (protobuf-tags.ts).
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

constexpr int kMaxDepth = 16;

enum class ValueType { Empty, String, Bool, Int, Double, Bytes, Array };

struct Value {
  ValueType type = ValueType::Empty;
  Range range;  // string, bytes, array (the ArrayValue message)
  uint64_t bits = 0;  // bool, int
  double d = 0;
};

// One AnyValue message; of several oneof members the last wins.
Value readValue(Range message) {
  Reader r = readerOf(message);
  Value v;
  while (r.more()) {
    const uint32_t tag = r.tag();
    switch (tag) {
      case T_LEN1: v = Value{}; v.type = ValueType::String; v.range = r.bytesField(); break;
      case AV_BOOL: v = Value{}; v.type = ValueType::Bool; v.bits = static_cast<uint32_t>(r.varint()) != 0; break;
      case AV_INT: v = Value{}; v.type = ValueType::Int; v.bits = r.varint(); break;
      case AV_DOUBLE: {
        v = Value{};
        v.type = ValueType::Double;
        const uint64_t bits = r.fixed64();
        std::memcpy(&v.d, &bits, 8);
        break;
      }
      case AV_BYTES: v = Value{}; v.type = ValueType::Bytes; v.range = r.bytesField(); break;
      case AV_ARRAY: v = Value{}; v.type = ValueType::Array; v.range = r.bytesField(); break;
      case AV_KVLIST: decline();  // JSON of a JS object (key order, duplicate keys): left to the JS path
      default: r.skip(tag);
    }
  }
  return v;
}

// The elements (AnyValue messages) of an ArrayValue.
void arrayElements(Range array, std::vector<Range>& out) {
  Reader r = readerOf(array);
  while (r.more()) {
    const uint32_t tag = r.tag();
    if (tag == T_LEN1) out.push_back(r.bytesField());
    else r.skip(tag);
  }
}

// JSON of a value inside an array (model/attributes.ts anyValueToPlain, then JSON.stringify).
void appendJson(std::string& out, const Value& v, int depth) {
  if (depth > kMaxDepth) decline();
  switch (v.type) {
    case ValueType::Empty: out += "null"; return;
    case ValueType::String: hashUtf8(v.range.p, v.range.n); appendJsonString(out, v.range.p, v.range.n); return;
    case ValueType::Bool: out += v.bits ? "true" : "false"; return;
    case ValueType::Int: {
      const int64_t x = static_cast<int64_t>(v.bits);
      const int64_t kSafe = (int64_t{1} << 53) - 1;
      if (x >= -kSafe && x <= kSafe) {
        appendDecimal(out, x);
      } else {
        out += '"';
        appendDecimal(out, x);
        out += '"';
      }
      return;
    }
    case ValueType::Double:
      if (std::isfinite(v.d)) {
        appendJsNumber(out, v.d);
      } else {
        out += '"';
        appendDoubleString(out, v.d);
        out += '"';
      }
      return;
    case ValueType::Bytes: out += '"'; appendBase64(out, v.range.p, v.range.n); out += '"'; return;
    case ValueType::Array: {
      std::vector<Range> items;
      arrayElements(v.range, items);
      out += '[';
      for (size_t i = 0; i < items.size(); i++) {
        if (i > 0) out += ',';
        appendJson(out, readValue(items[i]), depth + 1);
      }
      out += ']';
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// A page's string table (page-strings.ts) and term set (term-set.ts).

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

// ---------------------------------------------------------------------------------------------------------------
// The batch's resources and scopes (from the skeleton) and spans.

struct ResourceInfo {
  std::vector<Range> attributes;
  uint32_t dropped = 0;
  Range schemaUrl;
};

struct ScopeInfo {
  uint32_t resource = 0;
  Range name, version, schemaUrl;
  std::vector<Range> attributes;
  uint32_t dropped = 0;
};

struct SpanFields {
  Range traceId, spanId, parentId, traceState, statusMessage;
  uint32_t flags = 0, droppedAttributes = 0, droppedEvents = 0, droppedLinks = 0;
  int32_t kind = 0, code = 0;
  uint64_t start = 0, end = 0;
  std::vector<Range> attributes, events, links;

  void reset() {
    traceId = spanId = parentId = traceState = statusMessage = Range{};
    flags = droppedAttributes = droppedEvents = droppedLinks = 0;
    kind = code = 0;
    start = end = 0;
    attributes.clear();
    events.clear();
    links.clear();
  }
};

bool isZero(Range r) {
  for (uint32_t i = 0; i < r.n; i++) if (r.p[i] != 0) return false;
  return true;
}

const uint32_t kKindTerms[6] = {
    termHash(hashAscii("span.kind", 9), hashAscii("", 0)),        termHash(hashAscii("span.kind", 9), hashAscii("internal", 8)),
    termHash(hashAscii("span.kind", 9), hashAscii("server", 6)),  termHash(hashAscii("span.kind", 9), hashAscii("client", 6)),
    termHash(hashAscii("span.kind", 9), hashAscii("producer", 8)), termHash(hashAscii("span.kind", 9), hashAscii("consumer", 8)),
};
const uint32_t kStatusTerms[3] = {
    termHash(hashAscii("span.status", 11), hashAscii("UNSET", 5)),
    termHash(hashAscii("span.status", 11), hashAscii("OK", 2)),
    termHash(hashAscii("span.status", 11), hashAscii("ERROR", 5)),
};
const uint32_t kErrorTerm = termHash(hashAscii("error", 5), hashAscii("true", 4));
const uint32_t kScopeNameKey = hashAscii("scope.name", 10);
const uint32_t kScopeVersionKey = hashAscii("scope.version", 13);
const uint32_t kHashTrue = hashAscii("true", 4);
const uint32_t kHashFalse = hashAscii("false", 5);
const uint32_t kHashEmpty = hashAscii("", 0);

constexpr uint64_t kMaxEventDelta = uint64_t{1} << 52;
constexpr double kDurationSlack = 2048;

class Encoder {
 public:
  Encoder(const EncodeInput& in, std::vector<uint8_t>& out) : in_(in), out_(out) {}

  void run() {
    readSkeleton();
    locateSpans();
    groupByTrace();
    const size_t pageCountAt = out_.size();
    out_.resize(out_.size() + 4);
    uint32_t pages = 0;
    startPage();
    for (size_t c = 0; c + 1 < chunkStarts_.size(); c++) {
      const uint32_t from = chunkStarts_[c], to = chunkStarts_[c + 1];
      const uint8_t* traceId = traceIdOf_[order_[from]];
      startChunk(traceId);
      for (uint32_t k = from; k < to; k++) {
        if (spans_.size() >= in_.pageTargetBytes && chunkCounts_.back() > 0) {
          finishPage();
          pages++;
          startPage();
          startChunk(traceId);
        }
        addSpan(order_[k]);
      }
      if (spans_.size() >= in_.pageTargetBytes) {
        finishPage();
        pages++;
        startPage();
      }
    }
    if (spanCount_ > 0) {
      finishPage();
      pages++;
    }
    for (int i = 0; i < 4; i++) out_[pageCountAt + i] = (pages >> (8 * i)) & 0xff;
  }

 private:
  const EncodeInput& in_;
  std::vector<uint8_t>& out_;
  std::vector<ResourceInfo> resources_;
  std::vector<ScopeInfo> scopes_;
  std::vector<uint32_t> scopeOf_;
  std::vector<const uint8_t*> traceIdOf_;
  std::vector<uint32_t> order_;
  std::vector<uint32_t> chunkStarts_;

  StringTable strings_;
  TermSet terms_;
  Bytes head_, spans_, resourceBodies_, scopeBodies_, meta_;
  std::vector<int32_t> resourceSlot_, scopeSlot_;
  uint32_t resourceCount_ = 0, scopeCount_ = 0, spanCount_ = 0;
  std::vector<const uint8_t*> chunkIds_;
  std::vector<uint32_t> chunkCounts_, chunkOffsets_, ops_;
  uint64_t minStart_ = 0, maxStart_ = 0, maxEnd_ = 0;
  double minDuration_ = 0, maxDuration_ = 0;
  SpanFields span_;
  std::vector<Range> eventAttributes_, linkAttributes_, items_;
  std::string json_;

  // --- batch structure

  static void readAttributeList(Reader& r, std::vector<Range>& out) { out.push_back(r.bytesField()); }

  void readSkeleton() {
    Reader request{in_.skeleton, 0, in_.skeletonLength};
    while (request.more()) {
      const uint32_t tag = request.tag();
      if (tag != T_LEN1) {
        request.skip(tag);
        continue;
      }
      Reader rs = request.message();
      const uint32_t r = static_cast<uint32_t>(resources_.size());
      resources_.emplace_back();
      while (rs.more()) {
        const uint32_t t = rs.tag();
        if (t == T_LEN1) {
          Reader res = rs.message();
          ResourceInfo& info = resources_[r];
          info.attributes.clear();
          info.dropped = 0;
          while (res.more()) {
            const uint32_t u = res.tag();
            if (u == T_LEN1) readAttributeList(res, info.attributes);
            else if (u == RESOURCE_DROPPED) info.dropped = static_cast<uint32_t>(res.varint());
            else res.skip(u);
          }
        } else if (t == T_LEN2) {
          Reader ss = rs.message();
          ScopeInfo scope;
          scope.resource = r;
          while (ss.more()) {
            const uint32_t u = ss.tag();
            if (u == T_LEN1) {
              Reader sc = ss.message();
              scope = ScopeInfo{};
              scope.resource = r;
              while (sc.more()) {
                const uint32_t v = sc.tag();
                if (v == T_LEN1) scope.name = sc.bytesField();
                else if (v == T_LEN2) scope.version = sc.bytesField();
                else if (v == T_LEN3) readAttributeList(sc, scope.attributes);
                else if (v == SCOPE_DROPPED) scope.dropped = static_cast<uint32_t>(sc.varint());
                else sc.skip(v);
              }
            } else if (u == T_LEN3) {
              scope.schemaUrl = ss.bytesField();
            } else {
              decline();  // a skeleton holds no spans
            }
          }
          scopes_.push_back(std::move(scope));
        } else if (t == T_LEN3) {
          resources_[r].schemaUrl = rs.bytesField();
        } else {
          rs.skip(t);
        }
      }
    }
    if (scopes_.size() != in_.scopeCount) decline();
  }

  // Each span's scope and trace id (the trace id field read without decoding the rest).
  void locateSpans() {
    const size_t n = in_.spanCount;
    scopeOf_.resize(n);
    traceIdOf_.resize(n);
    size_t at = 0;
    for (size_t s = 0; s < in_.scopeCount; s++) {
      const int32_t count = in_.scopeSpanCounts[s];
      if (count < 0 || at + count > n) decline();
      for (int32_t i = 0; i < count; i++) scopeOf_[at++] = static_cast<uint32_t>(s);
    }
    if (at != n) decline();
    for (size_t i = 0; i < n; i++) {
      Reader r = spanReader(i);
      Range traceId;
      while (r.more()) {
        const uint32_t tag = r.tag();
        if (tag == T_LEN1) traceId = r.bytesField();
        else r.skip(tag);
      }
      if (traceId.n != 16 || isZero(traceId)) decline();
      traceIdOf_[i] = traceId.p;
    }
  }

  Reader spanReader(size_t i) const {
    const int32_t b = in_.places[2 * i];
    const int32_t start = in_.places[2 * i + 1];
    if (b < 0 || static_cast<size_t>(b) >= in_.bufs.size()) decline();
    const size_t len = in_.bufLengths[b];
    if (start < 0 || static_cast<size_t>(start) >= len) decline();
    Reader outer{in_.bufs[b], static_cast<size_t>(start), len};
    return outer.message();
  }

  static uint32_t idHash(const uint8_t* id) {
    uint32_t h = kFnvBasis;
    for (int i = 0; i < 16; i++) h = fnvStep(h, id[i]);
    return mix32(h);
  }

  // Span indexes ordered so each trace's spans are contiguous, traces in order of first appearance.
  void groupByTrace() {
    const size_t n = in_.spanCount;
    size_t cap = 16;
    while (cap < n * 2) cap *= 2;
    std::vector<int32_t> slots(cap, -1);
    std::vector<const uint8_t*> chunkIds;
    std::vector<uint32_t> chunkOf(n), counts;
    for (size_t i = 0; i < n; i++) {
      const uint8_t* id = traceIdOf_[i];
      size_t s = idHash(id) & (cap - 1);
      for (;;) {
        const int32_t c = slots[s];
        if (c < 0) {
          slots[s] = static_cast<int32_t>(counts.size());
          chunkOf[i] = static_cast<uint32_t>(counts.size());
          chunkIds.push_back(id);
          counts.push_back(1);
          break;
        }
        if (std::memcmp(chunkIds[c], id, 16) == 0) {
          chunkOf[i] = static_cast<uint32_t>(c);
          counts[c]++;
          break;
        }
        s = (s + 1) & (cap - 1);
      }
    }
    chunkStarts_.assign(counts.size() + 1, 0);
    uint32_t at = 0;
    for (size_t c = 0; c < counts.size(); c++) {
      chunkStarts_[c] = at;
      at += counts[c];
    }
    chunkStarts_[counts.size()] = at;
    std::vector<uint32_t> fill(chunkStarts_.begin(), chunkStarts_.end() - 1);
    order_.assign(n, 0);
    for (size_t i = 0; i < n; i++) order_[fill[chunkOf[i]]++] = static_cast<uint32_t>(i);
  }

  // --- pages

  void startPage() {
    strings_.clear();
    terms_.clear();
    spans_.clear();
    ops_.clear();
    resourceSlot_.assign(resources_.size(), -1);
    scopeSlot_.assign(scopes_.size(), -1);
    resourceCount_ = scopeCount_ = spanCount_ = 0;
    chunkIds_.clear();
    chunkCounts_.clear();
    chunkOffsets_.clear();
    minStart_ = UINT64_MAX;
    maxStart_ = maxEnd_ = 0;
    minDuration_ = INFINITY;
    maxDuration_ = 0;
  }

  void startChunk(const uint8_t* traceId) {
    chunkIds_.push_back(traceId);
    chunkCounts_.push_back(0);
    chunkOffsets_.push_back(static_cast<uint32_t>(spans_.size()));
  }

  void addSpan(uint32_t i) {
    const uint32_t s = scopeOf_[i];
    const uint32_t r = scopes_[s].resource;
    int32_t resourceIndex = resourceSlot_[r];
    if (resourceIndex < 0) resourceIndex = resourceSlot_[r] = addResource(resources_[r]);
    int32_t scopeIndex = scopeSlot_[s];
    if (scopeIndex < 0) scopeIndex = scopeSlot_[s] = addScope(scopes_[s]);
    const uint32_t opId = static_cast<uint32_t>(in_.opIds[i]);
    ops_.push_back(opId);
    readSpan(spanReader(i));
    writeSpan(opId, resourceIndex, scopeIndex);
    chunkCounts_.back()++;
    spanCount_++;
    const uint64_t start = span_.start, end = span_.end;
    if (start < minStart_) minStart_ = start;
    if (start > maxStart_) maxStart_ = start;
    if (end > maxEnd_) maxEnd_ = end;
    const double duration = static_cast<double>(end) - static_cast<double>(start);
    if (duration < minDuration_) minDuration_ = duration;
    if (duration > maxDuration_) maxDuration_ = duration;
  }

  int32_t addResource(const ResourceInfo& res) {
    Bytes& w = resourceBodies_;
    if (resourceCount_ == 0) w.clear();
    writeAttributes(w, res.attributes);
    w.varint(res.dropped);
    w.varint(strings_.ref(res.schemaUrl));
    return static_cast<int32_t>(resourceCount_++);
  }

  int32_t addScope(const ScopeInfo& scope) {
    Bytes& w = scopeBodies_;
    if (scopeCount_ == 0) w.clear();
    const uint32_t name = strings_.ref(scope.name);
    w.varint(name);
    const uint32_t version = strings_.ref(scope.version);
    w.varint(version);
    writeAttributes(w, scope.attributes);
    w.varint(scope.dropped);
    w.varint(strings_.ref(scope.schemaUrl));
    terms_.add(termHash(kScopeNameKey, strings_.hashOf(name)));
    terms_.add(termHash(kScopeVersionKey, strings_.hashOf(version)));
    return static_cast<int32_t>(scopeCount_++);
  }

  // decode-protobuf-span.ts decodeSpan, keeping byte ranges.
  void readSpan(Reader r) {
    SpanFields& f = span_;
    f.reset();
    while (r.more()) {
      const uint32_t tag = r.tag();
      switch (tag) {
        case T_LEN1: f.traceId = r.bytesField(); break;
        case T_LEN2: f.spanId = r.bytesField(); break;
        case T_LEN3: f.traceState = r.bytesField(); break;
        case T_LEN4: f.parentId = r.bytesField(); break;
        case SPAN_NAME: r.bytesField(); break;  // the operation id stands for it
        case SPAN_KIND: f.kind = static_cast<int32_t>(static_cast<uint32_t>(r.varint())); break;
        case SPAN_START: f.start = r.fixed64(); break;
        case SPAN_END: f.end = r.fixed64(); break;
        case SPAN_ATTRIBUTES: f.attributes.push_back(r.bytesField()); break;
        case SPAN_DROPPED_ATTRIBUTES: f.droppedAttributes = static_cast<uint32_t>(r.varint()); break;
        case SPAN_EVENTS: f.events.push_back(r.bytesField()); break;
        case SPAN_DROPPED_EVENTS: f.droppedEvents = static_cast<uint32_t>(r.varint()); break;
        case SPAN_LINKS: f.links.push_back(r.bytesField()); break;
        case SPAN_DROPPED_LINKS: f.droppedLinks = static_cast<uint32_t>(r.varint()); break;
        case SPAN_STATUS: {
          Reader s = r.message();
          f.code = 0;
          f.statusMessage = Range{};
          while (s.more()) {
            const uint32_t t = s.tag();
            if (t == T_LEN2) f.statusMessage = s.bytesField();
            else if (t == STATUS_CODE) f.code = static_cast<int32_t>(static_cast<uint32_t>(s.varint()));
            else s.skip(t);
          }
          break;
        }
        case SPAN_FLAGS: f.flags = r.fixed32(); break;
        default: r.skip(tag);
      }
    }
    if (f.traceId.n != 16 || isZero(f.traceId)) decline();
    if (f.spanId.n != 8 || isZero(f.spanId)) decline();
    if (f.parentId.n != 0 && f.parentId.n != 8) decline();
    if (f.kind < 0 || f.kind > 5) f.kind = 0;
    if (f.code < 0 || f.code > 2) f.code = 0;
  }

  // span-codec.ts writeSpan.
  void writeSpan(uint32_t opId, int32_t resourceIndex, int32_t scopeIndex) {
    const SpanFields& f = span_;
    Bytes& w = spans_;
    const size_t at = w.size();
    w.u32(0);
    w.u32(opId);
    w.u16(static_cast<uint32_t>(resourceIndex));
    w.u16(static_cast<uint32_t>(scopeIndex));
    w.u64(f.start);
    w.u64(f.end);
    const bool hasParent = f.parentId.n == 8 && !isZero(f.parentId);
    w.u8(static_cast<uint8_t>(f.code));
    w.u8(hasParent ? 1 : 0);
    w.bytes(f.spanId.p, 8);
    if (hasParent) w.bytes(f.parentId.p, 8);
    w.varint(strings_.ref(f.traceState));
    w.varint(f.flags);
    writeAttributes(w, f.attributes);
    w.varint(f.droppedAttributes);
    writeEvents(w, f.start);
    w.varint(f.droppedEvents);
    writeLinks(w);
    w.varint(f.droppedLinks);
    w.varint(strings_.ref(f.statusMessage));
    w.patchU32(at, static_cast<uint32_t>(w.size() - at - 4));
    terms_.add(kKindTerms[f.kind]);
    terms_.add(kStatusTerms[f.code]);
    if (f.code == 2) terms_.add(kErrorTerm);
  }

  void writeEvents(Bytes& w, uint64_t start) {
    w.varint(span_.events.size());
    for (const Range& e : span_.events) {
      Reader r = readerOf(e);
      uint64_t time = 0;
      Range name;
      uint32_t dropped = 0;
      eventAttributes_.clear();
      while (r.more()) {
        const uint32_t tag = r.tag();
        if (tag == EVENT_TIME) time = r.fixed64();
        else if (tag == T_LEN2) name = r.bytesField();
        else if (tag == T_LEN3) eventAttributes_.push_back(r.bytesField());
        else if (tag == EVENT_DROPPED) dropped = static_cast<uint32_t>(r.varint());
        else r.skip(tag);
      }
      if (time >= start && time - start < kMaxEventDelta) {
        w.varint((time - start) * 2);
      } else {
        w.varint(1);
        w.u64(time);
      }
      w.varint(strings_.ref(name));
      writeAttributes(w, eventAttributes_);
      w.varint(dropped);
    }
  }

  void writeLinks(Bytes& w) {
    w.varint(span_.links.size());
    for (const Range& l : span_.links) {
      Reader r = readerOf(l);
      Range traceId, spanId, traceState;
      uint32_t dropped = 0, flags = 0;
      linkAttributes_.clear();
      while (r.more()) {
        const uint32_t tag = r.tag();
        if (tag == T_LEN1) traceId = r.bytesField();
        else if (tag == T_LEN2) spanId = r.bytesField();
        else if (tag == T_LEN3) traceState = r.bytesField();
        else if (tag == T_LEN4) linkAttributes_.push_back(r.bytesField());
        else if (tag == LINK_DROPPED) dropped = static_cast<uint32_t>(r.varint());
        else if (tag == LINK_FLAGS) flags = r.fixed32();
        else r.skip(tag);
      }
      if (traceId.n != 16 || isZero(traceId) || spanId.n != 8 || isZero(spanId)) decline();
      w.u8(0);
      w.bytes(traceId.p, 16);
      w.bytes(spanId.p, 8);
      w.varint(strings_.ref(traceState));
      writeAttributes(w, linkAttributes_);
      w.varint(dropped);
      w.varint(flags);
    }
  }

  // value-codec.ts writeAttributes: each attribute adds its search term.
  void writeAttributes(Bytes& w, const std::vector<Range>& keyValues) {
    w.varint(keyValues.size());
    for (const Range& kv : keyValues) {
      Reader r = readerOf(kv);
      Range key, value;
      bool hasValue = false;
      while (r.more()) {
        const uint32_t tag = r.tag();
        if (tag == T_LEN1) {
          key = r.bytesField();
        } else if (tag == T_LEN2) {
          value = r.bytesField();
          hasValue = true;
        } else {
          r.skip(tag);
        }
      }
      const uint32_t keyRef = strings_.ref(key);
      w.varint(keyRef);
      const uint32_t valueHash = hasValue ? writeValue(w, readValue(value), 0) : writeEmpty(w);
      terms_.add(termHash(strings_.hashOf(keyRef), valueHash));
    }
  }

  static uint32_t writeEmpty(Bytes& w) {
    w.u8(0);
    return kHashEmpty;
  }

  // value-codec.ts writeValue: writes `v`, returns the hash of its string form.
  uint32_t writeValue(Bytes& w, const Value& v, int depth) {
    if (depth > kMaxDepth) decline();
    switch (v.type) {
      case ValueType::Empty: return writeEmpty(w);
      case ValueType::String: {
        const uint32_t ref = strings_.ref(v.range);
        w.u8(1);
        w.varint(ref);
        return strings_.hashOf(ref);
      }
      case ValueType::Bool:
        w.u8(v.bits ? 3 : 2);
        return v.bits ? kHashTrue : kHashFalse;
      case ValueType::Int: {
        const int64_t x = static_cast<int64_t>(v.bits);
        const int64_t kSmall = int64_t{1} << 52;
        if (x > -kSmall && x < kSmall) {
          w.u8(4);
          w.varint(x < 0 ? static_cast<uint64_t>(-2 * x - 1) : static_cast<uint64_t>(2 * x));
        } else {
          w.u8(5);
          w.u64(v.bits);
        }
        json_.clear();
        appendDecimal(json_, x);
        return hashAscii(json_);
      }
      case ValueType::Double:
        w.u8(6);
        w.f64(v.d);
        json_.clear();
        appendDoubleString(json_, v.d);
        return hashAscii(json_);
      case ValueType::Bytes:
        w.u8(7);
        w.varint(v.range.n);
        w.bytes(v.range.p, v.range.n);
        json_.clear();
        appendBase64(json_, v.range.p, v.range.n);
        return hashAscii(json_);
      case ValueType::Array: {
        std::vector<Range> items;
        arrayElements(v.range, items);
        w.u8(8);
        w.varint(items.size());
        for (const Range& item : items) writeValue(w, readValue(item), depth + 1);
        std::string json;
        appendJson(json, v, depth);
        return hashUtf8(reinterpret_cast<const uint8_t*>(json.data()), json.size());
      }
    }
    decline();
  }

  // page-builder.ts finishPage, then page-format.ts writePageMeta (with chunks, codec NONE).
  void finishPage() {
    Bytes& body = head_;
    body.clear();
    strings_.writeTo(body);
    body.varint(resourceCount_);
    if (resourceCount_ > 0) body.append(resourceBodies_);
    body.varint(scopeCount_);
    if (scopeCount_ > 0) body.append(scopeBodies_);
    const uint32_t spansAt = static_cast<uint32_t>(body.size());
    body.append(spans_);

    std::sort(ops_.begin(), ops_.end());
    ops_.erase(std::unique(ops_.begin(), ops_.end()), ops_.end());

    Bytes& meta = meta_;
    meta.clear();
    meta.u32(spanCount_);
    meta.u64(minStart_);
    meta.u64(maxStart_);
    meta.u64(maxEnd_);
    const double lo = minDuration_ - kDurationSlack;
    meta.u64(lo <= 0 ? 0 : static_cast<uint64_t>(std::floor(lo)));
    const double hi = std::ceil(std::max(0.0, maxDuration_) + kDurationSlack);
    meta.u64(hi >= 18446744073709551616.0 ? static_cast<uint64_t>(std::fmod(hi, 18446744073709551616.0)) : static_cast<uint64_t>(hi));
    meta.u32(static_cast<uint32_t>(body.size()));
    meta.u8(0);
    meta.varint(ops_.size());
    uint32_t prev = 0;
    for (uint32_t op : ops_) {
      meta.varint(op - prev);
      prev = op;
    }
    terms_.writeBloom(meta);
    meta.varint(chunkIds_.size());
    for (size_t i = 0; i < chunkIds_.size(); i++) {
      meta.bytes(chunkIds_[i], 16);
      meta.varint(chunkCounts_[i]);
      meta.varint(static_cast<uint64_t>(chunkOffsets_[i]) + spansAt);
    }

    appendU32(static_cast<uint32_t>(meta.size()));
    out_.insert(out_.end(), meta.data(), meta.data() + meta.size());
    appendU32(static_cast<uint32_t>(body.size()));
    out_.insert(out_.end(), body.data(), body.data() + body.size());
  }

  void appendU32(uint32_t v) {
    for (int i = 0; i < 4; i++) out_.push_back((v >> (8 * i)) & 0xff);
  }
};

}  // namespace

bool encodePages(const EncodeInput& input, std::vector<uint8_t>& out) {
  try {
    Encoder(input, out).run();
    return true;
  } catch (const Decline&) {
    return false;
  }
}

}  // namespace ariadne
