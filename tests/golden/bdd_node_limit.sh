#!/bin/sh
# End to end, in a fresh process: a firewall whose permitted set ("source equals destination"
# on 24 address bits) needs millions of BDD nodes, checked with FLOWAUDIT_BDD_NODES=200000, must
# report the flow UNKNOWN with the filter's location, not run out of memory (docs/limits.md).
# Usage: bdd_node_limit.sh FLOWAUDIT_BINARY
set -u
here=$(dirname "$0")/bdd_limit
out=$(cd "$here" && FLOWAUDIT_BDD_NODES=200000 "$1" check site.yaml --policy pack.yaml 2>&1)
code=$?
expected="UNKNOWN  high  web  zone outside may reach zone inside on tcp/80: UNKNOWN: filter 'filter/FORWARD' (fw.rules:3) is too complex to decide within 200000 BDD nodes via outside > fw > inside"
first=$(printf '%s\n' "$out" | sed -n 2p)
if [ "$first" != "$expected" ] || [ "$code" -ne 1 ]; then
  printf 'exit %s, output:\n%s\n' "$code" "$out"
  exit 1
fi
echo "ok: $first"
