#!/usr/bin/env bash
# Runs the scenario suite (loadsim run), proves every scenario can fail (loadsim prove), and runs
# the P95 budget gate in a short configuration. Reports go to reports/{scenarios,prove,budget}/.
# scripts/test.sh runs this inside its loopback-only network namespace after the swift suites
# (the real-codex scenarios run only there; elsewhere they are inconclusive, never a pass).
#
# Usage: scripts/scenarios.sh [scenario files...]      (default: scenarios/*.yaml)
# Exit: 1 when a scenario fails, a proof fails or the budget command breaks; an inconclusive
# verdict (exit 2 of loadsim) is reported loudly but does not fail the run.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$(repository_root)"

bin="$(swift build --show-bin-path)"
for product in loadsim codex-proxy fake-codex; do
  [ -x "$bin/$product" ] || { echo "missing $bin/$product: build first (swift build --build-tests)" >&2; exit 1; }
done
mkdir -p reports

status=0
judge() {
  local what="$1" code="$2"
  case "$code" in
    0) say "$what: pass" ;;
    2) say "$what: INCONCLUSIVE (exit 2): see the table above; not counted as a failure" ;;
    *) say "$what: FAILED (exit $code)"; status=1 ;;
  esac
}

start=$(date +%s)
say "loadsim run: the scenario suite"
code=0; "$bin/loadsim" run "$@" --report-dir reports/scenarios || code=$?
judge "scenario suite" "$code"

say "loadsim prove: every scenario under its break"
code=0; "$bin/loadsim" prove "$@" --report-dir reports/prove || code=$?
judge "proofs" "$code"

say "loadsim budget (short configuration: observability on vs off)"
code=0; "$bin/loadsim" budget --rounds 10 --round-seconds 1 --concurrency 16 --report-dir reports/budget || code=$?
judge "budget gate" "$code"

say "scenarios, proofs and budget took $(( $(date +%s) - start )) s; reports in reports/"
exit "$status"
