#!/usr/bin/python3
"""The UNKNOWN guarantee against the Linux kernel: damaged lines never become wrong answers.

For N generated rulesets of each syntax (gen_iptables.py for iptables-save, gen_nftables.py
for `nft list ruleset` text), the kernel's verdicts on the intact ruleset are the truth. Then,
GARBLES times per ruleset, one random rule or chain line (iptables: `-A …` and `:CHAIN POLICY`
lines; nftables: every line inside a chain, `type … hook … policy …` included) is replaced by
words no syntax knows, and `flowaudit query` runs on the damaged file:
  - exit 2: the damage must be the located error (`FILE:LINE:`) — the run stops;
  - exit 0/1: the damage must be reported at that line, and every probe's verdict must be the
    kernel's verdict on the intact ruleset or `unknown` — never a different definite answer.
(The kernel itself refuses both damaged files: iptables-restore and nft -f load all or nothing.)

Usage: garbled_kernel.py --flowaudit PATH [--seeds N] [--garbles G]
Prints one line per damaged file and `N passed, M failed` (damaged files); exit 0 only if none
failed and at least 40 were checked; 77 (skipped) without root/netns.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare_iptables  # noqa: E402
import compare_nftables  # noqa: E402
import gen_iptables  # noqa: E402
import gen_nftables  # noqa: E402
import netns_kernel  # noqa: E402

GARBAGE = "zq9 zq9 zq9"


def damageable_lines(syntax, lines):
    """Indexes of the lines a damage may hit."""
    if syntax == "iptables":
        return [i for i, line in enumerate(lines) if re.match(r"^(-A\s|:\S+\s+(ACCEPT|DROP)\s)", line)]
    inside, depth, chain_depth = [], 0, None
    for i, line in enumerate(lines):
        text = line.strip()
        if chain_depth is not None and depth == chain_depth and text and text != "}":
            inside.append(i)
        if re.match(r"chain\s+\S+\s*\{$", text):
            chain_depth = depth + 1
        depth += text.count("{") - text.count("}")
        if chain_depth is not None and depth < chain_depth:
            chain_depth = None
    return inside


def query(flowaudit, syntax, case, rules_path, packets_path):
    vendor = ("iptables" if case.family == 4 else "ip6tables") if syntax == "iptables" else "nftables"
    chain = case.chain if syntax == "iptables" else case.chain.lower()
    return subprocess.run([flowaudit, "query", rules_path, "--vendor", vendor, "--filter", chain,
                           "--packets", packets_path, "--format", "json"],
                          capture_output=True, text=True, timeout=120)


def check_damage(flowaudit, syntax, case, kernel, line_index, workdir):
    """A list of problems (empty: the guarantee held) for the ruleset damaged at line_index."""
    lines = case.rules.split("\n")
    indent = re.match(r"\s*", lines[line_index]).group(0)
    damaged = lines[:line_index] + [indent + GARBAGE] + lines[line_index + 1:]
    rules_path = os.path.join(workdir, "damaged." + ("rules" if syntax == "iptables" else "nft"))
    packets_path = os.path.join(workdir, "probes.packets")
    with open(rules_path, "w") as f:
        f.write("\n".join(damaged))
    with open(packets_path, "w") as f:
        f.write(case.packets)
    done = query(flowaudit, syntax, case, rules_path, packets_path)
    located = f"{rules_path}:{line_index + 1}:" in done.stderr
    if done.returncode == 2:
        return [] if located and ": error: " in done.stderr else [
            f"exit 2 without an error at line {line_index + 1}: {done.stderr.strip()[:400]}"]
    if done.returncode not in (0, 1):
        return [f"exit {done.returncode}: {done.stderr.strip()[:400]}"]
    problems = [] if located else [f"line {line_index + 1} is not reported: {done.stderr.strip()[:400]}"]
    answers = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
    if len(answers) != len(kernel):
        return problems + [f"{len(answers)} answers for {len(kernel)} packets"]
    probes = [line for line in case.packets.splitlines() if line.strip() and not line.startswith("#")]
    for probe, answer, want in zip(probes, answers, kernel):
        got = answer.get("verdict")
        if got not in (want, "unknown"):
            problems.append(f"packet {probe}: kernel {want} on the intact ruleset, flowaudit {got} "
                            f"on the damaged one ({json.dumps(answer.get('rule'))})")
    return problems


def run(args, syntax, firewalls, workdir, rng):
    passed = failed = 0
    generate = gen_iptables.generate if syntax == "iptables" else gen_nftables.generate
    for seed in range(args.seed, args.seed + args.seeds):
        case = generate(seed, packets=args.packets)
        probes = netns_kernel.parse_packets(case.packets)
        kernel = firewalls.verdicts(case.family, case.chain, case.rules, probes)
        lines = case.rules.split("\n")
        candidates = damageable_lines(syntax, lines)
        for index in rng.sample(candidates, min(args.garbles, len(candidates))):
            problems = check_damage(args.flowaudit, syntax, case, kernel, index, workdir)
            passed, failed = passed + (not problems), failed + bool(problems)
            print(f"{'ok  ' if not problems else 'FAIL'} {case.name} line {index + 1}: "
                  f"{lines[index].strip()[:70]}")
            for problem in problems[:5]:
                print(f"    {problem}", file=sys.stderr)
    return passed, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flowaudit", required=True)
    parser.add_argument("--seeds", type=int, default=8, help="rulesets per syntax (default 8)")
    parser.add_argument("--seed", type=int, default=101, help="first generator seed")
    parser.add_argument("--garbles", type=int, default=4, help="damaged lines per ruleset")
    parser.add_argument("--packets", type=int, default=60, help="probes per ruleset")
    args = parser.parse_args()
    problem = netns_kernel.environment_problem()
    if problem:
        print(f"skipped: {problem}")
        return 77
    netns_kernel.cleanup_stale_namespaces()
    workdir = tempfile.mkdtemp(prefix="fa-garbled-")
    rng = random.Random(args.seed)
    passed = failed = 0
    iptables, nftables = compare_iptables.Firewalls(), compare_nftables.Firewalls()
    try:
        for syntax, firewalls in (("iptables", iptables), ("nftables", nftables)):
            p, f = run(args, syntax, firewalls, workdir, rng)
            passed, failed = passed + p, failed + f
    finally:
        iptables.close()
        nftables.close()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    if passed + failed < 40:
        print("too few damaged files checked", file=sys.stderr)
        return 1
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
