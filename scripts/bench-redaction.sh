#!/usr/bin/env bash
# Runs the redaction benchmarks (Benchmarks/, a separate package built in release mode by the
# ordo-one benchmark plugin) and prints MB/s and ns per operation (one 200-byte line or one
# 4 KiB frame) for each case, with and without JIT and as the number of rules grows.
#
# Usage: scripts/bench-redaction.sh [--filter REGEX]    e.g. --filter 'line 200B'
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repository_root)"
ensure_apt_packages libpcre2-dev pkg-config
run_benchmark RedactionBenchmarks "MB/s" "ns/op" -- "$@"
