// libFuzzer harness for the native scan and page encoder (not part of the build; see native/fuzz/run.sh): on any
// bytes, no crash and no sanitizer report. Each input is scanned as a request; the encoder then gets the spans the
// scan found (or the whole input as one span when it found none) and, separately, the input as a skeleton.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "../src/page_encoder.h"
#include "../src/request_scan.h"

namespace {

void encode(const uint8_t* data, size_t size, const std::vector<int32_t>& places, const std::vector<int32_t>& opIds,
            const std::vector<uint8_t>& skeleton, const std::vector<int32_t>& counts) {
  ariadne::EncodeInput in;
  in.bufs.push_back(data);
  in.bufLengths.push_back(size);
  in.places = places.data();
  in.opIds = opIds.data();
  in.spanCount = opIds.size();
  in.skeleton = skeleton.data();
  in.skeletonLength = skeleton.size();
  in.scopeSpanCounts = counts.data();
  in.scopeCount = counts.size();
  in.pageTargetBytes = 512;
  std::vector<uint8_t> out;
  ariadne::encodePages(in, out);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<int32_t> s;
  std::vector<int32_t> places, opIds, counts;
  std::vector<uint8_t> skeleton;
  if (ariadne::scanRequest(data, size, s)) {
    size_t k = 3;
    for (int32_t r = 0; r < s[0]; r++) {
      const int32_t scopes = s[k + 3];
      k += 4;
      std::vector<uint8_t> group;
      for (int32_t j = 0; j < scopes; j++) {
        const int32_t spans = s[k + 3];
        k += 4;
        counts.push_back(spans);
        group.insert(group.end(), {0x12, 0x00});
        for (int32_t n = 0; n < spans; n++, k += 8) {
          places.insert(places.end(), {0, s[k]});
          opIds.push_back(n % 3);
        }
      }
      if (group.size() > 127) return 0;
      skeleton.push_back(0x0a);
      skeleton.push_back(static_cast<uint8_t>(group.size()));
      skeleton.insert(skeleton.end(), group.begin(), group.end());
    }
  }
  if (opIds.empty()) {
    places = {0, 0};
    opIds = {1};
    counts = {1};
    skeleton = {0x0a, 0x02, 0x12, 0x00};
  }
  encode(data, size, places, opIds, skeleton, counts);
  const std::vector<uint8_t> asSkeleton(data, data + size);
  std::vector<int32_t> noCounts(8, 0);
  encode(data, size, {}, {}, asSkeleton, noCounts);
  return 0;
}
