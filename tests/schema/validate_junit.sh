#!/usr/bin/env bash
# Every example's `flowaudit check --format junit` validates against the Ant JUnit schema
# (../shared/schemas/junit.xsd) with xmllint, and has one failure per requirement the JSON
# result says fails, is partial or unknown. Skipped (77) without xmllint or the schema folder.
# Usage: validate_junit.sh FLOWAUDIT REPO_ROOT
set -u
flowaudit=$(realpath "$1")
root=$(realpath "$2")
schema=$root/../shared/schemas/junit.xsd
command -v xmllint >/dev/null || { echo "skipped: xmllint (libxml2-utils) is not installed"; exit 77; }
[ -f "$schema" ] || { echo "skipped: no $schema"; exit 77; }
failed=0
count=0
for site in "$root"/examples/*/site*.yaml; do
  dir=$(dirname "$site")
  name=$(basename "$site")
  label=${site#"$root"/}
  count=$((count + 1))
  xml=$(cd "$dir" && "$flowaudit" check "$name" --format junit 2>/dev/null)
  if ! out=$(printf '%s\n' "$xml" | xmllint --noout --schema "$schema" - 2>&1); then
    echo "FAIL $label: $out"
    failed=1
    continue
  fi
  want=$(cd "$dir" && "$flowaudit" check "$name" --format json 2>/dev/null |
    python3 -c 'import json,sys; print(sum(r["status"] in ("fail","partial","unknown") for r in json.load(sys.stdin)["requirements"]))')
  got=$(printf '%s\n' "$xml" | grep -c '<failure ')
  if [ "$want" != "$got" ]; then
    echo "FAIL $label: $got failures in JUnit, $want in the JSON result"
    failed=1
  else
    echo "ok   $label: valid, $got failures"
  fi
done
[ "$count" -gt 0 ] || { echo "no example sites"; exit 1; }
exit $failed
