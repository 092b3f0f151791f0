#!/usr/bin/env bash
# Every HAProxy config the tests and examples use must be one the real haproxy accepts:
# `haproxy -c -f FILE` on tests/importers/data/haproxy/*.cfg and examples/*/configs/*.haproxy.cfg.
# Configs that name `crt site.pem` get a throw-away self-signed certificate in the working
# directory. Exit 77 (skipped) when haproxy or openssl is absent.
set -euo pipefail
root=${1:?usage: haproxy_configs_valid.sh REPO_ROOT}
command -v haproxy >/dev/null || { echo "haproxy not installed: skipped"; exit 77; }
command -v openssl >/dev/null || { echo "openssl not installed: skipped"; exit 77; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=flowaudit.test \
  -keyout "$work/key.pem" -out "$work/cert.pem" >/dev/null 2>&1
cat "$work/cert.pem" "$work/key.pem" >"$work/site.pem"
cd "$work"

shopt -s nullglob
files=("$root"/tests/importers/data/haproxy/*.cfg "$root"/examples/*/configs/*.haproxy.cfg)
[ ${#files[@]} -gt 0 ] || { echo "no HAProxy configs found under $root"; exit 1; }
failed=0
for f in "${files[@]}"; do
  if out=$(timeout 30 haproxy -c -f "$f" 2>&1); then
    echo "valid: ${f#"$root"/}"
  else
    echo "INVALID: ${f#"$root"/}"
    echo "$out"
    failed=1
  fi
done
exit $failed
