#!/usr/bin/env bash
# Smoke test of a codex-proxy in a development or staging environment: probes, the /metrics
# scrape and the contract series, a chat completion (JSON and streamed), request-id echo, an
# error envelope, maintenance on and off, and a worker restart seen in /healthz and the metrics.
#
# Usage: scripts/smoke/dev-smoke.sh [--no-kill] URL
#   URL        the proxy's base URL, e.g. http://127.0.0.1:8080
#   --no-kill  do not kill the worker; only check that /healthz and the metrics agree on restarts
# The worker is killed only when URL is on loopback and /healthz's worker_pid is a local
# `app-server` process. Tokens come from the environment (see lib.sh). One line per check,
# PASS or FAIL; the exit status is 1 when any check failed, 2 on wrong usage.
set -euo pipefail
# shellcheck source=scripts/smoke/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

kill_worker=true
if [ "${1:-}" = "--no-kill" ]; then
  kill_worker=false
  shift
fi
if [ $# -ne 1 ]; then
  echo "usage: $0 [--no-kill] URL" >&2
  exit 2
fi
set_target "$1"

check_chat() {
  request POST "$base/v1/chat/completions" "${api_auth[@]}" -H 'Content-Type: application/json' \
    --data '{"model": "'"$model"'", "messages": [{"role": "user", "content": "Reply with the word pong."}]}'
  if [ "$status" = 200 ] && jq -e '.choices[0].message.content | type == "string"' "$body" >/dev/null 2>&1; then
    pass chat "200 $(json '.choices[0].message.content' | head -c 60)"
  else
    fail chat "expected 200 with a completion, got $status $(excerpt)"
  fi
  request POST "$base/v1/chat/completions" "${api_auth[@]}" -H 'Content-Type: application/json' \
    --data '{"model": "'"$model"'", "stream": true, "messages": [{"role": "user", "content": "Reply with the word pong."}]}'
  if [ "$status" = 200 ] && grep -q '^data: \[DONE\]' "$body"; then
    pass chat-stream "200, $(grep -c '^data: ' "$body") SSE events ending in [DONE]"
  else
    fail chat-stream "expected 200 and an SSE stream ending in [DONE], got $status $(excerpt)"
  fi
}

# Kills the worker (when it is a local process) and waits for the restart to show in both places.
check_worker_restart() {
  request GET "$base/healthz"
  local pid before
  pid="$(json '.worker_pid // empty')"
  before="$(json '.restart_count // empty')"
  case "$base" in
    http://127.0.0.1:* | http://localhost:* | http://\[::1\]:*) ;;
    *)
      fail worker-restart "not killing a worker behind a non-loopback URL; run with --no-kill"
      return
      ;;
  esac
  if [ -z "$pid" ] || [ -z "$before" ] || ! tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'app-server'; then
    fail worker-restart "/healthz worker_pid '$pid' is not a local app-server process (restart_count '$before')"
    return
  fi
  kill -KILL "$pid"
  local deadline=$((SECONDS + 20)) health_count="" metric_count=""
  while [ "$SECONDS" -lt "$deadline" ]; do
    request GET "$base/healthz"
    health_count="$(json '.restart_count // empty')"
    scrape || true
    metric_count="$(metric_value codex_worker_restarts_total)"
    if [ "$status" = 200 ] && [ "$health_count" = $((before + 1)) ] && [ "$metric_count" = $((before + 1)) ]; then
      pass worker-restart "killed worker $pid; /healthz ready again, restart_count and codex_worker_restarts_total went $before -> $health_count"
      return
    fi
    sleep 0.2
  done
  fail worker-restart "killed worker $pid; after 20 s /healthz restart_count '$health_count', codex_worker_restarts_total '$metric_count' (expected $((before + 1)))"
}

request GET "$base/v1/models" "${api_auth[@]}"
model="$(json '.data[0].id // empty')"
model="${model:-gpt-5.1-codex}"

check_livez
check_readyz
check_healthz
check_api
check_chat
check_metrics streams-served
check_request_id
check_error_envelope
check_maintenance_toggle
if [ "$kill_worker" = true ]; then
  check_worker_restart
fi
check_restart_visibility
finish
