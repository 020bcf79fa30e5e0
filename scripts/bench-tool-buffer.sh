#!/usr/bin/env bash
# Runs the tool-buffer benchmark (Benchmarks/, release mode, ordo-one benchmark plugin): the
# time to feed 1 MiB through ToolCallBuffer as plain text, closed blocks or one unclosed block,
# in 4-byte and 256-byte deltas. One op = 1 MiB, so throughput in op/s is MiB/s.
#
# Usage: scripts/bench-tool-buffer.sh [--filter REGEX]    e.g. --filter unclosed
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repository_root)"
ensure_apt_packages libpcre2-dev pkg-config
run_benchmark ToolBufferBenchmarks "Time (wall clock)" "Throughput (# / s)" -- "$@"
