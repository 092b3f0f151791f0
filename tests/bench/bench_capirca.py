#!/usr/bin/python3
"""Benchmark: `flowaudit query` against capirca.lib.aclcheck on one large Capirca policy.

A 50,000-term policy from tests/capirca/gen_policy.py (small groups, so that expansion gives
about seven ASA entries per term) is rendered by Capirca as a Cisco ASA access-list (and as
PAN-OS XML when the binary has a `panos` importer). flowaudit answers 1,000 packets, parsing
included (median of --runs runs); aclcheck answers a sample of them on the parsed policy.
Prints the figures and the per-packet ratio. Not a test: nothing is asserted.

    /usr/bin/python3 tests/bench/bench_capirca.py --flowaudit build/src/flowaudit
"""

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "capirca"))
import capirca_side  # noqa: E402
import compare_capirca  # noqa: E402
import gen_policy  # noqa: E402

BENCH_SHAPE = gen_policy.Shape(network_items=3, service_items=3, nesting=0.1)


def say(text):
    print(text, flush=True)  # each figure as soon as it is known: a run takes minutes


def timed(function):
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


def time_flowaudit(args, target, config_path, filter_name, lines, workdir, label):
    """flowaudit's answers and the median time of --runs queries (None, 0 on failure)."""
    runs = []
    for _ in range(args.runs):
        (answers, error), seconds = timed(lambda: compare_capirca.ask_flowaudit(
            args.flowaudit, capirca_side.GENERATORS[target][2], config_path, filter_name, lines,
            workdir, timeout=args.timeout))
        if error:
            say(f"{target}: flowaudit failed ({label}): {error}")
            return None, 0
        runs.append(seconds)
        if seconds > 30:
            break  # one slow run says enough
    median = statistics.median(runs)
    say(f"{target}: flowaudit query, {len(lines)} packets including parsing, {label}: "
        f"{median:.2f} s (median of {len(runs)}: {', '.join(f'{r:.2f}' for r in runs)})")
    return answers, median


def bench_target(args, target, workdir):
    case, seconds = timed(lambda: gen_policy.generate(args.seed, target, args.terms, args.packets,
                                                      BENCH_SHAPE))
    say(f"{target}: generated {len(case.terms)} terms, {len(case.packets)} packets "
          f"in {seconds:.1f} s")
    oracle = capirca_side.Oracle(case, workdir)
    config, seconds = timed(oracle.render)
    config_path = os.path.join(workdir, f"{target}.conf")
    with open(config_path, "w") as f:
        f.write(config)
    entries = sum(1 for line in config.splitlines() if " extended " in line)
    size = f"{entries} access-list entries" if target == "asa" else f"{len(config) >> 10} KiB"
    say(f"{target}: Capirca rendered {size} in {seconds:.1f} s")

    filter_name, indexes, extra = compare_capirca.queries(case)[0]
    lines = [case.packets[i].line(extra) for i in indexes]
    timings = []  # (label, seconds)
    if target == "asa":
        # Capirca writes lines an ASA does not accept (`clear configure access-list`, bare
        # `remark` for terms it did not render); flowaudit warns about each. Timing the config
        # without them too shows what the warnings cost.
        quiet_path = config_path + ".quiet"
        with open(quiet_path, "w") as f:
            f.write("".join(line + "\n" for line in config.splitlines()
                            if not line.startswith(("remark ", "clear "))))
        label = "without the lines it warns about"
        _, seconds = time_flowaudit(args, target, quiet_path, filter_name, lines, workdir, label)
        timings += [(label, seconds)] if seconds else []
    label = "as Capirca wrote it"
    answers, seconds = time_flowaudit(args, target, config_path, filter_name, lines, workdir,
                                      label)
    if answers is None:
        return
    timings.append((label, seconds))

    pol, parse_s = timed(oracle.checkable_policy)
    sample = random.Random(args.seed).sample(indexes, min(args.sample, len(indexes)))
    verdicts, seconds = timed(lambda: oracle.verdicts([case.packets[i] for i in sample], pol))
    per_packet = seconds / max(1, len(sample))
    agree = sum(1 for i, (v, _, _) in zip(sample, verdicts)
                if v is None or v == answers[indexes.index(i)].get("verdict"))
    say(f"{target}: aclcheck: parsing the policy {parse_s:.1f} s, then "
        f"{per_packet * 1000:.1f} ms per packet ({len(sample)} sampled, {agree} agree with "
        f"flowaudit or are excluded)")
    aclcheck_s = parse_s + per_packet * len(lines)
    for label, flowaudit_s in timings:
        say(f"{target}: {len(lines)} packets, parsing included: aclcheck {aclcheck_s:.1f} s "
            f"(estimated), flowaudit {flowaudit_s:.2f} s ({label}): ratio "
            f"{aclcheck_s / flowaudit_s:.1f}; per packet with aclcheck's parsing left out: "
            f"{per_packet / (flowaudit_s / len(lines)):.1f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flowaudit", required=True, help="path of the flowaudit executable")
    parser.add_argument("--terms", type=int, default=50000)
    parser.add_argument("--packets", type=int, default=1000)
    parser.add_argument("--sample", type=int, default=20, help="packets aclcheck answers")
    parser.add_argument("--runs", type=int, default=3, help="flowaudit runs (median)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per flowaudit run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--targets", default="asa,panos")
    parser.add_argument("--keep", metavar="DIR", help="keep the configs and packets here")
    args = parser.parse_args()
    problem = capirca_side.available()
    if problem:
        say(f"skipped: {problem}")
        return 77
    root = args.keep or tempfile.mkdtemp(prefix="fa-bench-capirca-")
    try:
        for target in args.targets.split(","):
            vendor = capirca_side.GENERATORS[target][2]
            if not compare_capirca.has_importer(args.flowaudit, vendor):  # False or None
                say(f"{target}: skipped, {args.flowaudit} has no '{vendor}' importer")
                continue
            workdir = os.path.join(root, target)
            os.makedirs(workdir, exist_ok=True)
            bench_target(args, target, workdir)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
