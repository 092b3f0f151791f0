#!/usr/bin/env bash
# Quick start: install what is missing, build (Release), and audit the bundled example site.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target flowaudit
echo
# The example passes every requirement: exit 0. Try examples/lync-hlb-no-port80 for a failure.
build/src/flowaudit check examples/lync-contoso/site.yaml
