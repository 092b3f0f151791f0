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
# Change reviews (an example's `diffs` file: NAME BEFORE AFTER): the diff's JUnit validates too,
# with one failure per newly failing requirement and per changed filter of its JSON.
for list in "$root"/examples/*/diffs; do
  [ -f "$list" ] || continue
  dir=$(dirname "$list")
  while read -r name before after; do
    case "$name" in '' | '#'*) continue ;; esac
    label=${dir#"$root"/}/$name
    xml=$(cd "$dir" && "$flowaudit" diff "$before" "$after" --format junit 2>/dev/null)
    if ! out=$(printf '%s\n' "$xml" | xmllint --noout --schema "$schema" - 2>&1); then
      echo "FAIL $label diff: $out"
      failed=1
      continue
    fi
    want=$(cd "$dir" && "$flowaudit" diff "$before" "$after" --format json 2>/dev/null |
      python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(r["change"]=="newly-failing" for r in d["requirements"]) + sum(f["status"]!="unchanged" for f in d["filters"]))')
    got=$(printf '%s\n' "$xml" | grep -c '<failure ')
    if [ "$want" != "$got" ] || [ "$got" -eq 0 ]; then
      echo "FAIL $label diff: $got failures in JUnit, $want in the JSON result"
      failed=1
    else
      echo "ok   $label diff: valid, $got failures"
    fi
  done <"$list"
done
[ "$count" -gt 0 ] || { echo "no example sites"; exit 1; }
exit $failed
