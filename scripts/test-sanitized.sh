#!/usr/bin/env bash
# The whole test suite on the AddressSanitizer + UndefinedBehaviorSanitizer build (build-fuzz,
# shared with scripts/fuzz.sh; see scripts/instrumented-build.sh). A sanitizer report (memory
# error, leak, undefined behaviour) aborts the process that hit it, which fails its test: the
# unit and command tests, and every flowaudit run of the golden, oracle and cross-check tests.
# Usage: scripts/test-sanitized.sh [CTEST ARGS…]   e.g. -R "unit|app|golden"
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
source scripts/instrumented-build.sh
build=${FUZZ_BUILD_DIR:-$PWD/build-fuzz}
configure_instrumented "$build"
cmake --build "$build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
cd "$build"
ctest --output-on-failure --timeout 2400 "$@"
