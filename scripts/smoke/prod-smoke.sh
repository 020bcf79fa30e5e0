#!/usr/bin/env bash
# Smoke test of a production codex-proxy, safe to run at any time: probes, the /metrics scrape
# and the contract series, the model list, request-id echo, an error envelope (a truncated body,
# which never reaches the worker), restart visibility (/healthz and the metrics agree), and that
# maintenance is off. It sends no chat completion and changes nothing — unless --allow-toggle is
# given, which turns maintenance on and off again (the API answers 503 for that moment).
#
# Usage: scripts/smoke/prod-smoke.sh [--allow-toggle] URL
# Tokens come from the environment (see lib.sh). One line per check, PASS or FAIL; the exit status
# is 1 when any check failed, 2 on wrong usage.
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

allow_toggle=false
if [ "${1:-}" = "--allow-toggle" ]; then
  allow_toggle=true
  shift
fi
if [ $# -ne 1 ]; then
  echo "usage: $0 [--allow-toggle] URL" >&2
  exit 2
fi
set_target "$1"

check_livez
check_readyz
check_healthz
check_metrics streams-unknown
check_api
check_request_id
check_error_envelope
check_restart_visibility
if [ "$allow_toggle" = true ]; then
  check_maintenance_toggle
else
  check_maintenance_state
fi
finish
