#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (swiftc -sanitize=fuzzer,address, each with the source
# files it exercises) and runs each for a bounded time, with bounded input size and memory.
# A crash or a failed precondition stops the script and leaves the input in .build-fuzz/crash-<target>-*.
#
# Usage: scripts/fuzz.sh [seconds per target, default 30]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repository_root)"

seconds="${1:-30}"
out=".build-fuzz"
mkdir -p "$out"

build_and_run() {
  local name="$1"; shift
  say "building fuzz target $name"
  swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name "$name" "Fuzz/$name.swift" "$@" -o "$out/bin-$name" 2>&1 \
    | { grep -v "Cannot export local symbol" || true; }
  mkdir -p "$out/corpus-$name"
  say "running $name for ${seconds}s"
  "$out/bin-$name" -max_total_time="$seconds" -max_len=4096 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$out/crash-$name-" "$out/corpus-$name" 2>&1 | tail -3
}

build_and_run ToolBufferFuzz Sources/Proxy/Chat/ToolCallBuffer.swift
build_and_run LineFramerFuzz Sources/CodexAppServer/Framing/LineFramer.swift
say "all fuzz targets ran ${seconds}s without a crash"
