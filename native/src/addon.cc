// Node-API binding of page_encoder.h and request_scan.h:
//   encodePages(bufs: Uint8Array[], places: Int32Array, opIds: Int32Array, skeleton: Uint8Array,
//               scopeSpanCounts: Int32Array, pageTargetBytes: number) → Buffer | null
// Returns the pages as page_encoder.h lays them out, or null when the encoder declines the batch.
//   scanRequest(request: Uint8Array) → Int32Array | null
// Returns the request's summary as request_scan.h lays it out, or null when the scan declines.
// Argument errors throw a TypeError. The calls are synchronous and read their inputs in place.
#include <node_api.h>

#include <cstring>
#include <vector>

#include "page_encoder.h"
#include "request_scan.h"

namespace {

bool typedArray(napi_env env, napi_value value, napi_typedarray_type expected, const void** data, size_t* length) {
  bool is = false;
  if (napi_is_typedarray(env, value, &is) != napi_ok || !is) return false;
  napi_typedarray_type type;
  void* ptr = nullptr;
  if (napi_get_typedarray_info(env, value, &type, length, &ptr, nullptr, nullptr) != napi_ok || type != expected) return false;
  *data = ptr;
  return true;
}

napi_value fail(napi_env env, const char* message) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", message);
  return nullptr;
}

napi_value EncodePages(napi_env env, napi_callback_info info) {
  size_t argc = 6;
  napi_value argv[6];
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 6) {
    return fail(env, "encodePages takes (bufs, places, opIds, skeleton, scopeSpanCounts, pageTargetBytes)");
  }
  ariadne::EncodeInput input;

  bool isArray = false;
  uint32_t bufCount = 0;
  if (napi_is_array(env, argv[0], &isArray) != napi_ok || !isArray || napi_get_array_length(env, argv[0], &bufCount) != napi_ok) {
    return fail(env, "bufs must be an array of Uint8Array");
  }
  for (uint32_t i = 0; i < bufCount; i++) {
    napi_value element;
    const void* data = nullptr;
    size_t length = 0;
    if (napi_get_element(env, argv[0], i, &element) != napi_ok || !typedArray(env, element, napi_uint8_array, &data, &length)) {
      return fail(env, "bufs must be an array of Uint8Array");
    }
    input.bufs.push_back(static_cast<const uint8_t*>(data));
    input.bufLengths.push_back(length);
  }

  const void* places = nullptr;
  size_t placesLength = 0;
  if (!typedArray(env, argv[1], napi_int32_array, &places, &placesLength)) return fail(env, "places must be an Int32Array");
  const void* opIds = nullptr;
  size_t opIdsLength = 0;
  if (!typedArray(env, argv[2], napi_int32_array, &opIds, &opIdsLength)) return fail(env, "opIds must be an Int32Array");
  if (placesLength != opIdsLength * 2) return fail(env, "places must hold two numbers per operation id");
  const void* skeleton = nullptr;
  if (!typedArray(env, argv[3], napi_uint8_array, &skeleton, &input.skeletonLength)) return fail(env, "skeleton must be a Uint8Array");
  const void* counts = nullptr;
  if (!typedArray(env, argv[4], napi_int32_array, &counts, &input.scopeCount)) return fail(env, "scopeSpanCounts must be an Int32Array");
  double target = 0;
  if (napi_get_value_double(env, argv[5], &target) != napi_ok || !(target >= 1 && target <= 1 << 30)) {
    return fail(env, "pageTargetBytes must be a number from 1 to 2^30");
  }

  input.places = static_cast<const int32_t*>(places);
  input.opIds = static_cast<const int32_t*>(opIds);
  input.spanCount = opIdsLength;
  input.skeleton = static_cast<const uint8_t*>(skeleton);
  input.scopeSpanCounts = static_cast<const int32_t*>(counts);
  input.pageTargetBytes = static_cast<size_t>(target);

  std::vector<uint8_t> out;
  out.reserve(input.spanCount * 400 + 1024);
  napi_value result;
  if (!ariadne::encodePages(input, out)) {
    napi_get_null(env, &result);
    return result;
  }
  void* copy = nullptr;
  if (napi_create_buffer_copy(env, out.size(), out.data(), &copy, &result) != napi_ok) return nullptr;
  return result;
}

napi_value ScanRequest(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  const void* data = nullptr;
  size_t length = 0;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 1 || !typedArray(env, argv[0], napi_uint8_array, &data, &length)) {
    return fail(env, "scanRequest takes (request: Uint8Array)");
  }
  std::vector<int32_t> summary;
  summary.reserve(64 + length / 20);
  napi_value result;
  if (!ariadne::scanRequest(static_cast<const uint8_t*>(data), length, summary)) {
    napi_get_null(env, &result);
    return result;
  }
  void* bytes = nullptr;
  napi_value buffer;
  if (napi_create_arraybuffer(env, summary.size() * sizeof(int32_t), &bytes, &buffer) != napi_ok) return nullptr;
  if (!summary.empty()) std::memcpy(bytes, summary.data(), summary.size() * sizeof(int32_t));
  if (napi_create_typedarray(env, napi_int32_array, summary.size(), buffer, 0, &result) != napi_ok) return nullptr;
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "encodePages", NAPI_AUTO_LENGTH, EncodePages, nullptr, &fn);
  napi_set_named_property(env, exports, "encodePages", fn);
  napi_create_function(env, "scanRequest", NAPI_AUTO_LENGTH, ScanRequest, nullptr, &fn);
  napi_set_named_property(env, exports, "scanRequest", fn);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
