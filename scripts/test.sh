#!/usr/bin/env bash
# Builds everything (Release) and runs the whole test suite: unit tests, golden tests on the
# examples, and the kernel oracle (skipped, with the reason, where there is no root or netns).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build
cd build
ctest --output-on-failure --timeout 1200 "$@"
