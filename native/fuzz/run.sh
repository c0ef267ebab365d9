#!/usr/bin/env bash
# Fuzzes the native scan and page encoder with libFuzzer under AddressSanitizer and UBSan (needs Debian's clang-14 and
# libclang-rt-14-dev). Seeds: realistic requests from the benchmark payloads (run `npm run build` first).
# Usage: native/fuzz/run.sh [seconds=120]
set -euo pipefail
cd "$(dirname "$0")/../.."
out=$(mktemp -d)
clang++-14 -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
  native/fuzz/fuzz_native.cc native/src/{page_encoder,span_writer,any_value,string_forms,request_scan,value_check}.cc \
  -o "$out/fuzz_native"
mkdir -p "$out/corpus"
node --input-type=module -e "
  import { writeFileSync } from 'node:fs';
  import { encodeOtlpProtobuf } from './dist/src/translate/otlp/index.js';
  import { createRealisticOtlpRequest } from './dist/bench/otlp-payload.js';
  for (let i = 0; i < 8; i++) writeFileSync('$out/corpus/seed' + i, encodeOtlpProtobuf(createRealisticOtlpRequest(1 + 3 * i, i + 1)));
"
"$out/fuzz_native" -max_total_time="${1:-120}" -max_len=8192 -print_final_stats=1 "$out/corpus"
