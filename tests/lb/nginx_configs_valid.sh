#!/usr/bin/env bash
# Every NGINX fixture the tests use must be one the real nginx accepts: `nginx -t` on each
# tests/importers/data/nginx/*.conf (the fragments under its subfolders are included by them)
# and each examples/*/configs/*.nginx.conf.
# The folder is copied to a temporary prefix so that relative includes and the throw-away
# certificate `site.crt`/`site.key` resolve there. nginx -t binds the listening sockets, so each
# test runs as root in a private network namespace (unshare -n) whose loopback holds the
# addresses the fixture listens on (root also lets nginx use its compiled-in log and temp paths). Debian builds the stream module as a loadable module: it is loaded with -g
# for configs with a `stream` block. Exit 77 (skipped) without nginx, openssl, root or unshare.
set -euo pipefail
root=${1:?usage: nginx_configs_valid.sh REPO_ROOT}
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx not installed: skipped"; exit 77; }
command -v openssl >/dev/null || { echo "openssl not installed: skipped"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "nginx -t needs root here: skipped"; exit 77; }
unshare -n true 2>/dev/null || { echo "cannot create a network namespace: skipped"; exit 77; }
nginx=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/conf" "$work/logs"
cp -r "$root"/tests/importers/data/nginx/. "$work/conf/"
declare -A origin
for f in "$root"/tests/importers/data/nginx/*.conf; do origin[${f##*/}]=tests/importers/data/nginx/${f##*/}; done
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=flowaudit.test \
  -keyout "$work/conf/site.key" -out "$work/conf/site.crt" >/dev/null 2>&1

shopt -s nullglob
files=("$work"/conf/*.conf)
# Each example's configs folder is copied whole (with the certificate), so that its includes
# resolve as in the example.
for f in "$root"/examples/*/configs/*.nginx.conf; do
  example=$(basename "$(dirname "$(dirname "$f")")")
  mkdir -p "$work/examples/$example"
  cp -r "$(dirname "$f")"/. "$work/examples/$example/"
  cp "$work/conf/site.key" "$work/conf/site.crt" "$work/examples/$example/"
  files+=("$work/examples/$example/${f##*/}")
  origin[${f##*/}@$example]=${f#"$root"/}
done
[ ${#files[@]} -gt 0 ] || { echo "no NGINX configs found under $root"; exit 1; }
stream_module=/usr/lib/nginx/modules/ngx_stream_module.so
failed=0
for f in "${files[@]}"; do
  key=${f##*/}
  case $f in "$work"/examples/*) key+=@$(basename "$(dirname "$f")") ;; esac
  name=${origin[$key]}
  globals="pid $work/logs/nginx.pid;"
  if grep -qE '^\s*stream\s*\{' "$f" && [ -f "$stream_module" ]; then
    globals+=" load_module $stream_module;"
  fi
  addresses=$(grep -ohE 'listen\s+(\[[0-9a-fA-F:]+\]|[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+)' \
                "$f" "$work"/conf/*/*.conf "$(dirname "$f")"/*/*.conf | awk '{print $2}' | tr -d '[]' | sort -u || true)
  # -e: nginx 1.19.5+ opens the error log before reading the config; keep it out of /var/log.
  if out=$(timeout 30 unshare -n bash -c '
        set -e
        ip link set lo up
        for a in $1; do ip addr add "$a" dev lo 2>/dev/null || true; done
        exec "$2" -t -q -e stderr -p "$3/" -c "$4" -g "$5"' \
        check "$addresses" "$nginx" "$work" "$f" "$globals" 2>&1); then
    echo "valid: $name"
  else
    echo "INVALID: $name"
    echo "$out"
    failed=1
  fi
done
exit $failed
