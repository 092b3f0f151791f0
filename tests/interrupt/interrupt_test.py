#!/usr/bin/env python3
"""Interrupted runs leave nothing half-written (issue: atomic outputs under SIGINT/SIGTERM/SIGHUP).

1. A signal while the outputs are being written (FLOWAUDIT_TEST_WRITE_PAUSE_MS holds the run
   between its temporary files): the run finishes writing, then dies of the signal; every output
   is whole and no temporary file is left.
2. Signals at random moments of whole runs: the outputs are all there and whole, or none is.
3. A signal during `diff --git`: the snapshot folder and the programs it started are gone.

Usage: interrupt_test.py FLOWAUDIT SOURCE_DIR
"""
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

FLOWAUDIT, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SITE = os.path.join(SOURCE, "examples", "lync-contoso", "site.yaml")
OUTPUTS = {"report.txt": "text", "report.json": "json", "report.sarif": "sarif",
           "report.xml": "junit", "report.md": "markdown"}
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def check_command(folder):
    command = [FLOWAUDIT, "check", SITE]
    for name, fmt in OUTPUTS.items():
        command += ["--format", fmt, "--output", os.path.join(folder, name)]
    return command


def normalized(path):
    """A report without what changes from run to run (times, durations, host)."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?', "TIME", text)
    return re.sub(r'(time|duration|elapsed)(["=:]+ ?"?)[0-9.]+', r"\1\2N", text)


def wait(process, seconds=120):
    try:
        return process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        check(False, "a run did not end within %d s of its signal" % seconds)
        return None


def leftovers(folder):
    return [n for n in os.listdir(folder) if n not in OUTPUTS]


def baseline(root):
    folder = os.path.join(root, "baseline")
    os.mkdir(folder)
    start = time.monotonic()
    code = subprocess.run(check_command(folder), stdout=subprocess.DEVNULL).returncode
    check(code in (0, 1), "the uninterrupted run exits %d" % code)
    check(sorted(os.listdir(folder)) == sorted(OUTPUTS), "the uninterrupted run wrote everything")
    return {n: normalized(os.path.join(folder, n)) for n in OUTPUTS}, time.monotonic() - start


def whole(folder, expected, what):
    for name in OUTPUTS:
        path = os.path.join(folder, name)
        check(os.path.exists(path) and normalized(path) == expected[name],
              "%s: %s is missing or not the whole report" % (what, name))


def signal_while_writing(root, expected):
    env = dict(os.environ, FLOWAUDIT_TEST_WRITE_PAUSE_MS="300")
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        folder = tempfile.mkdtemp(dir=root)
        process = subprocess.Popen(check_command(folder), env=env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while not any(".tmp." in n for n in os.listdir(folder)) and time.monotonic() < deadline:
            if process.poll() is not None:
                break
            time.sleep(0.005)
        seen_temporary = any(".tmp." in n for n in os.listdir(folder))
        check(seen_temporary, "no temporary output appeared before the signal")
        process.send_signal(number)
        code = wait(process)
        what = "%s while writing" % signal.Signals(number).name
        check(code == -number, "%s: the run ends with %s, not by the signal" % (what, code))
        whole(folder, expected, what)
        check(not leftovers(folder), "%s: left %s" % (what, leftovers(folder)))


def signal_at_random(root, expected, duration, rounds=12):
    rng = random.Random(7)
    for round_ in range(rounds):
        folder = tempfile.mkdtemp(dir=root)
        process = subprocess.Popen(check_command(folder), stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, duration * 1.2))
        number = rng.choice([signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
        process.send_signal(number)
        code = wait(process)
        what = "round %d (%s)" % (round_, signal.Signals(number).name)
        check(code in (0, 1, -number), "%s: exit %s" % (what, code))
        present = [n for n in OUTPUTS if os.path.exists(os.path.join(folder, n))]
        if present:
            whole(folder, expected, what)
        check(not leftovers(folder), "%s: left %s" % (what, leftovers(folder)))


def ruleset(rules, policy):
    lines = ["*filter", ":INPUT ACCEPT [0:0]", ":FORWARD %s [0:0]" % policy,
             ":OUTPUT ACCEPT [0:0]"]
    for i in range(rules):
        lines.append("-A FORWARD -s 10.%d.%d.0/24 -d 10.200.%d.%d -p tcp --dport %d -j ACCEPT"
                     % (i // 256 % 256, i % 256, i // 256 % 256, i % 256, 1 + i % 60000))
    return "\n".join(lines + ["COMMIT", ""])


def signal_during_git_diff(root):
    repository = os.path.join(root, "repository")
    os.mkdir(repository)
    rules = os.path.join(repository, "fw.rules")
    with open(rules, "w") as f:
        f.write(ruleset(20000, "DROP"))
    git = ["git", "-C", repository, "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "fw.rules"], check=True)
    subprocess.run(git + ["commit", "-q", "-m", "before"], check=True)
    with open(rules, "w") as f:  # a changed policy: every packet is compared, which takes time
        f.write(ruleset(20000, "ACCEPT"))
    temporary = os.path.join(root, "tmp")
    os.mkdir(temporary)
    env = dict(os.environ, TMPDIR=temporary)
    for number in (signal.SIGINT, signal.SIGTERM):
        process = subprocess.Popen([FLOWAUDIT, "diff", "--git", "HEAD", rules, "--vendor",
                                    "iptables", "--format", "json", "--output",
                                    os.path.join(root, "diff.json")],
                                   env=env, stdout=subprocess.DEVNULL, cwd=repository)
        deadline = time.monotonic() + 120
        snapshot = []
        while not snapshot and process.poll() is None and time.monotonic() < deadline:
            snapshot = [n for n in os.listdir(temporary) if n.startswith("flowaudit-git-")]
            time.sleep(0.002)
        check(bool(snapshot), "diff --git: no snapshot folder seen while the run was alive")
        process.send_signal(number)
        code = wait(process)
        what = "diff --git (%s)" % signal.Signals(number).name
        check(code == -number, "%s: the run ends with %s, not by the signal" % (what, code))
        check(os.listdir(temporary) == [], "%s: left %s" % (what, os.listdir(temporary)))
        check(not os.path.exists(os.path.join(root, "diff.json")), "%s: wrote an output" % what)


def main():
    root = tempfile.mkdtemp(prefix="flowaudit-interrupt-")
    try:
        expected, duration = baseline(root)
        signal_while_writing(root, expected)
        signal_at_random(root, expected, duration)
        if shutil.which("git"):
            signal_during_git_diff(root)
        else:
            print("git missing: the diff --git case is not run")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
