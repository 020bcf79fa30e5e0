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
