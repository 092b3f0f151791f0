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
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
