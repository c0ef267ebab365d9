// A check of an OTLP/protobuf ExportTraceServiceRequest on the receiving thread, in C++: the same walk as
// src/translate/otlp/scan-protobuf.ts (which mirrors the decoder), summarised as numbers for
// scan-summary.ts to turn into the scan's result.
//
// Contract: it succeeds only where scanOtlpProtobuf succeeds, and its summary then describes exactly what that scan
// finds. Where protobufjs would read the bytes in a way not reproduced here, it declines (returns false) and the
// caller runs the JavaScript scan. src/storage/embedded/native-scan.test.ts holds it to this on generated and damaged requests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ariadne {

// Summary layout (int32 each; positions are byte offsets into the request):
//   resource count, scope count, span count; then per ResourceSpans, in order:
//     position of its last Resource field's length prefix (-1: none), schema URL start, end, number of ScopeSpans;
//     then per ScopeSpans: position of its last scope's length prefix (-1: none), schema URL start, end, span count;
//       then per span: position of its Span message's length prefix, trace id start, span id start, parent span id
//       start (-1: none, or all zero), name start, name end, kind (0 when out of range), position of its last start
//       time's 8 bytes (-1: none).
bool scanRequest(const uint8_t* buf, size_t length, std::vector<int32_t>& summary);

}  // namespace ariadne
