#!/usr/bin/env bash
# Runs the observability benchmarks: what the metrics observations and the (redacted, JSON) log
# lines of one request cost on the hot path, in nanoseconds per request.
#
# Usage: scripts/bench-observability.sh [--filter REGEX]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repository_root)"
ensure_apt_packages libpcre2-dev pkg-config
run_benchmark ObservabilityBenchmarks "ns/request" -- "$@"
