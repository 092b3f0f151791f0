#!/usr/bin/python3
"""Differential test: flowaudit's importers against Capirca, packet by packet.

For each seed, gen_policy.py makes a random Capirca policy for one target; Capirca renders it
(ciscoasa, juniper, junipersrx or paloaltofw) and capirca.lib.aclcheck says which term of the
source policy decides each probe packet. flowaudit then answers for the rendered config:

    flowaudit query CONFIG --vendor V [--filter F] --packets PFILE --format json

accept is permit, deny and reject are deny, and a packet no term matches gets the target's
default (always deny here: see capirca_side.DEFAULT_VERDICT). flowaudit's `unknown` is a
disagreement. Packets whose first matching term has an exclude or an established option are
left out (aclcheck ignores excludes and cannot judge connection state) and counted apart.
The last stdout line is `N agree, M disagree, X excluded`; exit 0 only if M == 0 and at least
one packet was compared; 77 (skip) when Capirca is not installed.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import replace

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import capirca_side  # noqa: E402
import gen_policy  # noqa: E402

FLOWAUDIT_TIMEOUT_S = 60
MINIMIZE_BUDGET_S = 60
SHOWN_MISMATCHES = 25  # the rest are counted only
SKIP = 77


def run_bounded(argv, timeout):
    """subprocess.run, but a timeout kills the whole process group."""
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
    return subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)


def has_importer(flowaudit, vendor):
    """Whether `flowaudit list importers` names the vendor; None if it lists nothing at all
    (a broken binary must fail the test, not skip it)."""
    done = run_bounded([flowaudit, "list", "importers"], 30)
    ids = [line.split()[0] for line in done.stdout.splitlines() if line.strip()]
    return (vendor in ids) if done.returncode == 0 and ids else None


# ---------------------------------------------------------------------------
# How flowaudit is asked about each target


def queries(case):
    """[(filter name or None, packet indexes, extra packet-line text)] for one case."""
    indexes = {f: [i for i, p in enumerate(case.packets) if p.family == f] for f in (4, 6)}
    name = case.filter_name
    if case.target == "asa":
        return [(name, indexes[4], "")]
    if case.target == "junos-filter":
        if case.filter_type == "mixed":  # Capirca names the two filters NAME4 and NAME6
            return [(name + "4", indexes[4], ""), (name + "6", indexes[6], "")]
        return [(name, indexes[4] + indexes[6], "")]
    return [(None, indexes[4] + indexes[6], "")]  # the device's default filter; zones per packet


def ask_flowaudit(flowaudit, vendor, config_path, filter_name, lines, workdir,
                  timeout=FLOWAUDIT_TIMEOUT_S):
    """flowaudit's JSON answer per packet line, or an error text."""
    packets_path = os.path.join(workdir, f"{filter_name or 'default'}.packets")
    with open(packets_path, "w") as f:
        f.write("".join(line + "\n" for line in lines))
    argv = [flowaudit, "query", config_path, "--vendor", vendor, "--packets", packets_path,
            "--format", "json"] + (["--filter", filter_name] if filter_name else [])
    try:
        done = run_bounded(argv, timeout)
    except (OSError, subprocess.TimeoutExpired) as error:
        return None, f"could not run flowaudit: {error}"
    answers = []
    for out_line in done.stdout.splitlines():
        try:
            answers.append(json.loads(out_line))
        except json.JSONDecodeError:
            pass
    if done.returncode != 0 or len(answers) != len(lines):
        errors = [e for e in done.stderr.splitlines() if "error" in e][:8]
        return None, (f"flowaudit exited {done.returncode} with {len(answers)} answers for "
                      f"{len(lines)} packets: {' '.join(argv)}\n      " + "\n      ".join(errors))
    return answers, ""


# Protocols Capirca's paloaltofw matches with an application (App-ID) instead of a service.
PANOS_APPLICATION_PROTOCOLS = {1, 58, 2, 47, 50, 51}


def unknowable_reason(case, answer, config_lines, deciding_term):
    """Why flowaudit's `unknown` is legitimate, or "" when it is a disagreement.

    PAN-OS rules for icmp, igmp, gre, esp and ah name applications (`icmp`, `ipsec-esp`, custom
    `icmp-echo-request` ...), which App-ID identifies on the device; flowaudit reports rules
    naming applications as UNKNOWN. The unknown must come from such a rule: the term that
    decides in Capirca's view, or the rule flowaudit's reason cites (the line of a condition it
    could not decide) if that comes no later: a later one could not have mattered."""
    if case.target != "panos" or answer.get("verdict") != "unknown":
        return ""
    cited = re.search(r":(\d+)(?::\d+)?\s*$", answer.get("reason", ""))
    term = term_of_line(config_lines, int(cited.group(1))) if cited else None
    if term and deciding_term and term > deciding_term:  # names are t0000, t0001, ...
        term = deciding_term
    if term and set(case.term(term).protocol) & PANOS_APPLICATION_PROTOCOLS:
        return "a PAN-OS rule naming an App-ID application decides"
    return ""


def term_of_line(config_lines, line_number):
    """The generated term a config line belongs to: the nearest term name at or above it."""
    for text in reversed(config_lines[:max(line_number, 0)]):
        match = re.search(r"\bt\d{4}\b", text)
        if match:
            return match.group(0)
    return None


# ---------------------------------------------------------------------------


class Comparison:
    def __init__(self, args, vendor):
        self.args, self.vendor = args, vendor
        self.agree = self.disagree = 0
        self.excluded = {}  # reason -> count
        self.unknowable = {}  # why flowaudit legitimately answered unknown -> count
        self.errors = []
        self.mismatches = []  # (case, packet index, capirca, term, answer, flowaudit term)

    def exclude(self, reason, count=1):
        self.excluded[reason] = self.excluded.get(reason, 0) + count

    def run_case(self, case, workdir):
        """Compare one case; returns (agree, disagree) for its summary line."""
        oracle = capirca_side.Oracle(case, workdir)
        try:
            config = oracle.render()
        except Exception as error:  # a generator bug or a Capirca limit, not flowaudit's
            self.errors.append(f"seed {case.seed}: Capirca could not render: "
                               f"{type(error).__name__}: {error}")
            return 0, 0
        config_path = os.path.join(workdir, f"{case.target}-{case.seed}.conf")
        with open(config_path, "w") as f:
            f.write(config)
        capirca = oracle.verdicts(case.packets)
        config_lines = config.splitlines()
        good = bad = 0
        for filter_name, indexes, extra in queries(case):
            wanted = [i for i in indexes if capirca[i][0] is not None]
            for i in indexes:
                if capirca[i][0] is None:
                    self.exclude(f"first matching term has {capirca[i][2]}")
            if not wanted:
                continue
            answers, error = ask_flowaudit(self.args.flowaudit, self.vendor, config_path,
                                           filter_name, [case.packets[i].line(extra)
                                                         for i in wanted], workdir)
            if error:
                self.errors.append(f"seed {case.seed}: {error}")
                bad += len(wanted)
                continue
            for i, answer in zip(wanted, answers):
                if answer.get("verdict") == capirca[i][0]:
                    good += 1
                    continue
                unknowable = unknowable_reason(case, answer, config_lines, capirca[i][1])
                if unknowable:
                    self.unknowable[unknowable] = self.unknowable.get(unknowable, 0) + 1
                    continue
                bad += 1
                rule = answer.get("rule") or {}
                fa_term = term_of_line(config_lines, rule.get("line", 0)) if rule else None
                self.mismatches.append((case, i, capirca[i], answer, fa_term, filter_name, extra))
        self.agree += good
        self.disagree += bad
        return good, bad

    def report_mismatch(self, number, deadline, workdir):
        case, i, (verdict, term, _), answer, fa_term, filter_name, extra = self.mismatches[number]
        packet = case.packets[i]
        rule = answer.get("rule") or {}
        out = [f"DISAGREE target {case.target} seed {case.seed} packet {i} "
               f"(aimed at {packet.aim or 'nothing'}):",
               f"  packet:    {packet.line(extra)}",
               f"  capirca:   {verdict} (term {term or 'none: default ' + verdict})",
               f"  flowaudit: {answer.get('verdict')} by {rule.get('text', '(no rule)')!r} "
               f"line {rule.get('line', '-')} (term {fa_term or '-'})"
               + (f" reason {answer['reason']!r}" if answer.get("reason") else "")]
        if number < self.args.minimize and time.monotonic() < deadline:
            out += self.minimized(case, packet, {term, fa_term} - {None}, filter_name, extra,
                                  workdir)
        print("\n".join(out), file=sys.stderr)

    def minimized(self, case, packet, names, filter_name, extra, workdir):
        """The policy cut down to the two deciding terms, if it still disagrees."""
        small = replace(case, terms=[t for t in case.terms if t.name in names], packets=[packet])
        if not small.terms:
            return ["  (no term decides on either side: the default differs)"]
        directory = os.path.join(workdir, "minimize")
        shutil.rmtree(directory, ignore_errors=True)
        os.makedirs(directory)
        oracle = capirca_side.Oracle(small, directory)
        config = oracle.render()
        path = os.path.join(directory, "small.conf")
        with open(path, "w") as f:
            f.write(config)
        verdict = oracle.verdicts([packet])[0][0]
        answers, _ = ask_flowaudit(self.args.flowaudit, self.vendor, path, filter_name,
                                   [packet.line(extra)], directory)
        if not answers or answers[0].get("verdict") == verdict:
            return ["  (the two deciding terms alone agree; rerun with --keep DIR)"]
        indent = lambda text: "\n".join("      " + line for line in text.splitlines())  # noqa
        return [f"  still disagrees with only these terms (capirca {verdict}, flowaudit "
                f"{answers[0].get('verdict')}):", "    policy:", indent(small.policy_text()),
                "    definitions:", indent(small.networks_text()), indent(small.services_text()),
                "    rendered:", indent("\n".join(line for line in config.splitlines()
                                                  if line.strip()))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=gen_policy.TARGETS, required=True)
    parser.add_argument("--flowaudit", required=True, help="path of the flowaudit executable")
    parser.add_argument("--seeds", type=int, default=10, help="policies to generate (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="first seed")
    parser.add_argument("--terms", type=int, default=300, help="terms per policy (default 300)")
    parser.add_argument("--packets", type=int, default=300, help="packets per policy")
    parser.add_argument("--budget", type=float, default=100, help="seconds before no new seed "
                        "is started (default 100)")
    parser.add_argument("--minimize", type=int, default=3, help="disagreements to cut down")
    parser.add_argument("--keep", metavar="DIR", help="keep every policy, config and packets file")
    args = parser.parse_args()

    problem = capirca_side.available()
    if problem:
        print(f"skipped: {problem}")
        return SKIP
    if not os.access(args.flowaudit, os.X_OK):
        print(f"error: {args.flowaudit} is not an executable", file=sys.stderr)
        return 2
    vendor = capirca_side.GENERATORS[args.target][2]
    listed = has_importer(args.flowaudit, vendor)
    if listed is None:
        print(f"error: `{args.flowaudit} list importers` lists no importers", file=sys.stderr)
        return 2
    if not listed:
        print(f"skipped: {args.flowaudit} has no '{vendor}' importer")
        return SKIP
    started = time.monotonic()
    root = args.keep or tempfile.mkdtemp(prefix="fa-capirca-")
    comparison = Comparison(args, vendor)
    seeds_run = 0
    try:
        for seed in range(args.seed, args.seed + max(0, args.seeds)):
            if time.monotonic() - started > args.budget:
                print(f"budget of {args.budget:.0f} s used up after {seeds_run} seeds")
                break
            case = gen_policy.generate(seed, args.target, args.terms, args.packets)
            workdir = os.path.join(root, f"seed{seed}")
            os.makedirs(workdir, exist_ok=True)
            good, bad = comparison.run_case(case, workdir)
            seeds_run += 1
            print(f"{'ok  ' if not bad else 'FAIL'} seed {seed} ({case.filter_type}, "
                  f"{len(case.terms)} terms): {good} agree, {bad} disagree", flush=True)
        deadline = time.monotonic() + MINIMIZE_BUDGET_S
        for number in range(min(len(comparison.mismatches), SHOWN_MISMATCHES)):
            comparison.report_mismatch(number, deadline, os.path.join(root, "work"))
        if len(comparison.mismatches) > SHOWN_MISMATCHES:
            print(f"... and {len(comparison.mismatches) - SHOWN_MISMATCHES} more disagreements",
                  file=sys.stderr)
        for error in comparison.errors:
            print(f"ERROR {error}", file=sys.stderr)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    summarize(comparison, seeds_run, args.target, time.monotonic() - started)
    ok = comparison.disagree == 0 and not comparison.errors and comparison.agree > 0
    return 0 if ok else 1


def summarize(comparison, seeds_run, target, seconds):
    print(f"target {target}: {seeds_run} seeds in {seconds:.1f} s")
    for reason, count in sorted(comparison.excluded.items()):
        print(f"  excluded: {count} packets whose {reason} (aclcheck cannot judge them)")
    for reason, count in sorted(comparison.unknowable.items()):
        print(f"  flowaudit unknown, legitimately: {count} packets where {reason}")
    if comparison.errors:
        print(f"  {len(comparison.errors)} errors (see stderr)")
    print(f"{comparison.agree} agree, {comparison.disagree} disagree, "
          f"{sum(comparison.excluded.values())} excluded, "
          f"{sum(comparison.unknowable.values())} unknowable")


if __name__ == "__main__":
    sys.exit(main())
