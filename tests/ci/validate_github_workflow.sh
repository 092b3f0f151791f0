#!/usr/bin/env bash
# Validates examples/ci/github-actions.yml against GitHub's workflow schema with action-validator
# (npm package @action-validator/cli, a WebAssembly build: works offline). scripts/install-deps.sh
# installs it into .tools/npm; one on PATH works too. A deliberately broken copy must be rejected,
# so that a validator that accepts everything cannot pass this test.
#
# usage: validate_github_workflow.sh SOURCE_DIR     (exit 77 = skipped: action-validator missing)
set -euo pipefail
src=$(realpath "$1")
workflow=$src/examples/ci/github-actions.yml

validator=$src/.tools/npm/node_modules/.bin/action-validator
if [ ! -x "$validator" ]; then
  validator=$(command -v action-validator) || {
    echo "SKIP: action-validator not found (scripts/install-deps.sh installs @action-validator/cli)"
    exit 77
  }
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/flowaudit-workflow-test.XXXXXX")
trap 'rm -rf "$work"' EXIT

if ! timeout 60 "$validator" "$workflow" >"$work/out.txt" 2>&1; then
  cat "$work/out.txt"
  echo "FAIL: $workflow does not validate"
  exit 1
fi

# The negative control: a job without runs-on and a misspelt trigger.
sed -e 's/^    runs-on:/    runs-onn:/' -e 's/^  pull_request:/  pull_requests:/' "$workflow" >"$work/broken.yml"
cmp -s "$workflow" "$work/broken.yml" && { echo "FAIL: the negative control did not change the workflow"; exit 1; }
if timeout 60 "$validator" "$work/broken.yml" >"$work/out.txt" 2>&1; then
  echo "FAIL: action-validator accepted a workflow without runs-on"
  exit 1
fi
grep -q "runs-on" "$work/out.txt" || { cat "$work/out.txt"; echo "FAIL: the rejection does not name runs-on"; exit 1; }
echo "PASS: $workflow is a valid GitHub Actions workflow"
