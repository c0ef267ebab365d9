{
  "targets": [
    {
      "target_name": "ariadne_pages",
      "sources": ["src/page_encoder.cc", "src/addon.cc"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-std=gnu++14"],
      "cflags_cc": ["-std=c++17", "-O2", "-fexceptions"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
