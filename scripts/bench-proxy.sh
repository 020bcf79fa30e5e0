#!/usr/bin/env bash
# End-to-end measurements with loadsim (release build), from the client's side of the socket:
#   recovery       worker kill → /readyz 503 → /readyz 200, 20 times;
#   overhead       what the proxy adds over the paced fake worker at 32 concurrent streams (A/B interleaved);
#   observability  what observability (info logs + metrics) adds over a quiet proxy (A/B interleaved);
#   budget         the ±5 % P95 gate on observability (20 rounds × 3 s), and its A/A noise floor;
#   cpu            proxy CPU per request with fake-codex: JSON/SSE, c=8/32, trace off/on, and
#                  the baseline build in $BASELINE_PROXY_BIN if set (see docs/performance.md);
#   floor          the real codex driven directly over JSON-RPC vs the proxy in front of it, c=8,
#                  in a loopback-only network namespace with the loopback mock Responses API;
#   conversation   a four-message conversation (one thread/inject_items) vs a lone user message, c=8;
#   function-call  a client function call round through the proxy vs the same worker calls made
#                  directly, c=8.
#
# Usage: scripts/bench-proxy.sh [recovery|overhead|observability|budget|cpu|floor|conversation|function-call]...
#        (default: recovery overhead observability)
# Builds run with `nice -n 5` (a shared two-core machine); every measurement is bounded in
# requests or rounds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repository_root)"
ensure_apt_packages libpcre2-dev pkg-config

say "building codex-proxy, fake-codex and loadsim in release mode"
for product in codex-proxy fake-codex loadsim; do nice -n 5 swift build -c release --product "$product"; done
bin="$(swift build -c release --show-bin-path)"
baseline=()
if [ -n "${BASELINE_PROXY_BIN:-}" ]; then baseline=(--baseline-bin "$BASELINE_PROXY_BIN"); fi

# Runs loadsim floor in a new network namespace that has only loopback: the real codex and the
# mock Responses API it talks to never reach anything else.
run_floor() {
  ensure_apt_packages iproute2 util-linux
  local codex
  codex="$(python3 -c 'import codex_cli_bin; print(codex_cli_bin.bundled_codex_path())')"
  say "loadsim floor --rounds 5 --requests 200 --concurrency 8 (real codex $codex, loopback-only namespace)"
  local command
  command="$(printf '%q ' "$bin/loadsim" floor --rounds 5 --requests 200 --concurrency 8 --real-codex-bin "$codex" "${baseline[@]}")"
  unshare --net --mount --propagation private bash -c "
    set -euo pipefail
    mount -t sysfs sysfs /sys
    ip link set lo up
    $command
  "
}

measurements=("$@")
[ ${#measurements[@]} -gt 0 ] || measurements=(recovery overhead observability)
for measurement in "${measurements[@]}"; do
  case "$measurement" in
    recovery) say "loadsim recovery --kills 20"; "$bin/loadsim" recovery --kills 20 ;;
    overhead) say "loadsim overhead --compare worker --concurrency 32"; "$bin/loadsim" overhead --compare worker --concurrency 32 ;;
    observability) say "loadsim overhead --compare observability --concurrency 32"; "$bin/loadsim" overhead --compare observability --concurrency 32 ;;
    budget)
      say "loadsim budget --aa --rounds 10 --round-seconds 3 (noise floor)"
      "$bin/loadsim" budget --aa --rounds 10 --round-seconds 3 || true
      say "loadsim budget --rounds 20 --round-seconds 3 (observability off vs on, 64 streams)"
      "$bin/loadsim" budget --rounds 20 --round-seconds 3 --report-dir reports/budget-release || true
      ;;
    cpu)
      say "loadsim cpu --requests 10000 --rounds 3 ${baseline[*]}"
      "$bin/loadsim" cpu --requests 10000 --rounds 3 "${baseline[@]}"
      ;;
    floor) run_floor ;;
    conversation) say "loadsim overhead --compare conversation --concurrency 8"; "$bin/loadsim" overhead --compare conversation --concurrency 8 ;;
    function-call) say "loadsim overhead --compare function-call --concurrency 8"; "$bin/loadsim" overhead --compare function-call --concurrency 8 ;;
    *) echo "unknown measurement: $measurement (recovery, overhead, observability, budget, cpu, floor, conversation, function-call)" >&2; exit 64 ;;
  esac
done
