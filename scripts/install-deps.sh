#!/usr/bin/env bash
# Installs what flowaudit needs to build and test, from Debian 12 packages only.
# Run as root, or as a user with sudo. Installs nothing that is already present.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config
  libyaml-cpp-dev libboost-graph-dev nlohmann-json3-dev libcli11-dev doctest-dev libbdd-dev
  # tests: the kernel oracle (iptables in a private network namespace) and helper scripts
  iptables nftables iproute2 python3 python3-yaml python3-jsonschema
  # tests: JUnit output validated against its schema (tests/schema)
  libxml2-utils
  # tests: the Capirca cross-check (tests/capirca)
  python3-capirca
  # tests: NGINX configs checked by the real nginx, and real traffic through it (tests/lb)
  nginx libnginx-mod-stream openssl curl
  # tests: HAProxy configs checked by the real haproxy (tests/lb)
  haproxy
  # tests: the CI integrations (tests/ci): the git hook run by git and by the pre-commit
  # framework, shell scripts kept shellcheck-clean
  git pre-commit shellcheck
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# tests: the GitHub workflow example validated against GitHub's schema (tests/ci), with the npm
# package @action-validator/cli (WebAssembly, runs offline) in the repository's .tools/npm.
# Only where Node.js's npm is present; without it that one test is skipped.
action_validator_version=0.6.0
tools="$(cd "$(dirname "$0")/.." && pwd)/.tools/npm"
if command -v npm >/dev/null &&
  ! grep -qs "\"version\": \"$action_validator_version\"" "$tools/node_modules/@action-validator/cli/package.json"; then
  echo "installing: @action-validator/cli@$action_validator_version (npm, into .tools/npm)"
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error \
    "@action-validator/cli@$action_validator_version" >/dev/null
fi
