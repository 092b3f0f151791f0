#!/usr/bin/python3
"""The Linux kernel as the reference for nftables: hand-written `nft list ruleset`
files (hand-nft/*.nft, with `# family: 4|6` and `# chain: INPUT|FORWARD` header
comments and a .packets file beside each) are loaded with `nft -f` into a private
network namespace, probes are injected, and `flowaudit query --vendor nftables
--filter input|forward` must agree with the kernel on every packet.

Rulesets keep their base chains between the oracle's priorities -10 and 10
(`priority filter` is 0) and never flush the ruleset (see netns_kernel.load).

Usage: compare_nftables.py --flowaudit PATH
Prints `N passed, M failed`; exits 77 (skipped) without root/netns or when the
binary has no nftables importer.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns_kernel  # noqa: E402
from compare_iptables import header_value  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


def flowaudit_verdicts(flowaudit, rules_path, packets_path, chain):
    done = subprocess.run([flowaudit, "query", rules_path, "--vendor", "nftables", "--filter",
                           chain.lower(), "--packets", packets_path, "--format", "json"],
                          capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise RuntimeError(f"flowaudit exit {done.returncode}: {done.stderr.strip()[:500]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flowaudit", required=True)
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
        for probe, want, got in zip(probes, kernel, ours):
            if got["verdict"] == want:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {name}: {probe.line}: kernel {want}, flowaudit {got['verdict']} ({json.dumps(got.get('rule'))})",
                      file=sys.stderr)
        print(f"ok   {name}" if not failed else f"     {name}")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
