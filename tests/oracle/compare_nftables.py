#!/usr/bin/python3
"""The Linux kernel as the reference for nftables: hand-written `nft list ruleset`
files (hand-nft/*.nft, with `# family: 4|6` and `# chain: INPUT|FORWARD` header
comments and a .packets file beside each) are loaded with `nft -f` into a private
network namespace, probes are injected, and `flowaudit query --vendor nftables
--filter input|forward` must agree with the kernel on every packet.

Rulesets keep their base chains between the oracle's priorities -10 and 10
(`priority filter` is 0) and never flush the ruleset (see netns_kernel.load).

With --seeds N (default 30) it also runs N rulesets from gen_nftables.py (seeds S..S+N-1,
--seed S, default 1; consecutive seeds cycle through IPv4/IPv6 and INPUT/FORWARD),
100 probes each. Every disagreement goes to stderr with the packet, both verdicts,
flowaudit's JSON line and (for the first --minimize ones) the ruleset cut down to the
lines that still disagree. --exclude CONSTRUCT[,...] skips generated rulesets that use
a construct (names as in gen_nftables.constructs), to show that the rest agree.

Usage: compare_nftables.py --flowaudit PATH [--seeds N] [--seed S] [--keep DIR]
Prints `N passed, M failed` (packets); exits 0 only if nothing failed and, when
--seeds > 0, at least 1,000 packets passed; 77 (skipped) without root/netns or
when the binary has no nftables importer.
"""

import argparse
import glob
import json
import os
import subprocess
import re
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns_kernel  # noqa: E402
from compare_iptables import header_value  # noqa: E402
import gen_nftables  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def flowaudit_verdicts(flowaudit, rules_path, packets_path, chain):
    done = subprocess.run([flowaudit, "query", rules_path, "--vendor", "nftables", "--filter",
                           chain.lower(), "--packets", packets_path, "--format", "json"],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(f"flowaudit exit {done.returncode}: {done.stderr.strip()[:500]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def flowaudit_answers(flowaudit, rules, packets_text, chain, workdir, stem="case"):
    """flowaudit's JSON answers (list) for rules/packets text, or raise RuntimeError."""
    rules_path, packets_path = os.path.join(workdir, stem + ".nft"), os.path.join(workdir, stem + ".packets")
    with open(rules_path, "w") as f:
        f.write(rules)
    with open(packets_path, "w") as f:
        f.write(packets_text)
    return flowaudit_verdicts(flowaudit, rules_path, packets_path, chain)


class Firewalls:
    """One oracle topology per (family, chain), reused across rulesets."""

    def __init__(self):
        self.open = {}

    def verdicts(self, family, chain, rules, probes):
        if (family, chain) not in self.open:
            self.open[(family, chain)] = netns_kernel.Firewall(family, chain).__enter__()
        return self.open[(family, chain)].verdicts(rules, probes, syntax="nft")

    def close(self):
        for firewall in self.open.values():
            firewall.__exit__(None, None, None)


def blocks(lines):
    """(start, end) line ranges of every `... {` ... `}` block, innermost first."""
    found, stack = [], []
    for i, line in enumerate(lines):
        text = line.strip()
        if text.startswith("#"):
            continue
        if text.endswith("{") and not text.startswith("elements"):
            stack.append(i)
        elif text == "}" and stack:
            found.append((stack.pop(), i))
    return found


def rule_lines(lines):
    inside = [i for i, line in enumerate(lines) if line.startswith("\t\t") and not line.startswith("\t\t\t")]
    return [i for i in inside if not re.match(r"\s*(type |flags |elements |policy )", lines[i])]


def minimize(rules, probe, kernel_want, flowaudit_want, family, chain, firewalls, flowaudit, workdir, deadline):
    """Drop blocks (tables, chains, sets) and rule lines while both answers stay the same."""
    lines = rules.splitlines()

    def same(candidate):
        if time.monotonic() > deadline:
            return False
        text = "\n".join(candidate) + "\n"
        try:
            if firewalls.verdicts(family, chain, text, [probe])[0] != kernel_want:
                return False
            answers = flowaudit_answers(flowaudit, text, probe.line + "\n", chain, workdir, "minimize")
        except Exception:  # noqa: BLE001  (the kernel or flowaudit refuses the cut)
            return False
        return len(answers) == 1 and answers[0].get("verdict") == flowaudit_want

    changed = True
    while changed:
        changed = False
        for start, end in sorted(blocks(lines), key=lambda b: b[0] - b[1]):
            candidate = lines[:start] + lines[end + 1:]
            if same(candidate):
                lines, changed = candidate, True
                break
        if changed:
            continue
        for i in reversed(rule_lines(lines)):
            candidate = lines[:i] + lines[i + 1:]
            if same(candidate):
                lines, changed = candidate, True
    lines = [line for line in lines if line.strip()]
    return "\n".join(lines) + "\n"


def indent(text, prefix="    "):
    return "\n".join(prefix + line for line in text.rstrip("\n").splitlines())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flowaudit", required=True)
    parser.add_argument("--seeds", type=int, default=30, help="generated rulesets (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="first generator seed (default 1)")
    parser.add_argument("--packets-per-ruleset", type=int, default=100)
    parser.add_argument("--minimize", type=int, default=5, help="minimize the first N mismatches (default 5)")
    parser.add_argument("--exclude", default="", help="skip generated rulesets using CONSTRUCT[,...]")
    parser.add_argument("--keep", help="directory to keep every generated .nft/.packets pair in")
    args = parser.parse_args()
    problem = netns_kernel.environment_problem()
    if problem:
        print(f"skipped: {problem}")
        return 77
    importers = subprocess.run([args.flowaudit, "list", "importers"], capture_output=True, text=True)
    if "nftables" not in importers.stdout.split():
        print("skipped: this flowaudit has no nftables importer")
        return 77
    netns_kernel.cleanup_stale_namespaces()
    passed = failed = 0
    for rules_path in sorted(glob.glob(os.path.join(HERE, "hand-nft", "*.nft"))):
        with open(rules_path) as f:
            rules = f.read()
        packets_path = rules_path[:-len(".nft")] + ".packets"
        with open(packets_path) as f:
            probes = netns_kernel.parse_packets(f.read())
        family, chain = int(header_value(rules, "family")), header_value(rules, "chain")
        with netns_kernel.Firewall(family, chain) as firewall:
            kernel = firewall.verdicts(rules, probes, syntax="nft")
        ours = flowaudit_verdicts(args.flowaudit, rules_path, packets_path, chain)
        name = os.path.basename(rules_path)
        if len(ours) != len(probes):
            print(f"FAIL {name}: {len(ours)} answers for {len(probes)} packets")
            failed += len(probes)
            continue
        bad = 0
        for probe, want, got in zip(probes, kernel, ours):
            if got["verdict"] == want:
                passed += 1
            else:
                failed += 1
                bad += 1
                print(f"FAIL {name}: {probe.line}: kernel {want}, flowaudit {got['verdict']} ({json.dumps(got.get('rule'))})",
                      file=sys.stderr)
        print(f"ok   {name}" if not bad else f"FAIL {name} ({bad} packets)")
    if args.seeds > 0:
        p, f = run_generated(args)
        passed, failed = passed + p, failed + f
    print(f"{passed} passed, {failed} failed")
    if failed:
        return 1
    if args.seeds > 0 and passed < 1000:
        print(f"too few packets compared ({passed} < 1000)", file=sys.stderr)
        return 1
    return 0 if passed > 0 else 1


def run_generated(args):
    exclude = {word.strip() for word in args.exclude.split(",") if word.strip()}
    known = {"addr", "addr-range", "addr-set", "named-set", "foreign", "l4proto", "ports", "port-set",
             "th-ports", "iface", "iface-wildcard", "icmp", "icmp-set", "ct", "vmap", "negation", "reject",
             "jump", "goto", "return", "continue", "two-base-chains", "reject-implied-dependency"}
    if exclude - known:
        raise SystemExit(f"unknown construct(s) {', '.join(sorted(exclude - known))}; known: {', '.join(sorted(known))}")
    passed = failed = 0
    firewalls = Firewalls()
    minimize_left = args.minimize
    minimize_deadline = time.monotonic() + 30
    workdir = tempfile.mkdtemp(prefix="fa-nft-compare-")
    shown = {}  # (case, deciding line, kernel verdict) -> packet index already reported
    try:
        for seed in range(args.seed, args.seed + args.seeds):
            case = gen_nftables.generate(seed, packets=args.packets_per_ruleset)
            skipped = sorted(case.constructs & exclude)
            if skipped:
                print(f"skip {case.name} (uses {', '.join(skipped)})")
                continue
            probes = netns_kernel.parse_packets(case.packets)
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                for suffix, text in (("nft", case.rules), ("packets", case.packets)):
                    with open(os.path.join(args.keep, f"{case.name}.{suffix}"), "w") as out:
                        out.write(text)
            kernel = firewalls.verdicts(case.family, case.chain, case.rules, probes)
            try:
                ours = flowaudit_answers(args.flowaudit, case.rules, case.packets, case.chain, workdir)
            except (RuntimeError, ValueError, subprocess.TimeoutExpired) as error:
                ours = []
                print(f"ERROR {case.name} (IPv{case.family} {case.chain}): {error}\n  ruleset:\n{indent(case.rules)}",
                      file=sys.stderr)
            if len(ours) != len(probes):
                ours = [None] * len(probes)
            bad = 0
            for index, (probe, want) in enumerate(zip(probes, kernel)):
                answer = ours[index]
                got = answer.get("verdict") if isinstance(answer, dict) else None
                if got == want:
                    passed += 1
                    continue
                failed += 1
                bad += 1
                if answer is None:
                    continue  # the whole case was reported as an ERROR
                out = [f"MISMATCH {case.name} (IPv{case.family} {case.chain}) packet {index}:",
                       f"  packet:    {probe.line}", f"  kernel:    {want}", f"  flowaudit: {got}",
                       f"  json:      {json.dumps(answer)}"]
                deciding = (answer.get("rule") or {}).get("line")
                if (case.name, deciding, want) in shown:
                    out += [f"  ruleset: as for packet {shown[(case.name, deciding, want)]} above "
                            f"(same deciding line {deciding}, same disagreement)"]
                elif minimize_left > 0 and time.monotonic() < minimize_deadline:
                    minimize_left -= 1
                    small = minimize(case.rules, probe, want, got, case.family, case.chain, firewalls,
                                     args.flowaudit, workdir, minimize_deadline)
                    out += ["  minimized ruleset (still disagrees the same way):", indent(small)]
                elif bad == 1:
                    out += ["  ruleset:", indent(case.rules)]
                else:
                    out += ["  ruleset: as printed above for this case"]
                shown.setdefault((case.name, deciding, want), index)
                print("\n".join(out), file=sys.stderr)
            tag = "ok  " if not bad else "FAIL"
            print(f"{tag} {case.name} ({len(probes) - bad}/{len(probes)}; {', '.join(sorted(case.constructs))})")
    finally:
        firewalls.close()
        subprocess.run(["rm", "-rf", workdir], check=False)
    return passed, failed


if __name__ == "__main__":
    sys.exit(main())
