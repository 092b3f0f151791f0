#!/usr/bin/python3
"""Differential test: `flowaudit query` against the Linux kernel, packet by packet.

For every hand-written ruleset in hand/ and N generated ones (both families, both
chains) the kernel's verdicts come from netns_kernel.py and flowaudit's from

    flowaudit query RULES --vendor iptables|ip6tables --filter INPUT|FORWARD
                    --packets PFILE --format json

A packet passes when both say the same; flowaudit's `unknown` is a failure (every
construct used here is supported). Mismatches are written to stderr with a
reproduction, the first few with the ruleset cut down to the rules that matter.
The last stdout line is `N passed, M failed`; exit 0 only if M == 0 and N >= 1000;
exit 77 when this machine cannot run the kernel side (not root, no netns).
"""

import argparse
import concurrent.futures
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_iptables  # noqa: E402
import netns_kernel  # noqa: E402

MIN_PACKETS = 1000
FLOWAUDIT_TIMEOUT_S = 60
RUN_BUDGET_S = 720  # stop calling flowaudit after this: ctest kills at 900 s, leaving namespaces
MIX_ATTEMPTS = 9  # generator variants tried until a probe set has permits and denies


@dataclass
class Case(gen_iptables.Case):
    """A generated (or hand-written) case plus what the comparison learns about it."""
    probes: list = field(default_factory=list)
    kernel: list = field(default_factory=list)
    flowaudit: list = field(default_factory=list)  # parsed JSON objects, or None each
    error: str = ""  # why flowaudit's answer could not be used at all
    rules_path: str = ""
    packets_path: str = ""

    @property
    def vendor(self):
        return "iptables" if self.family == 4 else "ip6tables"

    def packet_lines(self):
        return [line.strip() for line in self.packets.splitlines()
                if line.strip() and not line.lstrip().startswith("#")]


# ---------------------------------------------------------------------------
# Cases


def header_value(text, key):
    match = re.search(rf"^#\s*{key}:\s*(\S+)", text, re.MULTILINE)
    return match.group(1) if match else None


def hand_cases(directory):
    cases = []
    for rules_path in sorted(glob.glob(os.path.join(directory, "*.rules"))):
        with open(rules_path) as f:
            rules = f.read()
        with open(rules_path[:-len(".rules")] + ".packets") as f:
            packets = f.read()
        family, chain = header_value(rules, "family"), header_value(rules, "chain")
        if family not in ("4", "6") or chain not in netns_kernel.CHAINS:
            raise SystemExit(f"{rules_path}: needs '# family: 4|6' and '# chain: INPUT|FORWARD' lines")
        name = "hand/" + os.path.basename(rules_path)[:-len(".rules")]
        cases.append(Case(name, int(family), chain, rules, packets))
    return cases


class Firewalls:
    """One reusable kernel topology per (family, chain), all deleted on close."""

    def __init__(self):
        self.open = {}

    def get(self, family, chain):
        if (family, chain) not in self.open:
            firewall = netns_kernel.Firewall(family, chain)
            self.open[(family, chain)] = firewall.__enter__()
        return self.open[(family, chain)]

    def verdicts(self, family, chain, rules, probes):
        return self.get(family, chain).verdicts(rules, probes)

    def close(self):
        for firewall in self.open.values():
            firewall.destroy()
        self.open = {}


def kernel_side(case, firewalls):
    """Kernel verdicts into case.kernel; on failure case.error says why (all packets fail)."""
    try:
        case.probes = netns_kernel.parse_packets(case.packets)
        case.kernel = firewalls.verdicts(case.family, case.chain, case.rules, case.probes)
    except (ValueError, netns_kernel.OracleError) as error:
        case.error = f"kernel side failed (a harness or generator bug): {error}"
        case.kernel = [None] * len(case.packet_lines())


def generated_case(seed, packets, firewalls):
    """The first generator variant whose probes get both verdicts from the kernel."""
    for variant in range(MIX_ATTEMPTS):
        made = gen_iptables.generate(seed, packets=packets, variant=variant)
        case = Case(made.name, made.family, made.chain, made.rules, made.packets)
        kernel_side(case, firewalls)
        if case.error or ("permit" in case.kernel and "deny" in case.kernel):
            return case
    print(f"warning: seed {seed}: no variant mixes permits and denies", file=sys.stderr)
    return case


# ---------------------------------------------------------------------------
# flowaudit side


def query_command(flowaudit, case):
    return [flowaudit, "query", case.rules_path, "--vendor", case.vendor, "--filter", case.chain,
            "--packets", case.packets_path, "--format", "json"]


def run_flowaudit(flowaudit, case, deadline=None):
    """Fill case.flowaudit (one JSON object per packet) or case.error."""
    count = len(case.kernel)
    case.flowaudit = [None] * count
    if case.error:
        return
    if deadline and time.monotonic() > deadline:
        case.error = f"not run: the whole run's {RUN_BUDGET_S} s budget is used up"
        return
    try:
        done = run_bounded(query_command(flowaudit, case), FLOWAUDIT_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as error:
        case.error = f"could not run flowaudit: {error}"
        return
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    answers = []
    for line in lines:
        try:
            answers.append(json.loads(line))
        except json.JSONDecodeError:
            answers.append(None)
    if done.returncode not in (0, 1) or len(answers) != count:
        case.error = (f"flowaudit exited {done.returncode} with {len(answers)} JSON lines for "
                      f"{count} packets\n{indent(done.stderr.strip()[:3000] or '(no stderr)')}")
    if len(answers) == count:
        case.flowaudit = answers


def run_bounded(argv, timeout):
    """subprocess.run, but a timeout kills the whole process group, not just the child."""
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as proc:
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
    return subprocess.CompletedProcess(argv, proc.returncode, stdout, stderr)


def flowaudit_verdict(answer):
    return answer.get("verdict") if isinstance(answer, dict) else None


def single_verdict(flowaudit, case, rules, packet_line, workdir):
    """flowaudit's verdict for one packet on a candidate ruleset (for minimizing)."""
    probe_case = Case(case.name, case.family, case.chain, rules, packet_line + "\n")
    probe_case.kernel = [None]
    probe_case.rules_path = os.path.join(workdir, "minimize.rules")
    probe_case.packets_path = os.path.join(workdir, "minimize.packets")
    write(probe_case.rules_path, rules)
    write(probe_case.packets_path, packet_line + "\n")
    run_flowaudit(flowaudit, probe_case)
    return flowaudit_verdict(probe_case.flowaudit[0])


# ---------------------------------------------------------------------------
# Minimal reproductions


def rule_line_indexes(rules):
    return [i for i, line in enumerate(rules.splitlines())
            if re.match(r"^(\[\d+:\d+\]\s+)?-A\s", line.strip())]


def minimize(case, index, flowaudit, firewalls, workdir, budget_s):
    """Drop rule lines one by one while kernel and flowaudit keep their answers."""
    lines = case.rules.splitlines()
    packet_line = case.packet_lines()[index]
    probe = [case.probes[index]]
    deadline = time.monotonic() + budget_s
    original = flowaudit_verdict(case.flowaudit[index])

    def still_disagrees(candidate_lines):  # the same way: both answers unchanged
        text = "\n".join(candidate_lines) + "\n"
        kernel = firewalls.verdicts(case.family, case.chain, text, probe)[0]
        return (kernel == case.kernel[index] and
                single_verdict(flowaudit, case, text, packet_line, workdir) == original)

    def better(candidate_lines):
        try:
            return time.monotonic() < deadline and still_disagrees(candidate_lines)
        except netns_kernel.OracleError:
            return False

    for i in reversed(rule_line_indexes(case.rules)):
        candidate = lines[:i] + lines[i + 1:]
        if better(candidate):
            lines = candidate
    pruned = [line for line in lines if not unused_chain_declaration(line, lines)]
    if pruned != lines and better(pruned):
        lines = pruned
    return "\n".join(lines) + "\n"


def unused_chain_declaration(line, lines):
    match = re.match(r"^:(\S+)\s+-\s", line)
    if not match:
        return False
    name = re.escape(match.group(1))
    used = re.compile(rf"(-A|-j|-g|--jump|--goto)\s+{name}(\s|$)")
    return not any(used.search(other) for other in lines)


def indent(text, prefix="    "):
    return "\n".join(prefix + line for line in text.splitlines())


def report_mismatch(case, index, minimized, shown_rules):
    packet_line = case.packet_lines()[index]
    answer = case.flowaudit[index]
    out = [f"MISMATCH {case.name} (IPv{case.family} {case.chain}) packet {index}:",
           f"  packet:    {packet_line}",
           f"  kernel:    {case.kernel[index]}",
           f"  flowaudit: {flowaudit_verdict(answer)}",
           f"  json:      {json.dumps(answer) if answer is not None else '(none)'}"]
    if minimized:
        out += ["  minimized ruleset (still disagrees):", indent(minimized)]
    elif not shown_rules:
        out += ["  ruleset:", indent(case.rules)]
    else:
        out += ["  ruleset: as printed above for this case"]
    print("\n".join(out), file=sys.stderr)


# ---------------------------------------------------------------------------


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def compare_case(case, flowaudit, firewalls, workdir, state):
    """Count passes and failures; report each mismatch."""
    if case.error:
        state["errors"] += 1
        ruleset = f"  ruleset:\n{indent(case.rules)}" if state["errors"] <= 3 else "  (ruleset not repeated)"
        print(f"ERROR {case.name} (IPv{case.family} {case.chain}): {case.error}\n"
              f"  command: {' '.join(query_command(flowaudit, case))}\n{ruleset}", file=sys.stderr)
    failed, shown_rules = 0, False
    for index, kernel in enumerate(case.kernel):
        if kernel is not None and flowaudit_verdict(case.flowaudit[index]) == kernel:
            continue
        failed += 1
        if case.error:
            continue  # already reported as a whole
        minimized = None
        if state["minimize_left"] > 0 and time.monotonic() < state["minimize_deadline"]:
            state["minimize_left"] -= 1
            minimized = minimize(case, index, flowaudit, firewalls, workdir,
                                 state["minimize_deadline"] - time.monotonic())
        report_mismatch(case, index, minimized, shown_rules)
        shown_rules = shown_rules or minimized is None
    return len(case.kernel) - failed, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--flowaudit", required=True, help="path of the flowaudit executable")
    parser.add_argument("--seeds", type=int, default=20, help="generated rulesets (default 20)")
    parser.add_argument("--packets-per-ruleset", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1, help="first generator seed")
    parser.add_argument("--hand", default=os.path.join(HERE, "hand"), help="hand-written rulesets")
    parser.add_argument("--keep", metavar="DIR", help="also write every ruleset and packets file here")
    parser.add_argument("--minimize", type=int, default=5, help="mismatches to minimize (default 5)")
    parser.add_argument("--jobs", type=int, default=2, help="flowaudit processes in parallel")
    args = parser.parse_args()

    problem = netns_kernel.environment_problem()
    if problem:
        print(f"skipped: {problem}")
        return 77
    if not os.access(args.flowaudit, os.X_OK):
        print(f"error: {args.flowaudit} is not an executable", file=sys.stderr)
        return 2
    netns_kernel.cleanup_stale_namespaces()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # still delete namespaces (finally)
    started = time.monotonic()
    workdir = tempfile.mkdtemp(prefix="fa-oracle-")
    firewalls = Firewalls()
    passed = failed = 0
    try:
        cases = kernel_cases(args, firewalls)
        kernel_done = time.monotonic()
        write_inputs(cases, args.keep or workdir)
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            deadline = started + RUN_BUDGET_S
            list(pool.map(lambda c: run_flowaudit(args.flowaudit, c, deadline), cases))
        minimize_deadline = min(time.monotonic() + 120, started + RUN_BUDGET_S + FLOWAUDIT_TIMEOUT_S)
        state = {"minimize_left": args.minimize, "minimize_deadline": minimize_deadline, "errors": 0}
        for case in cases:
            good, bad = compare_case(case, args.flowaudit, firewalls, workdir, state)
            passed, failed = passed + good, failed + bad
            print(f"{'ok  ' if not bad else 'FAIL'} {case.name} (IPv{case.family} {case.chain}): "
                  f"{good} agree, {bad} differ")
    finally:
        firewalls.close()
        shutil.rmtree(workdir, ignore_errors=True)
    total = passed + failed
    print(f"timing: kernel {kernel_done - started:.1f}s, total {time.monotonic() - started:.1f}s "
          f"for {total} packets in {len(cases)} rulesets")
    if total < MIN_PACKETS:
        print(f"too few packets: {total} < {MIN_PACKETS}", file=sys.stderr)
    if failed and not args.keep:
        print("(rerun with --keep DIR to keep every ruleset and packets file)", file=sys.stderr)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and total >= MIN_PACKETS else 1


def kernel_cases(args, firewalls):
    """Hand-written and generated cases, each with the kernel's verdicts."""
    cases = hand_cases(args.hand)
    for case in cases:
        kernel_side(case, firewalls)
        if not case.error and not ("permit" in case.kernel and "deny" in case.kernel):
            print(f"warning: {case.name}: the kernel gives only {case.kernel[:1]}", file=sys.stderr)
    return cases + [generated_case(seed, args.packets_per_ruleset, firewalls)
                    for seed in range(args.seed, args.seed + args.seeds)]


def write_inputs(cases, directory):
    os.makedirs(directory, exist_ok=True)
    for case in cases:
        stem = os.path.join(directory, case.name.replace("/", "-"))
        case.rules_path, case.packets_path = stem + ".rules", stem + ".packets"
        write(case.rules_path, case.rules)
        write(case.packets_path, case.packets)

if __name__ == "__main__":
    sys.exit(main())
