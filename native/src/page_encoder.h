// Pages of the embedded store built straight from received OTLP/protobuf bytes, in C++.
//
// Why native: building a page in JavaScript means decoding every span into objects and strings, then walking them
// again to intern strings, hash search terms and write bytes: ~11–12 µs per span on this project's 2-core
// machine, more than half of what ingest into the embedded store cost. The same work over the bytes, without objects,
// takes ~2.8 µs here (`npm run bench:pages`).
//
// Contract: for a batch it accepts, the output is byte for byte what src/storage/embedded/page-builder.ts writes for
// the same spans (the property tests in src/storage/embedded/native-pages.test.ts hold the two to it). Anything it does not handle
// exactly as the JavaScript path would (invalid UTF-8, key-value lists, malformed or unusual protobuf, ids the
// decoder would reject) makes it decline the whole batch: it returns false and the caller uses the JavaScript path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ariadne {

struct EncodeInput {
  // Request bytes the spans sit in.
  std::vector<const uint8_t*> bufs;
  std::vector<size_t> bufLengths;
  // Per span in batch order: index into bufs, then where its length-prefixed Span message starts.
  const int32_t* places = nullptr;
  // Per span in batch order: its operation id in the store's catalog.
  const int32_t* opIds = nullptr;
  size_t spanCount = 0;
  // An ExportTraceServiceRequest holding the batch's resources and scopes, without spans.
  const uint8_t* skeleton = nullptr;
  size_t skeletonLength = 0;
  // Per scope of the skeleton, in order: how many of the batch's spans (consecutive, in batch order) it holds.
  const int32_t* scopeSpanCounts = nullptr;
  size_t scopeCount = 0;
  size_t pageTargetBytes = 24 * 1024;
};

// Appends to `out`: u32 page count, then per page u32 meta length, the meta (page-format.ts, with its chunk
// directory, codec NONE), u32 body length, the uncompressed body. Returns false (out unspecified) when it declines.
bool encodePages(const EncodeInput& input, std::vector<uint8_t>& out);

}  // namespace ariadne
