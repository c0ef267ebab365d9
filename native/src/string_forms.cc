// String forms of values (model/attributes.ts anyValueToString); see string_forms.h.
#include "string_forms.h"

#include <charconv>
#include <cmath>

#include "decline.h"

namespace ariadne {
namespace pages {

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

}  // namespace pages
}  // namespace ariadne
