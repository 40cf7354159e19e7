#!/usr/bin/env bash
# Install what the tests need, then run the whole test suite: `scripts/test.sh [extra mvn args]`.
#
# The compatibility tests drive real peers against our server: zkCli.sh (package zookeeper),
# the C client cli_mt (zookeeper-bin), Kazoo (python3-kazoo) and pytest (python3-pytest), and
# node-zookeeper-client from npm (nodejs and npm from Debian when `node` is missing; the module
# with `npm ci` into compat-tests/src/test/node/node_modules, at the version its package-lock.json
# pins). What is already installed is left alone, so a second run does no apt or npm work and
# prints nothing of its own. Exits with Maven's status.
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
# node may come from elsewhere (nodesource, nvm); only without any `node` install Debian's.
if ! command -v node >/dev/null 2>&1; then
  for pkg in nodejs npm; do
    is_installed "$pkg" || missing+=("$pkg")
  done
fi

if ((${#missing[@]} > 0)); then
  echo "scripts/test.sh: installing missing Debian packages: ${missing[*]}" >&2
  as_root apt-get update
  # `env` carries DEBIAN_FRONTEND through sudo, which resets the environment.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
fi

# node-zookeeper-client for io.warden.compat.node: `npm ci` when node_modules is missing or was
# installed from another package.json/package-lock.json (a checksum stamp in node_modules).
readonly NODE_PROJECT=compat-tests/src/test/node
readonly NODE_STAMP="$NODE_PROJECT/node_modules/.warden-install.sha256"
node_wanted="$(cat "$NODE_PROJECT/package.json" "$NODE_PROJECT/package-lock.json" | sha256sum | cut -d' ' -f1)"
if [[ ! -d "$NODE_PROJECT/node_modules" || ! -f "$NODE_STAMP" || "$(cat "$NODE_STAMP")" != "$node_wanted" ]]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "scripts/test.sh: npm not found on PATH (node is $(command -v node || echo missing));" \
      "install npm for it, or remove that node so the Debian nodejs and npm packages are installed" >&2
    exit 1
  fi
  echo "scripts/test.sh: installing node-zookeeper-client: npm ci --prefix $NODE_PROJECT" >&2
  if ! npm ci --prefix "$NODE_PROJECT" --no-audit --no-fund --loglevel=error; then
    echo "scripts/test.sh: npm ci failed in $NODE_PROJECT (see the npm output above)" >&2
    exit 1
  fi
  echo "$node_wanted" >"$NODE_STAMP"
fi

if ! command -v mvn >/dev/null 2>&1; then
  echo "scripts/test.sh: mvn not found on PATH (install Maven 3.8+ and a JDK 17)" >&2
  exit 1
fi

exec mvn -B verify "$@"
