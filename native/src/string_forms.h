// String forms of attribute values, as model/attributes.ts renders them (the page format hashes them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ariadne {
namespace pages {

void appendDecimal(std::string& out, int64_t v);

// ECMAScript Number::toString for a finite double (shortest round-trip digits, JS's choice of notation).
void appendJsNumber(std::string& out, double v);

// doubleToString in model/attributes.ts: NaN, +Inf, -Inf, else Number::toString.
void appendDoubleString(std::string& out, double v);

// Standard base64 with padding (Buffer#toString('base64')).
void appendBase64(std::string& out, const uint8_t* p, size_t n);

// JSON.stringify of a string given as valid UTF-8.
void appendJsonString(std::string& out, const uint8_t* p, size_t n);

}  // namespace pages
}  // namespace ariadne
