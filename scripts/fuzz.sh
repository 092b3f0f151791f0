#!/usr/bin/env bash
# Runs the libFuzzer targets (docs/fuzzing.md), each for SECONDS (default 30):
#   scripts/fuzz.sh [SECONDS] [TARGET...]      e.g. scripts/fuzz.sh 60 fuzz_nginx fuzz_site
# Configures (scripts/instrumented-build.sh) and builds build-fuzz when needed, makes the seed corpora
# (tests/fuzz/make_corpus.sh), then runs every target with a hard `timeout` on top of
# -max_total_time. Crash, leak, UB, out-of-memory and slow inputs go to
# build-fuzz/crashes/<target>/, logs to build-fuzz/logs/<target>.log. Prints a table and exits 1
# if any target failed, 2 on a usage or build error. FUZZ_ARGS adds libFuzzer flags to every run.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz}
seconds=${1:-30}
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || { echo "usage: $0 [SECONDS] [TARGET...]" >&2; exit 2; }
shift $(($# > 0 ? 1 : 0))

all_targets=(fuzz_cisco-asa fuzz_f5-bigip fuzz_flowaudit-yaml fuzz_haproxy fuzz_iis-arr
  fuzz_ip6tables fuzz_iptables fuzz_junos fuzz_netscaler fuzz_nftables fuzz_nginx fuzz_panos
  fuzz_site fuzz_policy fuzz_packet_spec)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $target "* ]] || { echo "$0: unknown target '$target'" >&2; exit 2; }
done

"$root/scripts/install-deps.sh" || { echo "$0: installing the build dependencies failed" >&2; exit 2; }
source "$root/scripts/instrumented-build.sh"
configure_instrumented "$build" || { echo "$0: configure failed" >&2; exit 2; }
ninja -C "$build" "${targets[@]}" >/dev/null || { echo "$0: build failed (ninja -C $build)" >&2; exit 2; }
"$root/tests/fuzz/make_corpus.sh" "$build/corpus" >/dev/null || exit 2

dict_of() {  # the dictionary for a target
  local name=${1#fuzz_}
  [[ $name == ip6tables ]] && name=iptables
  echo "$root/tests/fuzz/dict/$name.dict"
}
max_len_of() {  # inputs long enough for real configs, short enough to stay fast
  case $1 in
    fuzz_packet_spec) echo 2048 ;;
    fuzz_site | fuzz_policy) echo 8192 ;;
    *) echo 16384 ;;
  esac
}
# What went wrong, from the libFuzzer log.
verdict() {  # verdict RC LOG
  local rc=$1 log=$2
  if [[ $rc -eq 124 || $rc -eq 137 ]]; then echo "HUNG"
  elif grep -q "ERROR: LeakSanitizer" "$log"; then echo "LEAK"
  elif grep -q "ERROR: libFuzzer: timeout" "$log"; then echo "TIMEOUT"
  elif grep -q "out-of-memory" "$log"; then echo "OOM"
  elif grep -q "runtime error:" "$log"; then echo "UB"
  elif grep -q "ERROR: AddressSanitizer" "$log"; then echo "ASAN"
  elif [[ $rc -ne 0 ]]; then echo "CRASH"
  else echo "ok"; fi
}

export TMPDIR="$build/tmp"  # the targets' temporary folders, also when a crash skips cleanup
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
mkdir -p "$TMPDIR" "$build/logs"
# Runs one target; writes its table row to $build/logs/<target>.row.
run_one() {
  local target=$1 crashes="$build/crashes/$1" log="$build/logs/$1.log" rc result artifact
  mkdir -p "$crashes"
  timeout -k 10 $((seconds + 120)) "$build/tests/fuzz/$target" "$build/corpus/$target" \
    -dict="$(dict_of "$target")" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len="$(max_len_of "$target")" -artifact_prefix="$crashes/" -print_final_stats=1 \
    ${FUZZ_ARGS:-} >"$log" 2>&1
  rc=$?
  result=$(verdict "$rc" "$log")
  local runs speed cov features
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  features=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  if [[ $result != ok ]]; then
    artifact=$(ls -t "$crashes" 2>/dev/null | head -1)
    [[ -n $artifact ]] && result="$result ($crashes/$artifact)"
  fi
  printf '%-20s %10s %8s %7s %7s  %s\n' "$target" "${runs:--}" "${speed:--}" "${cov:--}" \
    "${features:--}" "$result" | tee "$build/logs/$target.row" >&2
}

# FUZZ_PARALLEL=N runs N targets at a time (default 1: one core each, timings comparable).
parallel=${FUZZ_PARALLEL:-1}
for target in "${targets[@]}"; do
  rm -f "$build/logs/$target.row"
  while [[ $(jobs -rp | wc -l) -ge $parallel ]]; do wait -n; done
  run_one "$target" &
done
wait

printf '\n%-20s %10s %8s %7s %7s  %s\n' target runs exec/s cov ft result
failed=0
for target in "${targets[@]}"; do
  row=$(cat "$build/logs/$target.row" 2>/dev/null) || row="$target (no result)"
  echo "$row"
  [[ $row == *" ok" ]] || failed=1
done
exit $failed
