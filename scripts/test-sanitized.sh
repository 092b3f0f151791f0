#!/usr/bin/env bash
# Builds the project and its tests with AddressSanitizer and UndefinedBehaviorSanitizer
# (build-asan/, RelWithDebInfo) and runs the test suite on that build. A sanitizer report
# (memory error, leak, undefined behaviour) fails the test that triggered it.
# Usage: scripts/test-sanitized.sh [CTEST ARGS…]   e.g. -R "unit|app|golden"
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFLOWAUDIT_SANITIZE=ON >/dev/null
cmake --build build-asan
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd build-asan
ctest --output-on-failure --timeout 2400 "$@"
