# shellcheck shell=bash
# Shared checks of dev-smoke.sh and prod-smoke.sh (sourced, not run).
#
# Every check prints one line, "PASS <name>: <what was seen>" or "FAIL <name>: <what was wrong>",
# and the scripts exit 1 when any check failed. Every request has a time limit (SMOKE_TIMEOUT_S,
# default 10 s); nothing waits without a bound.
#
# Settings come from the environment, with the proxy's own names:
#   PROXY_API_KEY            bearer key for /v1/* (unset: the API is expected to be open)
#   PROXY_MAINTENANCE_TOKEN  bearer token for /internal/maintenance
#   PROXY_METRICS_TOKEN      bearer token for /metrics (unset: the scrape must come from loopback)
#   SMOKE_METRICS_URL        where /metrics is served (default: URL/metrics; set it when the proxy
#                            runs with PROXY_METRICS_PORT)

smoke_failures=0
base=""
metrics_url=""
smoke_timeout="${SMOKE_TIMEOUT_S:-10}"
smoke_work="$(mktemp -d)"
trap 'rm -rf "$smoke_work"' EXIT

# The metric names of the contract (docs/metrics.md); a scrape must show each of them.
contract_series=(
  codex_http_requests_total codex_http_latency_ms codex_stream_first_token_ms codex_streams_active
  codex_worker_restarts_total codex_worker_recycles_total codex_worker_backoff_ms codex_worker_ready
  codex_tool_buffer_started_total codex_tool_buffer_flushed_total codex_tool_buffer_aborted_total
  codex_maintenance_mode codex_trace_buffer_files codex_trace_buffer_pruned_total
)

# set_target URL: the proxy under test, and where its metrics are.
set_target() {
  base="${1%/}"
  metrics_url="${SMOKE_METRICS_URL:-$base/metrics}"
}

pass() { printf 'PASS %s: %s\n' "$1" "$2"; }
fail() { printf 'FAIL %s: %s\n' "$1" "$2"; smoke_failures=$((smoke_failures + 1)); }

# request METHOD URL [curl arguments...]: sets $status, $body (file) and $headers (file).
request() {
  local method="$1" url="$2"
  shift 2
  body="$smoke_work/body"
  headers="$smoke_work/headers"
  : >"$body"
  : >"$headers"
  status=$(curl -sS -o "$body" -D "$headers" -w '%{http_code}' --max-time "$smoke_timeout" -X "$method" "$@" "$url" 2>"$smoke_work/curl-error") ||
    status="000"
}

# The value of response header NAME (case-insensitive), without the line end; empty if absent.
header() {
  { grep -i "^$1:" "$headers" || true; } | head -n 1 | cut -d: -f2- | tr -d '\r' | sed 's/^ *//'
}

# json FILTER: jq -r FILTER on the last response body; empty when the body is not JSON.
json() {
  jq -r "$1" "$body" 2>/dev/null || true
}

# A short, single-line excerpt of the last response body, for messages.
excerpt() {
  head -c 160 "$body" | tr '\n' ' '
}

api_auth=()
[ -n "${PROXY_API_KEY:-}" ] && api_auth=(-H "Authorization: Bearer $PROXY_API_KEY")
metrics_auth=()
[ -n "${PROXY_METRICS_TOKEN:-}" ] && metrics_auth=(-H "Authorization: Bearer $PROXY_METRICS_TOKEN")

check_livez() {
  request GET "$base/livez"
  if [ "$status" = 200 ] && jq -e '.status == "ok"' "$body" >/dev/null 2>&1; then
    pass livez "200 $(excerpt)"
  else
    fail livez "expected 200 with status ok, got $status $(excerpt)"
  fi
}

check_readyz() {
  request GET "$base/readyz"
  if [ "$status" = 200 ] && jq -e '.worker_state == "ready"' "$body" >/dev/null 2>&1; then
    pass readyz "200 $(excerpt)"
  else
    fail readyz "expected 200 with worker_state ready, got $status $(excerpt)"
  fi
}

check_healthz() {
  request GET "$base/healthz"
  if [ "$status" = 200 ] && jq -e 'has("restart_count") and has("backoff_ms") and has("maintenance_mode") and .worker_state == "ready"' "$body" >/dev/null 2>&1; then
    pass healthz "200 restart_count=$(json .restart_count) maintenance_mode=$(json .maintenance_mode)"
  else
    fail healthz "expected 200 with restart_count, backoff_ms, maintenance_mode and a ready worker, got $status $(excerpt)"
  fi
}

# Scrapes the metrics into $smoke_work/metrics; returns non-zero when the scrape failed.
scrape() {
  request GET "$metrics_url" "${metrics_auth[@]}"
  cp "$body" "$smoke_work/metrics"
  [ "$status" = 200 ]
}

# The value of one series in the last scrape (exact name and labels as exposed), or empty.
metric_value() {
  awk -v series="$1" '$1 == series { print $2 + 0; exit }' "$smoke_work/metrics"
}

# check_metrics streams-served|streams-unknown: the scrape, and the contract series in it. The
# first-token histogram exists once a stream has been served; with streams-unknown its absence is
# noted, not failed (a proxy that has served no stream since it started has none).
check_metrics() {
  local streams="$1"
  if scrape; then
    pass metrics-scrape "200, $(grep -c '^codex_' "$smoke_work/metrics") codex_ samples"
  else
    fail metrics-scrape "expected 200 from $metrics_url, got $status $(excerpt)"
  fi
  local missing=() note=""
  for series in "${contract_series[@]}"; do
    grep -q "^# TYPE $series " "$smoke_work/metrics" || missing+=("$series")
  done
  if [ "$streams" = streams-unknown ] && [ "${#missing[@]}" -eq 1 ] && [ "${missing[0]}" = codex_stream_first_token_ms ]; then
    missing=()
    note=" (codex_stream_first_token_ms not yet: no stream served since start)"
  fi
  if [ "${#missing[@]}" -eq 0 ]; then
    pass metrics-contract "contract series exported$note"
  else
    fail metrics-contract "missing: ${missing[*]}"
  fi
}

check_request_id() {
  local id
  id="smoke-$(date +%s)-$$"
  request GET "$base/v1/models" -H "X-Request-Id: $id" "${api_auth[@]}"
  local echoed
  echoed="$(header x-request-id)"
  if [ "$echoed" = "$id" ]; then
    pass request-id "X-Request-Id $id echoed (status $status)"
  else
    fail request-id "sent X-Request-Id $id, got '${echoed}' (status $status)"
  fi
}

check_error_envelope() {
  request POST "$base/v1/chat/completions" "${api_auth[@]}" -H 'Content-Type: application/json' --data '{"model": 7'
  if [ "$status" = 400 ] && jq -e '.error | (.message | type == "string") and (.type | type == "string") and (.code | type == "string") and has("param") and (.retryable == false)' "$body" >/dev/null 2>&1 &&
    [ -n "$(header x-request-id)" ]; then
    pass error-envelope "400 $(json .error.code): $(json .error.message | head -c 80)"
  else
    fail error-envelope "expected 400 with an OpenAI error object and a request id for a truncated body, got $status $(excerpt)"
  fi
}

check_api() {
  request GET "$base/v1/models" "${api_auth[@]}"
  if [ "$status" = 200 ] && jq -e '.object == "list" and (.data | length > 0)' "$body" >/dev/null 2>&1; then
    pass models "200 $(json '[.data[].id] | join(",")')"
  else
    fail models "expected 200 with a model list, got $status $(excerpt)"
  fi
}

# Compares the restart count of /healthz with codex_worker_restarts_total.
check_restart_visibility() {
  request GET "$base/healthz"
  local health_count
  health_count="$(json '.restart_count // empty')"
  scrape || true
  local metric_count
  metric_count="$(metric_value codex_worker_restarts_total)"
  if [ -n "$health_count" ] && [ -n "$metric_count" ] && [ "$metric_count" = "$health_count" ]; then
    pass restart-visibility "/healthz restart_count=$health_count = codex_worker_restarts_total"
  else
    fail restart-visibility "/healthz restart_count='$health_count', codex_worker_restarts_total='$metric_count'"
  fi
}

# maintenance_post true|false: sets maintenance mode; returns non-zero unless the proxy confirms.
maintenance_post() {
  request POST "$base/internal/maintenance" -H "Authorization: Bearer ${PROXY_MAINTENANCE_TOKEN:-}" -H 'Content-Type: application/json' \
    --data "{\"enabled\": $1}"
  [ "$status" = 200 ] && jq -e ".maintenance_mode == $1" "$body" >/dev/null 2>&1
}

# Turns maintenance on, checks the API's 503 and the gauge, turns it off, checks again.
check_maintenance_toggle() {
  if [ -z "${PROXY_MAINTENANCE_TOKEN:-}" ]; then
    fail maintenance-on "PROXY_MAINTENANCE_TOKEN is not set"
    fail maintenance-off "PROXY_MAINTENANCE_TOKEN is not set"
    return
  fi
  if maintenance_post true; then
    request GET "$base/v1/models" "${api_auth[@]}"
    local api_status="$status" retry_after
    retry_after="$(header retry-after)"
    local retryable
    retryable="$(json .error.retryable)"
    scrape || true
    local gauge
    gauge="$(metric_value 'codex_maintenance_mode{state="on"}')"
    if [ "$api_status" = 503 ] && [ -n "$retry_after" ] && [ "$retryable" = true ] && [ "$gauge" = 1 ]; then
      pass maintenance-on "/v1/models 503, Retry-After $retry_after, retryable, codex_maintenance_mode{state=\"on\"} 1"
    else
      fail maintenance-on "expected 503 + Retry-After + retryable and the gauge at 1, got $api_status, Retry-After '$retry_after', retryable '$retryable', gauge '$gauge'"
    fi
  else
    fail maintenance-on "POST /internal/maintenance {\"enabled\": true} answered $status $(excerpt)"
  fi
  if maintenance_post false; then
    request GET "$base/v1/models" "${api_auth[@]}"
    local api_status="$status"
    scrape || true
    local gauge
    gauge="$(metric_value 'codex_maintenance_mode{state="on"}')"
    if [ "$api_status" = 200 ] && [ "$gauge" = 0 ]; then
      pass maintenance-off "/v1/models 200 again, codex_maintenance_mode{state=\"on\"} 0"
    else
      fail maintenance-off "expected 200 and the gauge at 0, got $api_status and gauge '$gauge'"
    fi
  else
    fail maintenance-off "POST /internal/maintenance {\"enabled\": false} answered $status $(excerpt)"
  fi
}

# Reads the maintenance state without changing it: production should not be in maintenance.
check_maintenance_state() {
  request GET "$base/healthz"
  local mode
  mode="$(json 'if has("maintenance_mode") then .maintenance_mode else empty end')"
  scrape || true
  local gauge
  gauge="$(metric_value 'codex_maintenance_mode{state="on"}')"
  if [ "$mode" = false ] && [ "$gauge" = 0 ]; then
    pass maintenance-state "off in /healthz and codex_maintenance_mode (not toggled; --allow-toggle exercises it)"
  else
    fail maintenance-state "expected maintenance off, /healthz says '$mode', the gauge '$gauge'"
  fi
}

# Ends the script: a summary line and the exit status.
finish() {
  if [ "$smoke_failures" -eq 0 ]; then
    printf 'smoke: all checks passed against %s\n' "$base"
    exit 0
  fi
  printf 'smoke: %d check(s) failed against %s\n' "$smoke_failures" "$base"
  exit 1
}
