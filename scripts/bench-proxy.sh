#!/usr/bin/env bash
# End-to-end measurements with loadsim (release build), from the client's side of the socket:
#   1. worker kill → /readyz 503 → /readyz 200, 20 times;
#   2. what the proxy adds over the paced fake worker at 32 concurrent streams (A/B interleaved);
#   3. what observability (info logs + metrics) adds over a quiet proxy (A/B interleaved);
#   4. what a multi-message conversation (one thread/inject_items) costs over a lone user message;
#   5. a client function call round through the proxy against the same worker calls made directly.
#
# Usage: scripts/bench-proxy.sh [recovery|overhead|observability|conversation|function-call]...
#        (default: the first three)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repository_root)"
ensure_apt_packages libpcre2-dev pkg-config

say "building codex-proxy, fake-codex and loadsim in release mode"
for product in codex-proxy fake-codex loadsim; do swift build -c release --product "$product"; done
bin="$(swift build -c release --show-bin-path)"

measurements=("$@")
[ ${#measurements[@]} -gt 0 ] || measurements=(recovery overhead observability)
for measurement in "${measurements[@]}"; do
  case "$measurement" in
    recovery) say "loadsim recovery --kills 20"; "$bin/loadsim" recovery --kills 20 ;;
    overhead) say "loadsim overhead --compare worker --concurrency 32"; "$bin/loadsim" overhead --compare worker --concurrency 32 ;;
    observability) say "loadsim overhead --compare observability --concurrency 32"; "$bin/loadsim" overhead --compare observability --concurrency 32 ;;
    conversation) say "loadsim overhead --compare conversation --concurrency 8"; "$bin/loadsim" overhead --compare conversation --concurrency 8 ;;
    function-call) say "loadsim overhead --compare function-call --concurrency 8"; "$bin/loadsim" overhead --compare function-call --concurrency 8 ;;
    *) echo "unknown measurement: $measurement (recovery, overhead, observability, conversation, function-call)" >&2; exit 64 ;;
  esac
done
