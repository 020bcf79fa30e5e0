# Shared helpers for the scripts in this folder (sourced, not run).

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Installs the Debian packages named in "$@" that are missing, with apt-get.
ensure_apt_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# Installs the PyPI requirements "$@" (pip specifiers) that are missing.
ensure_pip_packages() {
  local missing=()
  for requirement in "$@"; do
    python3 -m pip show "${requirement%%[=<>]*}" >/dev/null 2>&1 || missing+=("$requirement")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Python packages: ${missing[*]}"
    python3 -m pip install --quiet "${missing[@]}"
  fi
}

repository_root() {
  cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd
}

# Runs one target of the Benchmarks package (ordo-one benchmark, release mode) and prints the
# summary tables of the named metrics. The full report is kept in .build-bench/<target>.txt.
# Usage: run_benchmark TARGET "METRIC" ["METRIC" ...] -- [extra benchmark arguments]
run_benchmark() {
  local target="$1"; shift
  local metrics=()
  while [ "$#" -gt 0 ] && [ "$1" != "--" ]; do metrics+=("$1"); shift; done
  [ "${1:-}" = "--" ] && shift
  local report_dir=".build-bench"
  local report="$report_dir/$target.txt"
  mkdir -p "$report_dir"
  local arguments=(--target "$target" --grouping metric --no-progress "$@")
  say "building and running $target in release mode (swift package benchmark ${arguments[*]})"
  say "this takes a few minutes; the full report goes to $report"
  swift package --package-path Benchmarks benchmark "${arguments[@]}" >"$report" 2>&1 || {
    local status=$?
    cat "$report" >&2
    return "$status"
  }
  say "${metrics[*]} (p50 is the median)"
  # The framework groups its output by metric; each table runs from the metric's name to the
  # line that closes the table.
  local pattern
  pattern=$(printf '$0 == "%s" || ' "${metrics[@]}")
  awk "
    ${pattern% || } { printing = 1; print \"\"; print; next }
    printing { print }
    printing && /^╘/ { printing = 0 }
  " "$report"
}
