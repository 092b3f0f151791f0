# shellcheck shell=bash
# Sourced by scripts/test-sanitized.sh and scripts/fuzz.sh: the one instrumented build both use,
# so CI compiles the project once for the sanitized test suite and the fuzz budget.
# clang-14 with FLOWAUDIT_FUZZ=ON: every library, test and tool with ASan+UBSan (and libFuzzer's
# coverage hooks, harmless outside a fuzzer); -O1 -gline-tables-only as OSS-Fuzz builds, which
# compiles about twice as fast as -O2 -g and still names file:line in every report.

# configure_instrumented BUILD_DIR: configures BUILD_DIR unless it already is.
configure_instrumented() {
  local root build=$1
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  [[ -f $build/build.ninja ]] && return 0
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja -DFLOWAUDIT_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=Sanitize "-DCMAKE_CXX_FLAGS_SANITIZE=-O1 -gline-tables-only" >/dev/null
}
