{
  "targets": [
    {
      "target_name": "ariadne_pages",
      "sources": ["src/addon.cc", "src/page_encoder.cc", "src/span_writer.cc", "src/any_value.cc", "src/string_forms.cc", "src/request_scan.cc", "src/value_check.cc"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++14"],
      "cflags_cc": ["-std=c++17", "-O2", "-fexceptions"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
