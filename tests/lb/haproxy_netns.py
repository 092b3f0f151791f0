#!/usr/bin/env python3
"""Real traffic through the real haproxy, compared with `flowaudit query`.

For each fixture: a private network namespace with lo holding the VIPs,
the server addresses and any `source` address; a tiny HTTP server on each member that
flowaudit reports (its page names its own ADDR:PORT); haproxy with the fixture. Then curl from
inside the namespace to each probed VIP:PORT:
  forward     -> the page must come from one of the members flowaudit lists;
  redirect    -> the status and Location must be flowaudit's (%host% = the VIP, %uri% = /);
  reject      -> haproxy answers 503 or closes the connection;
  no-listener -> the connection is refused.
Members flowaudit leaves out (disabled, backup) get no server, so a wrong member list shows up
as a 503. Redirect status is not in `query` output; it is read from the rule's `code N`
(302 without one), as HAProxy does.

usage: haproxy_netns.py FLOWAUDIT REPO_ROOT     (root; exit 77 when something is missing)
"""
import ipaddress
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

FIXTURES = {
    "lync-hlb.cfg": [
        ("10.1.0.100", 80), ("10.1.0.100", 443), ("10.1.0.101", 4443),
        ("10.1.0.101", 8080), ("10.1.0.101", 443),
    ],
    # Not probed: `bind :8000` (every address), whose member 10.3.1.2:8000 would have to listen
    # in the same namespace, where the two sockets collide.
    "binds.cfg": [
        ("10.3.0.10", 8001), ("10.3.0.10", 8002), ("10.3.0.11", 8001), ("10.3.0.11", 8002),
        ("2001:db8::10", 443), ("2001:db8::11", 443), ("10.3.0.12", 5061),
        ("10.3.0.13", 9000),
    ],
    # The examples: the Lync pool, and the seed failure (no listener on 10.1.0.100:80).
    "../../../../examples/lync-haproxy-pool/configs/hlb.haproxy.cfg": [
        ("10.1.0.100", 80), ("10.1.0.100", 443), ("10.1.0.101", 4443), ("10.1.0.101", 8080),
    ],
    "../../../../examples/lync-haproxy-443-only/configs/hlb.haproxy.cfg": [
        ("10.1.0.100", 80), ("10.1.0.100", 443),
    ],
}
CURL_TIMEOUT = 3
READY_TRIES = 50  # x 0.1 s


def skip(reason):
    print(f"skipped: {reason}")
    sys.exit(77)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=30, **kw)


def url_host(address):
    return f"[{address}]" if ":" in address else address


def query(flowaudit, config, probes):
    args = [flowaudit, "query", config, "--vendor", "haproxy", "--format", "json"]
    for vip, port in probes:
        src = "2001:db8:ffff::1" if ":" in vip else "192.0.2.1"
        args += ["--packet", f"{src} {vip} tcp {port}"]
    out = run(args)
    answers = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    if len(answers) != len(probes):
        sys.exit(f"flowaudit query gave {len(answers)} answers for {len(probes)} probes:\n"
                 f"{out.stdout}{out.stderr}")
    return answers


class Namespace:
    def __init__(self, name):
        self.name = name
        self.processes = []

    def __enter__(self):
        if run(["ip", "netns", "add", self.name]).returncode != 0:
            skip("cannot create a network namespace")
        return self

    def __exit__(self, *exc):
        for p in self.processes:
            p.kill()
            p.wait(timeout=10)
        run(["ip", "netns", "del", self.name])

    def exec(self, args, **kw):
        return run(["ip", "netns", "exec", self.name] + args, **kw)

    def start(self, args, **kw):
        p = subprocess.Popen(["ip", "netns", "exec", self.name] + args,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)
        self.processes.append(p)
        return p

    def add_addresses(self, addresses):
        # On lo: containers often lack the dummy link type, and lo reaches every address.
        self.exec(["ip", "link", "set", "lo", "up"])
        for a in sorted(addresses):
            ip = ipaddress.ip_address(a)
            extra = ["nodad"] if ip.version == 6 else []
            out = self.exec(["ip", "addr", "add", f"{a}/{ip.max_prefixlen}", "dev", "lo"] + extra)
            if out.returncode != 0:
                sys.exit(f"cannot add {a}: {out.stderr}")

    def curl(self, address, port):
        out = self.exec(["curl", "-s", "-o", "-", "-w", "\n%{http_code} %{redirect_url}",
                         "--max-time", str(CURL_TIMEOUT), f"http://{url_host(address)}:{port}/"])
        body, _, status = out.stdout.rpartition("\n")
        return out.returncode, body.strip(), status.split(" ", 1)


def wait_listening(ns, address, port):
    for _ in range(READY_TRIES):
        out = ns.exec(["curl", "-s", "-o", "/dev/null", "--max-time", "1",
                       f"http://{url_host(address)}:{port}/"])
        if out.returncode != 7:
            return
        time.sleep(0.1)
    sys.exit(f"nothing listens on {address}:{port} after {READY_TRIES / 10} s")


def expected_status(answer):
    m = re.search(r"\bcode\s+(\d+)", (answer.get("rule") or {}).get("text", ""))
    return m.group(1) if m else "302"


def check_fixture(flowaudit, root, work, name, probes):
    config = os.path.join(root, "tests/importers/data/haproxy", name)
    answers = query(flowaudit, config, probes)
    members = {(m["address"], m["port"]) for a in answers for m in a.get("members", [])}
    text = open(config).read()
    # Health checks on another port (`check port 5061`) must find it open, or haproxy marks
    # the members down a few seconds in.
    check_ports = {int(p) for p in re.findall(r"\bcheck\b.*?\bport\s+(\d+)", text)}
    members |= {(a, p) for a, _ in members for p in check_ports}
    sources = set(re.findall(r"^\s*source\s+([0-9a-f.:]+)", text, re.M)) - {"0.0.0.0"}
    # Every IPv4 address a bind names must exist, or haproxy refuses to start.
    binds = set(re.findall(r"^\s*bind\s+([0-9.]+):", text, re.M))
    addresses = {vip for vip, _ in probes} | {a for a, _ in members} | sources | binds
    failures = []
    with Namespace(f"fa-lb-{os.getpid()}") as ns:
        ns.add_addresses(addresses)
        for address, port in sorted(members):
            page = os.path.join(work, f"{address}_{port}")
            os.makedirs(page, exist_ok=True)
            with open(os.path.join(page, "index.html"), "w") as f:
                f.write(f"{url_host(address)}:{port}\n")
            ns.start(["python3", "-m", "http.server", str(port), "--bind", address,
                      "--directory", page])
        for address, port in sorted(members):
            wait_listening(ns, address, port)
        haproxy = ns.start(["haproxy", "-db", "-f", config], cwd=work)
        listening = [(vip, port) for (vip, port), a in zip(probes, answers)
                     if a["verdict"] in ("forward", "redirect")]
        for vip, port in listening:
            wait_listening(ns, vip, port)
        if haproxy.poll() is not None:
            sys.exit(f"haproxy exited: {haproxy.stderr.read().decode()}")
        for (vip, port), a in zip(probes, answers):
            rc, body, (status, location) = ns.curl(vip, port)
            verdict = a["verdict"]
            got = f"curl exit {rc}, status {status}, body {body!r}, location {location!r}"
            if verdict == "forward":
                allowed = {f"{url_host(m['address'])}:{m['port']}" for m in a["members"]}
                ok = rc == 0 and status == "200" and body in allowed
                want = f"a page from one of {sorted(allowed)}"
            elif verdict == "redirect":
                want_location = a["location"].replace("%host%", url_host(vip)).replace(
                    "%uri%", "/")
                ok = rc == 0 and status == expected_status(a) and location == want_location
                want = f"{expected_status(a)} to {want_location}"
            elif verdict == "deny":  # reject
                ok = status == "503" or rc in (52, 56)
                want = "503 or a closed connection"
            else:  # no-listener
                ok = rc == 7
                want = "connection refused"
            print(f"{'ok  ' if ok else 'FAIL'} {name} {vip}:{port}: flowaudit {verdict}; {got}")
            if not ok:
                failures.append(f"{name} {vip}:{port}: expected {want}; {got}")
    return failures


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    flowaudit, root = sys.argv[1], sys.argv[2]
    if os.geteuid() != 0:
        skip("needs root for network namespaces")
    for tool in ("ip", "haproxy", "curl"):
        if not shutil.which(tool):
            skip(f"{tool} not installed")
    failures = []
    with tempfile.TemporaryDirectory() as work:
        for name, probes in FIXTURES.items():
            failures += check_fixture(flowaudit, root, work, name, probes)
    for f in failures:
        print("FAIL:", f)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
