#!/usr/bin/python3
"""Self-check of the kernel oracle (run by `netns_kernel.py --selftest`).

Two kinds of evidence that netns_kernel.py reads the kernel right:
  * tiny rulesets below whose answers are obvious;
  * the hand-written rulesets in hand/, whose .packets files say before each
    packet what the kernel must answer: a comment line `# permit…` or `# deny…`.
"""

import glob
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import netns_kernel  # noqa: E402
from netns_kernel import kernel_verdicts, parse_probe  # noqa: E402

HAND = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hand")

# (title, family, chain, ruleset, table): each table line is a packets-file line
# followed by the verdict the kernel must give.
SELFTEST_CASES = [
    ("policy DROP, accept tcp/80", 4, "INPUT", """
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -m tcp --dport 80 -j ACCEPT
COMMIT
""", """
198.51.100.7 203.0.113.10 tcp 80 40000 in=fa-in0 permit
198.51.100.7 203.0.113.10 tcp 81 40000 in=fa-in0 deny
198.51.100.7 203.0.113.10 udp 80 40000 in=fa-in0 deny
198.51.100.7 203.0.113.10 tcp 80 40001 in=fa-in1 permit
"""),
    ("-i exact and prefix wildcard", 4, "INPUT", """
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -i fa-in1 -p udp -j ACCEPT
-A INPUT -i fa-in1+ -p tcp -j ACCEPT
COMMIT
""", """
10.0.0.1 10.0.0.2 udp 53 5353 in=fa-in1 permit
10.0.0.1 10.0.0.2 udp 53 5353 in=fa-in0 deny
10.0.0.1 10.0.0.2 udp 53 5354 in=fa-in12 deny
10.0.0.1 10.0.0.2 tcp 22 5353 in=fa-in12 permit
10.0.0.1 10.0.0.2 tcp 22 5354 in=fa-in0 deny
"""),
    ("FORWARD -o picks the routed egress", 4, "FORWARD", """
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -i fa-in0 -o fa-out1 -j ACCEPT
COMMIT
""", """
192.0.2.1 198.51.100.1 tcp 443 50000 in=fa-in0 out=fa-out1 permit
192.0.2.1 198.51.100.1 tcp 443 50001 in=fa-in0 out=fa-out0 deny
192.0.2.1 198.51.100.1 tcp 443 50002 in=fa-in1 out=fa-out1 deny
192.0.2.1 198.51.100.1 47 - in=fa-in0 out=fa-out1 permit
"""),
    ("IPv6 INPUT prefix and ND untracked", 6, "INPUT", """
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -s 2001:db8:1::/48 -p tcp -m tcp --dport 443 -j ACCEPT
-A INPUT -m conntrack --ctstate UNTRACKED -j ACCEPT
COMMIT
""", """
2001:db8:1::5 2001:db8:ff::1 tcp 443 40000 in=fa-in0 permit
2001:db8:2::5 2001:db8:ff::1 tcp 443 40000 in=fa-in0 deny
2001:db8:1:ffff:ffff:ffff:ffff:ffff 2001:db8:ff::1 tcp 443 40001 in=fa-in0 permit
2001:db8:2::5 2001:db8:ff::1 icmpv6 135/0 in=fa-in0 permit
2001:db8:2::5 2001:db8:ff::1 icmpv6 128/0 in=fa-in0 deny
"""),
    ("IPv6 FORWARD", 6, "FORWARD", """
*filter
:INPUT DROP [0:0]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -o fa-out0 -p udp -j DROP
COMMIT
""", """
2001:db8::1 2001:db8:9::1 udp 53 1000 in=fa-in0 out=fa-out0 deny
2001:db8::1 2001:db8:9::1 udp 53 1000 in=fa-in0 out=fa-out1 permit
2001:db8::1 2001:db8:9::1 50 - in=fa-in1 out=fa-out0 permit
"""),
    ("REJECT denies, LOG does not", 4, "INPUT", """
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -p tcp -j LOG --log-prefix "probe "
-A INPUT -p tcp -m tcp --dport 23 -j REJECT --reject-with tcp-reset
-A INPUT -p udp -j REJECT
COMMIT
""", """
192.0.2.1 192.0.2.2 tcp 22 1234 in=fa-in0 permit
192.0.2.1 192.0.2.2 tcp 23 1234 in=fa-in0 deny
192.0.2.1 192.0.2.2 udp 23 1234 in=fa-in0 deny
"""),
    ("ICMP conntrack states", 4, "INPUT", """
*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m conntrack --ctstate INVALID -j DROP
COMMIT
""", """
192.0.2.1 192.0.2.2 icmp 8/0 in=fa-in0 permit
192.0.2.1 192.0.2.2 icmp 0/0 in=fa-in0 deny
192.0.2.1 192.0.2.2 icmp 13/0 in=fa-in0 permit
192.0.2.1 192.0.2.2 icmp 3/3 in=fa-in0 deny
"""),
    ("every probe is NEW, even reversed or repeated", 4, "INPUT", """
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A INPUT -m state --state NEW -j ACCEPT
COMMIT
""", """
192.0.2.1 192.0.2.2 tcp 80 1000 in=fa-in0 permit
192.0.2.2 192.0.2.1 tcp 1000 80 in=fa-in0 permit
192.0.2.1 192.0.2.2 tcp 80 1000 in=fa-in1 permit
192.0.2.1 192.0.2.2 udp 53 1000 in=fa-in0 permit
192.0.2.2 192.0.2.1 udp 1000 53 in=fa-in0 permit
192.0.2.1 192.0.2.2 47 - in=fa-in0 permit
192.0.2.2 192.0.2.1 47 - in=fa-in0 permit
"""),
    ("goto returns to the caller's caller", 4, "INPUT", """
*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:A - [0:0]
:B - [0:0]
-A INPUT -j A
-A INPUT -p tcp -j ACCEPT
-A A -p tcp -m tcp --dport 22 -g B
-A A -p tcp -m tcp --dport 22 -j DROP
-A A -p udp -j RETURN
-A A -p tcp -m tcp --dport 25 -j DROP
-A B -j RETURN
COMMIT
""", """
192.0.2.1 192.0.2.2 tcp 22 1000 in=fa-in0 permit
192.0.2.1 192.0.2.2 tcp 25 1000 in=fa-in0 deny
192.0.2.1 192.0.2.2 tcp 26 1000 in=fa-in0 permit
192.0.2.1 192.0.2.2 udp 26 1000 in=fa-in0 deny
"""),
]


def check(title, family, chain, rules, probes, expected):
    started = time.monotonic()
    got = kernel_verdicts(family, chain, rules, probes)
    took = time.monotonic() - started
    bad = [(p.line, e, g) for p, e, g in zip(probes, expected, got) if e != g]
    print(f"{'FAIL' if bad else 'ok  '} {title} (IPv{family} {chain}, {len(probes)} probes, {took:.2f}s)")
    for line, want, have in bad:
        print(f"     {line}: expected {want}, kernel says {have}")
    return not bad


def annotated_packets(text):
    """(line, expectation) pairs: the expectation is the comment line just before."""
    pairs, last_comment = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            last_comment = line.lstrip("#").strip()
            continue
        word = last_comment.split(":")[0].split()[0] if last_comment else ""
        pairs.append((line, word if word in ("permit", "deny") else None))
        last_comment = ""
    return pairs


def hand_checks():
    results = []
    for rules_path in sorted(glob.glob(os.path.join(HAND, "*.rules"))):
        with open(rules_path) as f:
            rules = f.read()
        with open(rules_path[:-len(".rules")] + ".packets") as f:
            pairs = annotated_packets(f.read())
        family = int(rules.split("# family:")[1].split()[0])
        chain = rules.split("# chain:")[1].split()[0]
        missing = [line for line, want in pairs if want is None]
        if missing:
            print(f"FAIL {rules_path}: no '# permit'/'# deny' line before {missing[0]}")
            results.append(False)
            continue
        probes = [parse_probe(line) for line, _ in pairs]
        name = "hand/" + os.path.basename(rules_path)
        results.append(check(name, family, chain, rules, probes, [want for _, want in pairs]))
    return results


def run():
    results = []
    for title, family, chain, rules, table in SELFTEST_CASES:
        lines = table.strip().splitlines()
        probes = [parse_probe(line.rsplit(" ", 1)[0]) for line in lines]
        expected = [line.rsplit(" ", 1)[1] for line in lines]
        results.append(check(title, family, chain, rules.lstrip(), probes, expected))
    results += hand_checks()
    leftovers = [n for n in netns_kernel.list_namespaces() if n.startswith(f"fa-{os.getpid()}-")]
    if leftovers:
        print(f"FAIL namespaces left behind: {leftovers}")
        results.append(False)
    print(f"selftest: {results.count(True)} passed, {results.count(False)} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(netns_kernel.main(["--selftest"]))
