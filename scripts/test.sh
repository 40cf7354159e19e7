#!/usr/bin/env bash
# Install what the tests need, then run the whole test suite: `scripts/test.sh [extra mvn args]`.
#
# The compatibility tests drive real peers against our server: zkCli.sh (package zookeeper),
# the C client cli_mt (zookeeper-bin), Kazoo (python3-kazoo) and pytest (python3-pytest).
# Packages already installed are left alone, so a second run does no apt work and prints
# nothing of its own. Exits with Maven's status.
set -euo pipefail

readonly PACKAGES=(zookeeper zookeeper-bin python3-kazoo python3-pytest)

repo_root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$repo_root"

is_installed() {
  local status
  # db:Status-Status is "installed" for held packages too; "config-files" counts as missing.
  status="$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" || return 1
  [[ "$status" == "installed" ]]
}

as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "scripts/test.sh: need root or sudo to run: $*" >&2
    return 1
  fi
}

missing=()
for pkg in "${PACKAGES[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} > 0)); then
  echo "scripts/test.sh: installing missing Debian packages: ${missing[*]}" >&2
  as_root apt-get update
  # `env` carries DEBIAN_FRONTEND through sudo, which resets the environment.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

if ! command -v mvn >/dev/null 2>&1; then
  echo "scripts/test.sh: mvn not found on PATH (install Maven 3.8+ and a JDK 17)" >&2
  exit 1
fi

exec mvn -B verify "$@"
