#!/usr/bin/env bash
# Runs the scenario suite (loadsim run), proves every scenario can fail (loadsim prove), and runs
# the P95 budget gate in a short configuration. Reports go to reports/{scenarios,prove,budget}/.
# scripts/test.sh runs this inside its loopback-only network namespace after the swift suites
# (the real-codex scenarios run only there; elsewhere they are inconclusive, never a pass).
#
# Usage: scripts/scenarios.sh [scenario files...]      (default: scenarios/*.yaml)
# Exit: 1 when a scenario fails, a proof fails or the budget command breaks; an inconclusive
# verdict (exit 2 of loadsim) is reported loudly but does not fail the run, and the short budget
# run's verdict is reported only (a debug build and 1 s rounds are not evidence).
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

# The short budget run checks that the gate works end to end (rounds, interval, reports). On a
# debug build and one-second rounds its verdict is not evidence, so pass, fail and inconclusive
# are all reported without failing the run; a broken command (usage error, crash, no report) fails it.
say "loadsim budget (short configuration on the debug build: observability off vs on)"
code=0; "$bin/loadsim" budget --rounds 10 --round-seconds 1 --concurrency 16 --report-dir reports/budget || code=$?
case "$code" in
  0|1|2)
    if python3 -c 'import json, sys; r = json.load(open("reports/budget/budget.json")); sys.exit(0 if r["rounds"] == 10 and len(r["measures"]) == 6 else 1)' \
      && grep -q "<svg" reports/budget/budget.html; then
      say "budget gate: works (verdict exit $code: 0 pass, 1 fail, 2 inconclusive; measure on a release build for a real verdict, see docs/budget.md)"
    else
      say "budget gate: BROKEN (its reports are missing or malformed)"; status=1
    fi ;;
  *) say "budget gate: BROKEN (exit $code)"; status=1 ;;
esac

say "scenarios, proofs and budget took $(( $(date +%s) - start )) s; reports in reports/"
exit "$status"
