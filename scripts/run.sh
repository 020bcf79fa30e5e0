#!/usr/bin/env bash
# Builds and runs codex-proxy on a local port with fake-codex as its demo worker.
#
# Usage: scripts/run.sh            (PROXY_PORT, PROXY_API_KEY, CODEX_BIN ... override the demo defaults)
# Stop it with Ctrl-C (a graceful drain, then exit 0).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repository_root)"

ensure_apt_packages libpcre2-dev pkg-config

configuration="${CONFIGURATION:-debug}"
say "building codex-proxy and fake-codex ($configuration)"
swift build -c "$configuration" --product fake-codex
swift build -c "$configuration" --product codex-proxy
bin="$(swift build -c "$configuration" --show-bin-path)"

export PROXY_HOST="${PROXY_HOST:-127.0.0.1}"
export PROXY_PORT="${PROXY_PORT:-8080}"
export PROXY_API_KEY="${PROXY_API_KEY:-demo-key}"
export CODEX_BIN="${CODEX_BIN:-$bin/fake-codex}"
export PROXY_MODELS="${PROXY_MODELS:-gpt-5.1-codex}"
export LOG_FORMAT="${LOG_FORMAT:-text}"
model="${PROXY_MODELS%%,*}"
base="http://$PROXY_HOST:$PROXY_PORT"

cat >&2 <<TRY

codex-proxy is starting on $base with worker $CODEX_BIN.
Try it from another terminal:

  curl -s $base/v1/chat/completions \\
    -H 'Authorization: Bearer $PROXY_API_KEY' -H 'Content-Type: application/json' \\
    -d '{"model": "$model", "messages": [{"role": "user", "content": "say hi"}]}'

  curl -sN $base/v1/chat/completions \\
    -H 'Authorization: Bearer $PROXY_API_KEY' -H 'Content-Type: application/json' \\
    -d '{"model": "$model", "stream": true, "messages": [{"role": "user", "content": "REPLY:streamed, one delta at a time"}]}'

  python3 - <<'PY'
from openai import OpenAI   # pip install openai
client = OpenAI(base_url="$base/v1", api_key="$PROXY_API_KEY")
reply = client.chat.completions.create(model="$model", messages=[{"role": "user", "content": "say hi"}])
print(reply.choices[0].message.content)
PY

  curl -s $base/healthz

TRY
exec "$bin/codex-proxy"
