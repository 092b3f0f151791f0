#!/usr/bin/env bash
# Validates examples/ci/gitlab-ci.yml against GitLab's CI schema with gitlab-ci-local (npm; it
# bundles the schema and runs offline): a branch pipeline has the build and check jobs, a
# merge-request pipeline adds the diff job, and a deliberately broken copy is rejected.
# scripts/install-deps.sh installs gitlab-ci-local into .tools/npm; one on PATH works too.
#
# usage: validate_gitlab_ci.sh SOURCE_DIR     (exit 77 = skipped: gitlab-ci-local or node missing)
set -euo pipefail
src=$(realpath "$1")
pipeline=$src/examples/ci/gitlab-ci.yml

tool=$src/.tools/npm/node_modules/gitlab-ci-local/dist/index.js
if [ ! -f "$tool" ]; then
  tool=$(command -v gitlab-ci-local) || tool=""
  [ -n "$tool" ] && tool=$(realpath "$tool")
fi
if [ -z "$tool" ] || ! command -v node >/dev/null; then
  echo "SKIP: gitlab-ci-local or node not found (scripts/install-deps.sh installs gitlab-ci-local)"
  exit 77
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/flowaudit-gitlab-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
export HOME=$work/home GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" "$work/repo"

# gitlab-ci-local reads .gitlab-ci.yml from a git work tree.
git init -q "$work/repo"
cp "$pipeline" "$work/repo/.gitlab-ci.yml"

list() {
  (cd "$work/repo" && timeout 120 node --require "$src/tests/ci/node_set_methods.cjs" "$tool" --list \
    --ignore-predefined-vars CI_PIPELINE_SOURCE,CI_MERGE_REQUEST_TARGET_BRANCH_NAME "$@") >"$work/out.txt" 2>&1
}
fail() {
  cat "$work/out.txt"
  echo "FAIL: $*"
  exit 1
}

list --variable CI_COMMIT_BRANCH=main || fail "$pipeline is not a valid GitLab CI configuration"
grep -q '^flowaudit-check ' "$work/out.txt" || fail "no flowaudit-check job in a branch pipeline"
grep -q '^flowaudit-diff ' "$work/out.txt" && fail "flowaudit-diff runs outside merge requests"

list --variable CI_PIPELINE_SOURCE=merge_request_event --variable CI_MERGE_REQUEST_TARGET_BRANCH_NAME=main ||
  fail "$pipeline is not valid in a merge-request pipeline"
grep -q '^flowaudit-diff ' "$work/out.txt" || fail "no flowaudit-diff job in a merge-request pipeline"

# The negative control: artifacts kept "when: sometimes" is not GitLab CI.
sed -i 's/^    when: always/    when: sometimes/' "$work/repo/.gitlab-ci.yml"
cmp -s "$pipeline" "$work/repo/.gitlab-ci.yml" && fail "the negative control did not change the pipeline"
list --variable CI_COMMIT_BRANCH=main && fail "gitlab-ci-local accepted artifacts when: sometimes"
grep -q "when" "$work/out.txt" || fail "the rejection does not name 'when'"
echo "PASS: $pipeline is a valid GitLab CI configuration"
