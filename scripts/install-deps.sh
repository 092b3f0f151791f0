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
  # tests: the sanitized suite and the fuzz targets (scripts/test-sanitized.sh, scripts/fuzz.sh):
  # clang with AddressSanitizer, UndefinedBehaviorSanitizer and libFuzzer
  clang-14 libclang-rt-14-dev
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

# tests: the CI examples validated offline against GitHub's and GitLab's schemas (tests/ci), with
# npm packages (a WebAssembly validator; gitlab-ci-local, which bundles GitLab's schema) in the
# repository's .tools/npm. Only where Node.js's npm is present; without it those tests are skipped.
npm_packages=(@action-validator/cli@0.6.0 gitlab-ci-local@4.75.1)
tools="$(cd "$(dirname "$0")/.." && pwd)/.tools/npm"
if command -v npm >/dev/null; then
  npm_missing=()
  for p in "${npm_packages[@]}"; do
    name=${p%@*} version=${p##*@}
    grep -qs "\"version\": \"$version\"" "$tools/node_modules/$name/package.json" || npm_missing+=("$p")
  done
  if [ ${#npm_missing[@]} -gt 0 ]; then
    echo "installing: ${npm_missing[*]} (npm, into .tools/npm)"
    timeout 600 npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "${npm_missing[@]}" >/dev/null ||
      echo "warning: npm install failed: the tests that need ${npm_missing[*]} will be skipped" >&2
  fi
fi
