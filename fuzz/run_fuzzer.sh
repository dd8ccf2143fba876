#!/usr/bin/env bash
# Runs one harness under libFuzzer on its corpus (fuzz/make_corpus.sh), in one process, with
# the limits this project fuzzes with: 10 s per input, 4 GiB RSS, and no single allocation over
# 512 MiB (readers must allocate in proportion to their input). Crashes go to
# fuzz/artifacts/NAME/. Extra arguments go to libFuzzer, e.g. -runs=1000000 or -max_total_time=900.
#
# usage: fuzz/run_fuzzer.sh NAME [libFuzzer flags...]     (BUILD=build/fuzz by default)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
name=${1:?usage: $0 NAME [libFuzzer flags...]}
shift
build=${BUILD:-$here/../build/fuzz}
corpus=$here/corpus/$name
[[ -d $corpus ]] || "$here/make_corpus.sh" "$build" >/dev/null
mkdir -p "$here/artifacts/$name"
# -max_len: the largest seed, and at least 256 bytes (input shapes are a few bytes long).
largest=$(find "$corpus" -type f -printf '%s\n' | sort -n | tail -1)
[[ ${largest:-0} -ge 256 ]] || largest=256
dict=()
case $name in torch_ir_json | op_mapping) dict=(-dict="$here/json.dict") ;; esac
# Leaks are not what these harnesses look for, and libtorch keeps some allocations for good.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
exec "$build/fuzz/irscope_fuzz_$name" "$corpus" -max_len="$largest" -timeout=10 \
  -rss_limit_mb=4096 -malloc_limit_mb=512 -artifact_prefix="$here/artifacts/$name/" \
  -print_final_stats=1 "${dict[@]}" "$@"
