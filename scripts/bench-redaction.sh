#!/usr/bin/env bash
# Runs the redaction benchmarks (Benchmarks/, a separate package built in release mode by the
# ordo-one benchmark plugin) and prints MB/s and ns per operation (one 200-byte line or one
# 4 KiB frame) for each case. The full report, with wall clock and malloc counts, is kept in
# .build-bench/redaction-benchmarks.txt.
#
# Usage: scripts/bench-redaction.sh [--filter REGEX]    e.g. --filter 'line 200B'
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repository_root)"

ensure_apt_packages libpcre2-dev pkg-config

report_dir=".build-bench"
report="$report_dir/redaction-benchmarks.txt"
mkdir -p "$report_dir"

arguments=(--target RedactionBenchmarks --grouping metric --no-progress)
if [ "$#" -gt 0 ]; then
  arguments+=("$@")
fi

say "building and running the redaction benchmarks in release mode (swift package benchmark ${arguments[*]})"
say "this takes a few minutes; the full report goes to $report"
swift package --package-path Benchmarks benchmark "${arguments[@]}" >"$report" 2>&1 || {
  status=$?
  cat "$report" >&2
  exit "$status"
}

# Print the two summary tables: the benchmark framework groups its output by metric, and each
# table runs from the metric's name to the line that closes the table.
say "MB/s (higher is better) and ns per line or frame (lower is better); p50 is the median"
awk '
  $0 == "MB/s" || $0 == "ns/op" { printing = 1; print ""; print; next }
  printing { print }
  printing && /^╘/ { printing = 0 }
' "$report"
