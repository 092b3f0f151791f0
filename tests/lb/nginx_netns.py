#!/usr/bin/env python3
"""Real traffic through nginx compared with `flowaudit query`.

In a private network namespace, the loopback holds the VIP and the pool members (a dummy
interface would need the dummy kernel module); tiny HTTP
backends (python3 -m http.server) answer with their own address:port; nginx serves each
scenario's config (the fixture tests/importers/data/nginx/traffic.conf, and the example
examples/lync-nginx-443-only, a stream load balancer) from a temporary prefix. The members are
the ones flowaudit names. For every VIP:port, curl's
result must agree with flowaudit: forward -> the member that answered is one flowaudit names
(and over several requests, all of them answer); redirect -> same Location; reject -> nginx
closes without a response; no-listener -> connection refused.

Usage: nginx_netns.py FLOWAUDIT REPO_ROOT. Exit 77 (skipped) without root, nginx, curl or ip.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

# (config relative to the repository, [(VIP, port)…]); a port nothing listens on checks refusal.
SCENARIOS = [
    ("tests/importers/data/nginx/traffic.conf",
     [("10.99.0.10", p) for p in (80, 8000, 8001, 8002, 8003, 9000)]),
    ("examples/lync-nginx-443-only/configs/hlb.nginx.conf",
     [("10.1.0.100", 80), ("10.1.0.100", 443), ("10.1.0.101", 4443), ("10.1.0.101", 8080)]),
]
NS = "fa-ngx-%d" % os.getpid()
STREAM_MODULE = "/usr/lib/nginx/modules/ngx_stream_module.so"


def skip(reason):
    print("skipped: " + reason)
    sys.exit(77)


def ns(*args, **kwargs):
    return subprocess.run(["ip", "netns", "exec", NS, *args], **kwargs)


def flowaudit_answers(flowaudit, config, probes):
    cmd = [flowaudit, "query", config, "--vendor", "nginx", "--format", "json"]
    for vip, port in probes:
        cmd += ["--packet", "192.0.2.1 %s tcp %d" % (vip, port)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    if out.returncode not in (0, 1):
        sys.exit("flowaudit query failed (%d): %s" % (out.returncode, out.stderr))
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def curl(vip, port):
    """(kind, detail): ('body', text), ('redirect', location), ('closed', ''), ('refused', '')."""
    out = ns("curl", "-s", "-o", "-", "-w", "\n%{http_code} %{redirect_url}",
             "--max-time", "5", "http://%s:%d/who" % (vip, port),
             capture_output=True, text=True, timeout=15)
    if out.returncode == 7:
        return "refused", ""
    if out.returncode == 52:
        return "closed", ""
    if out.returncode != 0:
        return "error", "curl exit %d" % out.returncode
    body, _, status_line = out.stdout.rpartition("\n")
    status, _, location = status_line.partition(" ")
    if status.startswith("3"):
        return "redirect", status + " " + location
    return "body", body.strip()


def expected(answer, vip):
    verdict = answer["verdict"]
    if verdict == "forward":
        return "forward", sorted("%s:%d" % (m["address"], m["port"]) for m in answer["members"])
    if verdict == "redirect":
        return "redirect", answer["location"].replace("$host", vip).replace("$request_uri", "/who")
    if verdict == "deny":
        return "closed", ""
    return "refused", ""


def run_scenario(flowaudit, nginx, root, config_path, probes):
    config = os.path.join(root, config_path)
    answers = flowaudit_answers(flowaudit, config, probes)
    if len(answers) != len(probes):
        sys.exit("flowaudit answered %d of %d packets" % (len(answers), len(probes)))
    members = sorted({"%s:%d" % (m["address"], m["port"])
                      for a in answers if a["verdict"] == "forward" for m in a["members"]})
    listening = [(vip, port) for (vip, port), a in zip(probes, answers)
                 if a["verdict"] == "forward"]

    work = tempfile.mkdtemp(prefix="fa-ngx-")
    processes = []
    try:
        subprocess.run(["ip", "netns", "add", NS], check=True, timeout=10)
        ns("ip", "link", "set", "lo", "up", check=True, timeout=10)
        # Every address a listen names must exist, or nginx refuses to start.
        listens = set(re.findall(r"listen\s+([0-9.]+):", open(config).read()))
        addresses = {vip for vip, _ in probes} | {m.split(":")[0] for m in members} | listens
        for address in sorted(addresses):
            ns("ip", "addr", "add", address + "/32", "dev", "lo", check=True, timeout=10)
        for member in members:
            address, port = member.split(":")
            folder = os.path.join(work, "www-" + member.replace(":", "-"))
            os.makedirs(folder)
            with open(os.path.join(folder, "who"), "w") as f:
                f.write(member + "\n")
            processes.append(subprocess.Popen(
                ["ip", "netns", "exec", NS, sys.executable, "-m", "http.server", "--bind",
                 address, "--directory", folder, port],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        os.makedirs(os.path.join(work, "logs"))
        globals_ = "daemon off; pid %s/logs/nginx.pid;" % work
        if re.search(r"^\s*stream\s*\{", open(config).read(), re.M) and \
                os.path.exists(STREAM_MODULE):
            globals_ += " load_module %s;" % STREAM_MODULE
        processes.append(subprocess.Popen(
            ["ip", "netns", "exec", NS, nginx, "-p", work + "/", "-c", config, "-e",
             os.path.join(work, "logs/error.log"), "-g", globals_],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        # Wait, bounded, until every backend and nginx answer.
        targets = ["http://%s/who" % m for m in members] + \
                  ["http://%s:%d/who" % l for l in listening]
        deadline = time.time() + 20
        while targets and time.time() < deadline:
            if ns("curl", "-s", "-o", "/dev/null", "--max-time", "1", targets[0],
                  timeout=5).returncode == 0:
                targets.pop(0)
            else:
                time.sleep(0.2)
        if targets:
            print("not ready within 20 s: " + ", ".join(targets))
            return 1

        failures = 0
        for (vip, port), answer in zip(probes, answers):
            kind, detail = expected(answer, vip)
            if kind == "forward":
                seen = set()
                for _ in range(2 * len(detail)):  # round robin: each member answers
                    got_kind, body = curl(vip, port)
                    seen.add(body if got_kind == "body" else got_kind + " " + body)
                got = sorted(seen)
                if answer.get("persistence") == "source-address":
                    # One client sticks to one member.
                    ok = len(got) == 1 and got[0] in detail
                else:
                    ok = got == detail
            else:
                got_kind, got_detail = curl(vip, port)
                if kind == "redirect":
                    got_detail = got_detail.split(" ", 1)[-1]
                got = (got_kind, got_detail)
                ok = got == (kind, detail)
            print("%s %s %s:%d flowaudit %s %s, nginx %s" %
                  ("ok  " if ok else "FAIL", config_path, vip, port, kind, detail, got))
            failures += not ok
        return 1 if failures else 0
    finally:
        for p in processes:
            p.kill()
        for p in processes:
            try:
                p.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        # nginx workers run in the namespace too: kill what is left there, then delete it.
        pids = subprocess.run(["ip", "netns", "pids", NS], capture_output=True, text=True,
                              timeout=10).stdout.split()
        for pid in pids:
            try:
                os.kill(int(pid), 9)
            except (ProcessLookupError, ValueError):
                pass
        subprocess.run(["ip", "netns", "delete", NS], timeout=10)
        shutil.rmtree(work, ignore_errors=True)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    flowaudit, root = sys.argv[1], sys.argv[2]
    if os.geteuid() != 0:
        skip("needs root")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    for tool in (nginx, "curl", "ip"):
        if not shutil.which(tool) and not os.path.exists(tool):
            skip(tool + " not installed")
    failures = 0
    for config_path, probes in SCENARIOS:
        failures += run_scenario(flowaudit, nginx, root, config_path, probes)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
