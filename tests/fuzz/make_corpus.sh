#!/usr/bin/env bash
# Builds the seed corpora for the fuzz targets: OUT/<target>/ gets copies of the matching
# examples and test fixtures, the hand-picked seeds in tests/fuzz/seeds/<target>/ and every
# saved regression input in tests/fuzz/regressions/<target>/. Made at run time, never committed.
# Files are named by content hash, so re-running only adds; libFuzzer adds what it finds next to them.
#   tests/fuzz/make_corpus.sh OUT_DIR
set -euo pipefail
out=${1:?usage: make_corpus.sh OUT_DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
shopt -s nullglob globstar

add() {  # add TARGET FILE...
  local target=$1 file sum
  shift
  mkdir -p "$out/$target"
  for file in "$@"; do
    [[ -f $file ]] || continue
    sum=$(sha1sum "$file" | cut -c1-40)
    cp "$file" "$out/$target/$sum"
  done
}

ex=examples/*/configs
add fuzz_iptables $ex/*.rules tests/oracle/hand/*.rules
add fuzz_ip6tables $ex/*.rules tests/oracle/hand/*.rules
add fuzz_nftables $ex/*.nft tests/oracle/hand-nft/*.nft
add fuzz_flowaudit-yaml $ex/*.yaml
add fuzz_cisco-asa $ex/*asa*.cfg
add fuzz_f5-bigip $ex/bigip.conf $ex/*.json tests/importers/data/f5_bigip/*
add fuzz_haproxy $ex/*.haproxy.cfg tests/importers/data/haproxy/*.cfg
add fuzz_iis-arr $ex/*.config tests/importers/data/iis_arr/*
add fuzz_junos $ex/*srx*.conf tests/importers/data/junos/**/*.conf
add fuzz_netscaler $ex/*.ns.conf tests/importers/data/netscaler/*.conf
add fuzz_nginx $ex/*nginx*.conf $ex/conf.d/*.conf tests/importers/data/nginx/**/*.conf
add fuzz_panos $ex/*.xml tests/importers/data/panos/*.xml
add fuzz_site examples/*/site*.yaml
add fuzz_policy policies/*.yaml
add fuzz_packet_spec tests/oracle/**/*.packets

for dir in tests/fuzz/seeds/* tests/fuzz/regressions/*; do
  [[ -d $dir ]] && add "$(basename "$dir")" "$dir"/*
done
for dir in "$out"/*/; do
  echo "$(basename "$dir"): $(find "$dir" -type f | wc -l) seeds"
done
