#!/usr/bin/env bash
# Golden tests: runs the real binary on every examples/*/site*.yaml and compares text output,
# JSON output and exit code with examples/*/expected/. `--update` rewrites the expected files
# (review the diff before committing them).
# Usage: run_golden.sh FLOWAUDIT EXAMPLES_DIR [--update]
set -u
flowaudit=$(realpath "$1")
examples=$(realpath "$2")
update=${3:-}
passed=0
failed=0
export NO_COLOR=1

check() {  # name expected-file actual-text
  local name=$1 expected=$2 actual=$3
  if [ "$update" = "--update" ]; then
    printf '%s\n' "$actual" >"$expected"
    passed=$((passed + 1))
  elif [ -f "$expected" ] && diff -u "$expected" <(printf '%s\n' "$actual") >/tmp/golden.diff.$$; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $name"
    [ -f "$expected" ] && head -40 /tmp/golden.diff.$$ || echo "  missing $expected"
  fi
  rm -f /tmp/golden.diff.$$
}

for dir in "$examples"/*/; do
  for site in "$dir"site*.yaml; do
    [ -f "$site" ] || continue
    stem=$(basename "$site" .yaml)
    mkdir -p "$dir/expected"
    # Run inside the example so that paths in the output are relative and stable.
    text=$(cd "$dir" && "$flowaudit" check "$(basename "$site")" 2>&1)
    code=$?
    json=$(cd "$dir" && "$flowaudit" check "$(basename "$site")" --format json 2>/dev/null)
    name=$(basename "$dir")/$stem
    check "$name text" "$dir/expected/$stem.txt" "$text"
    check "$name json" "$dir/expected/$stem.json" "$json"
    check "$name exit code" "$dir/expected/$stem.exit" "$code"
  done
done
# Change reviews: each line of an example's `diffs` file is "NAME BEFORE AFTER"; the diff's text
# and JSON output and exit code are compared with expected/NAME.diff.{txt,json,exit}.
for dir in "$examples"/*/; do
  [ -f "$dir/diffs" ] || continue
  while read -r name before after; do
    case "$name" in '' | '#'*) continue ;; esac
    text=$(cd "$dir" && "$flowaudit" diff "$before" "$after" 2>&1)
    code=$?
    json=$(cd "$dir" && "$flowaudit" diff "$before" "$after" --format json 2>/dev/null)
    label=$(basename "$dir")/$name
    check "$label diff text" "$dir/expected/$name.diff.txt" "$text"
    check "$label diff json" "$dir/expected/$name.diff.json" "$json"
    check "$label diff exit code" "$dir/expected/$name.diff.exit" "$code"
  done <"$dir/diffs"
done

echo "golden: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
