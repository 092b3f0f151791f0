#!/usr/bin/python3
"""The Linux kernel as the reference for flowaudit's `nft -j` JSON import.

For every case (the hand-written hand-nft/*.nft files, then --seeds N rulesets from
gen_nftables.py, 100 probes each):
  1. the text is loaded with `nft -f` into a private network namespace and probed;
  2. `nft -j list ruleset` is dumped from that kernel (the oracle's own fa_oracle table
     left out) and imported by `flowaudit query --vendor nftables`;
  3. flowaudit's verdict on the JSON must equal the kernel's for every packet, and its
     deciding rule must carry a location (the JSON import is also compared with the text
     import of the same case, which must agree with it packet for packet);
  4. for the hand-written cases the dump is loaded back with `nft -j -f` and probed again:
     the kernel must give the same verdicts as with the text.
`nft -j list ruleset` prints sets and maps before chains; `nft -j -f` then refuses a map
whose elements jump to a chain not yet created, so step 4 loads chains first.

Usage: compare_nftables_json.py --flowaudit PATH [--seeds N] [--seed S] [--keep DIR]
Prints one line per case and `N passed, M failed` (packets; a packet passes when the
JSON import, the text import and every kernel load agree), then the text/JSON
disagreements. Exits 0 only if nothing failed and, when --seeds > 0, at least 1,000
packets passed; 77 (skipped) without root/netns or without the nftables importer.
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
from compare_nftables import Firewalls, flowaudit_verdicts  # noqa: E402
import gen_nftables  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
LOAD_ORDER = {"metainfo": 0, "table": 1, "chain": 2, "set": 3, "map": 3, "rule": 4}


def reload_order(dump):
    """The dump with chains before sets and maps, so `nft -j -f` can load it."""
    items = sorted(dump["nftables"], key=lambda item: LOAD_ORDER.get(next(iter(item)), 5))
    return {"nftables": items}


class Case:
    def __init__(self, name, family, chain, rules, packets, reload):
        self.name, self.family, self.chain = name, family, chain
        self.rules, self.packets, self.reload = rules, packets, reload


def hand_cases():
    for rules_path in sorted(glob.glob(os.path.join(HERE, "hand-nft", "*.nft"))):
        with open(rules_path) as f:
            rules = f.read()
        with open(rules_path[:-len(".nft")] + ".packets") as f:
            packets = f.read()
        yield Case(os.path.basename(rules_path), int(header_value(rules, "family")),
                   header_value(rules, "chain"), rules, packets, reload=True)


def generated_cases(first, count, packets):
    for seed in range(first, first + count):
        case = gen_nftables.generate(seed, packets=packets)
        yield Case(case.name, case.family, case.chain, case.rules, case.packets, reload=False)


def run_case(case, firewalls, flowaudit, workdir, keep):
    """(passed, failed, text/JSON disagreements, problems) for one case."""
    probes = netns_kernel.parse_packets(case.packets)
    kernel = firewalls.verdicts(case.family, case.chain, case.rules, probes)
    firewall = firewalls.open[(case.family, case.chain)]
    dump = firewall.dump_json()
    stem = os.path.join(keep or workdir, case.name.replace(".nft", ""))
    paths = {"json": stem + ".json", "nft": stem + ".nft", "packets": stem + ".packets"}
    for kind, text in (("json", json.dumps(dump)), ("nft", case.rules), ("packets", case.packets)):
        with open(paths[kind], "w") as f:
            f.write(text)
    from_json = flowaudit_verdicts(flowaudit, paths["json"], paths["packets"], case.chain)
    from_text = flowaudit_verdicts(flowaudit, paths["nft"], paths["packets"], case.chain)
    reloaded = None
    if case.reload:
        reloaded = firewall.verdicts(json.dumps(reload_order(dump)), probes, syntax="nft-json")
    problems, passed, failed, text_json = [], 0, 0, 0
    if len(from_json) != len(probes) or len(from_text) != len(probes):
        return 0, len(probes), 0, [f"{len(from_json)}/{len(from_text)} answers for {len(probes)} packets"]
    for index, (probe, want) in enumerate(zip(probes, kernel)):
        got, text = from_json[index], from_text[index]
        wrong = []
        if got.get("verdict") != want:
            wrong.append(f"kernel {want}, flowaudit on JSON {got.get('verdict')} ({json.dumps(got.get('rule'))})")
        if got.get("verdict") != text.get("verdict"):
            text_json += 1
            wrong.append(f"flowaudit on text {text.get('verdict')}, on JSON {got.get('verdict')}")
        if reloaded is not None and reloaded[index] != want:
            wrong.append(f"kernel after `nft -j -f` {reloaded[index]}, after `nft -f` {want}")
        rule = got.get("rule")
        if isinstance(rule, dict) and rule.get("file") and not rule.get("line"):
            wrong.append(f"deciding rule without a line: {json.dumps(rule)}")
        if wrong:
            failed += 1
            problems.append(f"packet {index} ({probe.line}): " + "; ".join(wrong))
        else:
            passed += 1
    return passed, failed, text_json, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flowaudit", required=True)
    parser.add_argument("--seeds", type=int, default=20, help="generated rulesets (default 20)")
    parser.add_argument("--seed", type=int, default=1, help="first generator seed (default 1)")
    parser.add_argument("--packets-per-ruleset", type=int, default=100)
    parser.add_argument("--keep", help="directory to keep every .nft/.json/.packets file in")
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
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
    workdir = tempfile.mkdtemp(prefix="fa-nft-json-")
    firewalls = Firewalls()
    passed = failed = text_json = 0
    try:
        cases = list(hand_cases()) + list(generated_cases(args.seed, args.seeds, args.packets_per_ruleset))
        for case in cases:
            try:
                p, f, t, problems = run_case(case, firewalls, args.flowaudit, workdir, args.keep)
            except (RuntimeError, netns_kernel.OracleError, subprocess.TimeoutExpired) as error:
                p, f, t, problems = 0, 1, 0, [f"error: {error}"]
            passed, failed, text_json = passed + p, failed + f, text_json + t
            for line in problems[:10]:
                print(f"  {case.name}: {line}", file=sys.stderr)
            how = " (also loaded with nft -j -f)" if case.reload else ""
            print(f"{'ok  ' if not f else 'FAIL'} {case.name} ({p}/{p + f}){how}")
    finally:
        firewalls.close()
        subprocess.run(["rm", "-rf", workdir], check=False)
    print(f"{passed} passed, {failed} failed")
    print(f"text and JSON imports disagreed on {text_json} packets")
    if failed:
        return 1
    if args.seeds > 0 and passed < 1000:
        print(f"too few packets compared ({passed} < 1000)", file=sys.stderr)
        return 1
    return 0 if passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
