#!/usr/bin/env bash
# The pre-commit hook (examples/ci/git-hooks/pre-commit) refuses a commit that breaks a site's
# requirement and accepts one that fixes it, auditing the index rather than the work tree; first
# installed as a plain git hook, then through the real pre-commit framework (.pre-commit-hooks.yaml).
#
# The site is examples/lync-contoso; the breaking edit is the classic outage of
# examples/lync-hlb-no-port80: the load balancer's port-80 virtual server on the internal web VIP
# disappears, so requirement lync-int-web-http fails.
#
# usage: git_hook_test.sh FLOWAUDIT SOURCE_DIR     (exit 77 = skipped: pre-commit not installed)
set -euo pipefail

flowaudit=$(realpath "$1")
src=$(realpath "$2")
hook=$src/examples/ci/git-hooks/pre-commit

work=$(mktemp -d "${TMPDIR:-/tmp}/flowaudit-git-hook-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Isolate from the user's and the system's git and pre-commit settings (hooksPath, signing…).
export HOME=$work/home GIT_CONFIG_NOSYSTEM=1 PRE_COMMIT_HOME=$work/pre-commit-home
mkdir -p "$HOME"
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE FLOWAUDIT_SITES
export FLOWAUDIT=$flowaudit

fail() {
  echo "FAIL ($scenario): $*" >&2
  exit 1
}
step() { echo "-- $scenario: $*"; }

# A fresh repository holding the contoso site under net/, and an unrelated README.
new_repo() {
  local repo=$1
  git init -q -b main "$repo"
  git -C "$repo" config user.name "flowaudit test"
  git -C "$repo" config user.email "test@flowaudit.invalid"
  git -C "$repo" config commit.gpgsign false
  mkdir -p "$repo/net"
  cp -R "$src/examples/lync-contoso/site.yaml" "$src/examples/lync-contoso/configs" "$repo/net/"
  echo "network configs" >"$repo/README.md"
}

hlb=net/configs/hlb.yaml
break_port80() { sed -i '/name: web-int-http,/,+1d' "$1/$hlb"; }

# git commit with a bound; the output goes to $out.
commit() {
  local repo=$1
  shift
  out=$(cd "$repo" && timeout 180 git commit "$@" 2>&1)
}

expect_accepted() {
  local repo=$1 before
  shift
  before=$(git -C "$repo" rev-parse -q --verify HEAD || true)
  commit "$repo" "$@" || { echo "$out"; fail "commit $* was refused"; }
  [ "$(git -C "$repo" rev-parse HEAD)" != "$before" ] || fail "commit $* did not move HEAD"
}

expect_refused() {
  local repo=$1 before
  shift
  before=$(git -C "$repo" rev-parse HEAD)
  if commit "$repo" "$@"; then
    echo "$out"
    fail "commit $* was accepted"
  fi
  grep -q 'lync-int-web-http' <<<"$out" || { echo "$out"; fail "the refusal does not name lync-int-web-http"; }
  [ "$(git -C "$repo" rev-parse HEAD)" = "$before" ] || fail "HEAD moved although the commit was refused"
}

# The whole flow on a repository whose pre-commit hook is already installed.
run_flow() {
  local repo=$1
  step "initial commit of a passing site is accepted"
  git -C "$repo" add -A
  expect_accepted "$repo" -m "contoso site"
  grep -q 'net/site.yaml: ok' <<<"$out" || { echo "$out"; fail "the hook did not audit net/site.yaml"; }

  step "the breaking edit really breaks lync-int-web-http (guards the test itself)"
  break_port80 "$repo"
  if (cd "$repo/net" && "$flowaudit" check site.yaml >"$work/direct.txt" 2>&1); then
    fail "flowaudit passes the broken site: the test's edit no longer breaks it"
  fi
  grep -q '^FAIL .*lync-int-web-http' "$work/direct.txt" || fail "the broken site does not fail lync-int-web-http"

  step "a staged breaking edit is refused, HEAD unchanged"
  git -C "$repo" add "$hlb"
  expect_refused "$repo" -m "drop the port-80 virtual server"

  step "a staged breaking edit with a good work tree is still refused (the index is audited)"
  git -C "$repo" show "HEAD:$hlb" >"$repo/$hlb"
  expect_refused "$repo" -m "drop the port-80 virtual server"

  step "a fixing commit is accepted"
  {
    echo "# Port 80 on the internal web VIP serves the root CA chain to phones: keep it."
    git -C "$repo" show "HEAD:$hlb"
  } >"$repo/$hlb"
  git -C "$repo" add "$hlb"
  expect_accepted "$repo" -m "keep port 80 on the internal web VIP"
  git -C "$repo" show "HEAD:$hlb" | grep -q 'name: web-int-http,' || fail "the fix is not in HEAD"

  step "an unstaged breaking edit does not block a commit of good staged changes"
  echo "# reviewed" >>"$repo/net/site.yaml"
  git -C "$repo" add net/site.yaml
  break_port80 "$repo"
  expect_accepted "$repo" -m "site reviewed"
  grep -q 'net/site.yaml: ok' <<<"$out" || { echo "$out"; fail "the hook did not audit the index"; }
  if git -C "$repo" diff --quiet -- "$hlb"; then fail "the unstaged breaking edit was lost"; fi
}

scenario="plain git hook"
repo=$work/plain
new_repo "$repo"
install -m 755 "$hook" "$repo/.git/hooks/pre-commit"
run_flow "$repo"

step "git commit -a stages the work tree's breaking edit: refused"
expect_refused "$repo" -a -m "commit everything"

step "a commit touching no config or site skips the audit (fast path)"
echo "more notes" >>"$repo/README.md"
git -C "$repo" add README.md
expect_accepted "$repo" -m "notes"
if grep -q 'flowaudit hook' <<<"$out"; then fail "the hook ran on a README-only commit: $out"; fi

step "a site named in git config but not committed is refused"
git -C "$repo" checkout -q -- "$hlb"
echo "# again" >>"$repo/net/site.yaml"
git -C "$repo" add net/site.yaml
git -C "$repo" config flowaudit.sites net/missing.yaml
if commit "$repo" -m "wrong site"; then fail "a missing configured site was accepted"; fi
grep -q 'net/missing.yaml: not in the commit' <<<"$out" || { echo "$out"; fail "no message for the missing site"; }
git -C "$repo" config --unset flowaudit.sites

if ! command -v pre-commit >/dev/null; then
  echo "SKIP: the pre-commit framework is not installed (Debian package pre-commit)"
  exit 77
fi

scenario="pre-commit framework"
# A hook repository at a commit, as pre-commit needs: the manifest and the script, from the
# source tree as it is now (committed or not).
hookrepo=$work/hookrepo
git init -q -b main "$hookrepo"
mkdir -p "$hookrepo/examples/ci/git-hooks"
cp "$src/.pre-commit-hooks.yaml" "$hookrepo/"
install -m 755 "$hook" "$hookrepo/examples/ci/git-hooks/pre-commit"
git -C "$hookrepo" add -A
git -C "$hookrepo" -c user.name=t -c user.email=t@t.invalid commit -q -m "flowaudit hook"
rev=$(git -C "$hookrepo" rev-parse HEAD)

step "validate the hook manifest"
(cd "$hookrepo" && timeout 60 pre-commit validate-manifest .pre-commit-hooks.yaml) ||
  fail ".pre-commit-hooks.yaml is not a valid pre-commit manifest"

repo=$work/framework
new_repo "$repo"
cat >"$repo/.pre-commit-config.yaml" <<EOF
repos:
  - repo: $hookrepo
    rev: $rev
    hooks:
      - id: flowaudit
        args: [--site, net/site.yaml]
        verbose: true   # show the hook's output on success too: the test looks for "ok"
EOF
(cd "$repo" && timeout 60 pre-commit validate-config .pre-commit-config.yaml && timeout 60 pre-commit install) >/dev/null ||
  fail "pre-commit install failed"
run_flow "$repo"
echo "PASS"
