#!/usr/bin/python3
"""Seeded random iptables-save rulesets with probe packets biased to rule edges.

Every ruleset is one `*filter` table for one family, tested on one chain (INPUT or
FORWARD). Probes are built by picking a rule, walking a call path to it, and
setting each match to hold, or (often) to fail at its edge: the address just
outside a prefix, the port just past a range, the code next to an ICMP code.

    gen_iptables.py --seed 7 --out DIR          writes DIR/seed7-v4-FORWARD.{rules,packets}
    gen_iptables.py --check-restore 1..50       loads each seed into a throwaway namespace

The same seed always gives the same files (Python's str-seeded Random is stable).
"""

import argparse
import ipaddress
import os
import random
import subprocess
import sys
from dataclasses import dataclass

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_model import (PROBE_PROTOS, Address, Comment, Icmp, Interface, IpRange,  # noqa: E402
                       Multiport, Ports, Probe, Proto, Rule, Ruleset, Space, State, TcpFlags,
                       canonical_rank, edge_pick)
from netns_kernel import INBOUND, OUTBOUND  # noqa: E402  (one list of interface names)

# ---------------------------------------------------------------------------
# Vocabulary

FIXED_ANCHORS = {
    4: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "192.0.2.0/24", "198.51.100.0/24",
        "203.0.113.0/24"],
    6: ["2001:db8::/32", "2001:db8:1::/48", "fd00::/8", "2a00::/12", "2600::/12"],
}
ICMP_TYPES = {
    4: [0, 3, 3, 4, 5, 8, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18, 30, 42, 255],
    6: [1, 1, 2, 3, 4, 128, 128, 129, 130, 133, 134, 135, 136, 137, 139, 143, 200, 255],
}

ICMP4_NAMES = [  # name, type, code range (checked against iptables-save output)
    ("echo-request", 8, 0, 255), ("echo-reply", 0, 0, 255), ("destination-unreachable", 3, 0, 255),
    ("port-unreachable", 3, 3, 3), ("host-unreachable", 3, 1, 1), ("network-prohibited", 3, 9, 9),
    ("fragmentation-needed", 3, 4, 4), ("time-exceeded", 11, 0, 255),
    ("ttl-zero-during-reassembly", 11, 1, 1), ("parameter-problem", 12, 0, 255),
    ("timestamp-request", 13, 0, 255), ("redirect", 5, 0, 255), ("host-redirect", 5, 1, 1),
    ("router-advertisement", 9, 0, 255), ("source-quench", 4, 0, 255), ("ping", 8, 0, 255),
    ("address-mask-request", 17, 0, 255),
]
ICMP6_NAMES = [
    ("echo-request", 128, 0, 255), ("echo-reply", 129, 0, 255), ("destination-unreachable", 1, 0, 255),
    ("port-unreachable", 1, 4, 4), ("no-route", 1, 0, 0), ("address-unreachable", 1, 3, 3),
    ("packet-too-big", 2, 0, 255), ("time-exceeded", 3, 0, 255), ("ttl-zero-during-transit", 3, 0, 0),
    ("parameter-problem", 4, 0, 255), ("unknown-option", 4, 2, 2),
    ("neighbour-solicitation", 135, 0, 255), ("neighbor-advertisement", 136, 0, 255),
    ("router-solicitation", 133, 0, 255), ("router-advertisement", 134, 0, 255), ("redirect", 137, 0, 255),
]
REJECT_WITH = {
    4: ["icmp-net-unreachable", "icmp-host-unreachable", "icmp-port-unreachable",
        "icmp-proto-unreachable", "icmp-net-prohibited", "icmp-host-prohibited",
        "icmp-admin-prohibited", "host-unreach", "admin-prohib"],
    6: ["icmp6-no-route", "no-route", "icmp6-adm-prohibited", "adm-prohibited",
        "icmp6-addr-unreachable", "addr-unreach", "icmp6-port-unreachable", "port-unreach",
        "icmp6-policy-fail", "icmp6-reject-route"],
}
TCP_FLAG_MATCHES = ["--tcp-flags SYN,ACK SYN", "--tcp-flags SYN,RST,ACK,FIN SYN", "--tcp-flags ALL SYN",
                    "--tcp-flags ALL NONE", "--tcp-flags FIN,SYN FIN,SYN", "--tcp-flags ACK ACK",
                    "! --tcp-flags SYN,ACK SYN", "--tcp-flags SYN SYN", "--syn", "! --syn"]
STATES = ["NEW", "ESTABLISHED", "RELATED", "INVALID", "UNTRACKED"]
COMMENTS = ["text with spaces and -j and !", "allow web -j ACCEPT", "! not a negation",
            'quoted "word" inside', "-p tcp --dport 22", "ticket 1234: temporary", "x"]
LOG_PREFIXES = ["fa drop: ", "IN-", "probe [x] ", "-j LOG ! "]
LOG_LEVELS = ["4", "warning", "debug", "7", "info"]
USER_CHAIN_NAMES = ["WEB_IN", "svc-ssh", "zone.dmz", "Block_List", "LOGDROP", "c7", "mgmt_allow"]
OTHER_PROTOS = {4: [("gre", 47), ("47", 47), ("esp", 50), ("50", 50), ("ah", 51), ("89", 89), ("sctp", 132)],
                6: [("gre", 47), ("esp", 50), ("50", 50), ("89", 89), ("ah", 51), ("sctp", 132)]}


class Generator:
    def __init__(self, seed, family, chain, rules_variant=0):
        suffix = f"/{rules_variant}" if rules_variant else ""
        self.rng = random.Random(f"flowaudit-iptables-{seed}-{family}-{chain}{suffix}")
        self.seed, self.family, self.chain = seed, family, chain
        self.space = Space(family)
        fixed = FIXED_ANCHORS[family]
        self.anchors = [ipaddress.ip_network(n) for n in self.rng.sample(fixed, self.rng.randint(2, 3))]
        self.anchors += [self.random_anchor() for _ in range(self.rng.randint(1, 2))]

    # -- addresses --
    def random_anchor(self):
        rng = self.rng
        if self.family == 4:
            first = rng.choice([a for a in range(1, 224) if a not in (10, 127, 169)])
            return ipaddress.ip_network(f"{first}.{rng.randrange(256)}.0.0/{rng.choice([8, 12, 16])}", strict=False)
        return ipaddress.ip_network(f"{rng.randint(0x2001, 0x2fff):x}:{rng.randrange(65536):x}::/{rng.choice([16, 24, 32])}", strict=False)

    def subnet(self, avoid_everything=False):
        """(lo, hi, plen) of a random subnet of an anchor, or rarely everything."""
        rng = self.rng
        if rng.random() < 0.04 and not avoid_everything:
            return 0, self.space.top, 0
        anchor = rng.choice(self.anchors)
        bits = self.space.bits
        plen = rng.choice([anchor.prefixlen, bits, bits, rng.randint(anchor.prefixlen, bits)]
                          + ([24, 28, 31] if self.family == 4 else [48, 56, 64, 127]))
        plen = max(plen, anchor.prefixlen)
        base = int(anchor.network_address) | rng.getrandbits(bits - anchor.prefixlen)
        lo, hi = self.space.span(base, plen)
        return lo, hi, plen

    def address_match(self, which):
        rng, space = self.rng, self.space
        negate = rng.random() < 0.25
        kind = rng.random()
        if kind < 0.2:
            lo, hi, _ = self.subnet()
            a, b = sorted([edge_pick(rng, lo, hi, space.top), rng.randint(lo, min(hi, lo + 4096))])
            return IpRange(which, "", a, b, space, negate)
        if self.family == 4 and kind < 0.3:
            mask = rng.choice([0xFF00FF00, 0xFFFF00FF, 0xFF0000FF, 0x00FFFF00, 0xFFFFFF0F])
            value = int(rng.choice(self.anchors).network_address) | rng.getrandbits(32)
            value &= mask
            return Address(which, f"{space.text(value)}/{space.text(mask)}", 0, 0, space, negate, mask, value)
        # iptables-nft 1.8.9 cannot load `! -s 0.0.0.0/0` (the kernel says EINVAL)
        lo, hi, plen = self.subnet(avoid_everything=negate)
        return Address(which, self.address_spelling(lo, plen), lo, hi, space, negate)

    def address_spelling(self, lo, plen):
        rng, space = self.rng, self.space
        if plen == space.bits and rng.random() < 0.5:
            return space.text(lo)
        if self.family == 4 and rng.random() < 0.1:  # dotted contiguous mask
            return f"{space.text(lo)}/{space.text((space.top << (32 - plen)) & space.top)}"
        if plen < space.bits and rng.random() < 0.05:  # host bits set: restore masks them
            return f"{space.text(lo + rng.randint(1, (1 << (space.bits - plen)) - 1))}/{plen}"
        return f"{space.text(lo)}/{plen}"

    # -- ports and protocols --
    def port_span(self):
        rng = self.rng
        kind = rng.random()
        if kind < 0.4:
            port = rng.choice([22, 25, 53, 80, 123, 443, 1023, 1024, 3389, 8080, 65535, rng.randint(1, 65535)])
            return port, port, str(port)
        if kind < 0.55:
            return 0, 1023, ":1023"
        if kind < 0.7:
            return 1024, 65535, "1024:"
        lo = rng.randint(0, 60000)
        hi = lo + rng.randint(1, 5000)
        return lo, hi, f"{lo}:{hi}"

    def multiport(self):
        rng = self.rng
        items, budget = [], rng.randint(2, 15)
        while budget > 0:
            lo = rng.randint(1, 65000)
            if budget >= 2 and rng.random() < 0.3:
                items.append((lo, lo + rng.randint(1, 500)))
                budget -= 2
            else:
                items.append((lo, lo))
                budget -= 1
        option = rng.choice(["dports", "dports", "sports", "ports"])
        return Multiport(option, items, rng.random() < 0.2)

    def proto_match(self):
        rng = self.rng
        kind = rng.random()
        icmp_names = ("icmp", "1") if self.family == 4 else ("ipv6-icmp", "icmpv6", "58")
        icmp = 1 if self.family == 4 else 58
        if kind < 0.4:
            return Proto(6, rng.choice(["tcp", "tcp", "tcp", "6"]), self.family)
        if kind < 0.62:
            return Proto(17, rng.choice(["udp", "udp", "17"]), self.family)
        if kind < 0.8:
            return Proto(icmp, rng.choice(icmp_names), self.family)
        if kind < 0.88:
            name, number = rng.choice(OTHER_PROTOS[self.family])
            return Proto(number, name, self.family, rng.random() < 0.2)
        if kind < 0.95:
            name, number = rng.choice([("tcp", 6), ("udp", 17), (icmp_names[0], icmp)])
            return Proto(number, name, self.family, negate=True)
        return Proto(0, rng.choice(["all", "0"]), self.family)

    def icmp_match(self):
        rng = self.rng
        names = ICMP4_NAMES if self.family == 4 else ICMP6_NAMES
        negate = rng.random() < 0.2
        kind = rng.random()
        if kind < 0.35:
            name, itype, lo, hi = rng.choice(names)
            return Icmp(self.family, itype, lo, hi, name, negate)
        if kind < 0.4:  # type 255: IPv4 reads it as "any" whatever the code, IPv6 literally
            spelling = rng.choice(["255", "255/0"])
            if self.family == 4:
                return Icmp(self.family, None, 0, 255, spelling, negate)
            return Icmp(self.family, 255, 0, 255 if spelling == "255" else 0, spelling, negate)
        itype = rng.choice(ICMP_TYPES[self.family])
        if kind < 0.7:
            return Icmp(self.family, itype, 0, 255, str(itype), negate)
        if kind < 0.95:
            code = rng.choice([0, 0, 1, 3, 4])
            return Icmp(self.family, itype, code, code, f"{itype}/{code}", negate)
        if self.family == 6:  # ip6tables has no "any" type name
            return Icmp(self.family, 128, 0, 255, "ping", negate)
        return Icmp(self.family, None, 0, 255, "any", negate)

    # -- rules --
    def rule(self, chain, callees):
        rng = self.rng
        matches = []
        proto = self.proto_match() if rng.random() < 0.8 else None
        if proto:
            matches.append(proto)
        if rng.random() < 0.45:
            matches.append(self.address_match("src"))
        if rng.random() < 0.45:
            matches.append(self.address_match("dst"))
        if chain != "OUTPUT" and rng.random() < 0.3:
            matches.append(self.interface_match("iif", chain))
        out_ok = chain in ("FORWARD", "OUTPUT") or (chain not in ("INPUT",) and rng.random() < 0.3)
        if out_ok and rng.random() < 0.3:
            matches.append(self.interface_match("oif", chain))
        if proto and not proto.negate:
            matches += self.protocol_details(proto)
        if rng.random() < 0.2:
            states = rng.sample(STATES, rng.randint(1, 3))
            matches.append(State(rng.choice(["conntrack", "conntrack", "state"]), states, rng.random() < 0.3))
        if rng.random() < 0.12:
            matches.append(Comment(rng.choice(COMMENTS)))
        rng.shuffle(matches)
        if rng.random() < 0.7:  # the order iptables-save prints; restore takes most orders
            matches.sort(key=canonical_rank)
        elif proto:  # but -p must come before the modules that check it (multiport)
            matches.remove(proto)
            matches.insert(min([i for i, m in enumerate(matches) if isinstance(m, (Multiport, Icmp))]
                               + [len(matches)]), proto)
        if not any(isinstance(m, (Proto, Address, Interface)) for m in matches) and rng.random() < 0.8:
            # a catch-all early in a chain hides everything after it: keep them rare
            proto = self.proto_match()
            matches = [proto] + (self.protocol_details(proto) if not proto.negate else []) + matches
        target, callee = self.target(chain, callees, proto)
        return Rule(chain, matches, target, callee, explicit_module=rng.random() < 0.8)

    def protocol_details(self, proto):
        rng, found = self.rng, []
        if proto.number in (6, 17):
            if rng.random() < 0.55:
                found.append(Ports("dport", *self.port_span(), negate=rng.random() < 0.2))
            if rng.random() < 0.25:
                found.append(Ports("sport", *self.port_span(), negate=rng.random() < 0.2))
            if rng.random() < 0.25:
                found.append(self.multiport())
            if proto.number == 6 and rng.random() < 0.2:
                found.append(TcpFlags(rng.choice(TCP_FLAG_MATCHES)))
        elif proto.number in (1, 58) and rng.random() < 0.7:
            found.append(self.icmp_match())
        return found

    def interface_match(self, which, chain):
        rng = self.rng
        if which == "iif":
            patterns = list(INBOUND) * 2 + ["fa-in+", "fa-in1+", "fa-+", "+", "eth0", "eth+", "fa-in", "fa-out0"]
            candidates = INBOUND
        else:
            patterns = list(OUTBOUND) * 2 + ["fa-out+", "fa-o+", "+", "fa-in0", "eth1", "fa-out"]
            candidates = OUTBOUND if self.chain == "FORWARD" else ()
        return Interface(which, rng.choice(patterns), candidates, rng.random() < 0.25)

    def target(self, chain, callees, proto):
        rng = self.rng
        weights = {"ACCEPT": 30, "DROP": 20, "REJECT": 12, "LOG": 8, "": 6, "RETURN": 4}
        if chain not in ("INPUT", "FORWARD", "OUTPUT"):
            weights["RETURN"] = 12
        if callees:
            weights["jump"], weights["goto"] = 14, 6
        kind = rng.choices(list(weights), list(weights.values()))[0]
        if kind in ("jump", "goto"):
            callee = rng.choice(callees)
            return f"{'-j' if kind == 'jump' else '-g'} {callee}", callee
        if kind == "REJECT":
            options = list(REJECT_WITH[self.family])
            if proto and proto.number == 6 and not proto.negate:
                options += ["tcp-reset"] * 4
            choice = rng.choice(options + [None])
            return ("-j REJECT" + (f" --reject-with {choice}" if choice else "")), None
        if kind == "LOG":
            text = f'-j LOG --log-prefix "{rng.choice(LOG_PREFIXES)}"'
            if rng.random() < 0.4:
                text += f" --log-level {rng.choice(LOG_LEVELS)}"
            return text, None
        return (f"-j {kind}" if kind else ""), None

    # -- whole ruleset --
    def ruleset(self):
        rng = self.rng
        users = rng.sample(USER_CHAIN_NAMES, rng.choice([0, 1, 2, 2, 3, 4]))
        policies = {name: rng.choice(["ACCEPT", "DROP"]) for name in ("INPUT", "FORWARD")}
        policies["OUTPUT"] = rng.choice(["ACCEPT", "ACCEPT", "DROP"])
        counted = rng.random() < 0.25
        for name in policies:
            counts = f"[{rng.randint(0, 9999)}:{rng.randint(0, 999999)}]" if counted else "[0:0]"
            policies[name] = f"{policies[name]} {counts}"
        result = Ruleset(self.seed, self.family, self.chain, policies, users, counters=counted)
        other = "FORWARD" if self.chain == "INPUT" else "INPUT"
        plan = [(self.chain, rng.randint(5, 20)), (other, rng.randint(0, 3)), ("OUTPUT", rng.randint(0, 3))]
        plan += [(name, rng.randint(1, 8)) for name in users]
        for chain, count in plan:
            # user chains call only later ones: no loops, which restore would refuse
            callees = users if chain in policies else users[users.index(chain) + 1:]
            for _ in range(count):
                rule = self.rule(chain, callees)
                if counted:
                    rule.counters = f"[{rng.randint(0, 500)}:{rng.randint(0, 90000)}]"
                result.rules.append(rule)
        if rng.random() < 0.3:
            for _ in range(rng.randint(1, 3)):
                result.notes[rng.randrange(len(result.rules))] = rng.choice(
                    ["# -A INPUT -j ACCEPT (a comment, not a rule)", "# managed by hand", "#"])
        return result

    # -- probes --
    def probes(self, ruleset, count, variant=0):
        self.rng = random.Random(f"flowaudit-iptables-probes-{self.seed}-{self.family}-{self.chain}-{variant}")
        reachable = self.reachable(ruleset)
        targets = [r for r in ruleset.rules if r.chain in reachable]
        interesting = self.interesting_addresses(ruleset)
        found = []
        for _ in range(count * 20):
            if len(found) >= count:
                break
            probe = self.base_probe(interesting)
            if targets and self.rng.random() < 0.85:
                rule = self.rng.choice(targets)
                for caller in self.call_path(ruleset, rule.chain):
                    self.bend_rule(probe, caller, flip=None)
                flip = None
                if rule.matches and self.rng.random() < 0.45:
                    flip = self.rng.randrange(len(rule.matches))
                self.bend_rule(probe, rule, flip)
            line = self.finish(probe, interesting)
            if line:
                found.append(line)
        return found

    def reachable(self, ruleset):
        seen, todo = {self.chain}, [self.chain]
        while todo:
            chain = todo.pop()
            for rule in ruleset.rules:
                if rule.chain == chain and rule.callee and rule.callee not in seen:
                    seen.add(rule.callee)
                    todo.append(rule.callee)
        return seen

    def call_path(self, ruleset, chain):
        """Rules (outermost first) that lead from the tested chain to `chain`."""
        path, guard = [], 0
        while chain != self.chain and guard < 10:
            callers = [r for r in ruleset.rules if r.callee == chain]
            if not callers:
                break
            caller = self.rng.choice(callers)
            path.insert(0, caller)
            chain, guard = caller.chain, guard + 1
        return path

    def bend_rule(self, probe, rule, flip):
        for index, match in sorted(enumerate(rule.matches), key=lambda im: im[1].order):
            match.bend(probe, self.rng, index != flip)

    def interesting_addresses(self, ruleset):
        values = []
        for rule in ruleset.rules:
            for match in rule.matches:
                if isinstance(match, Address) and match.mask is None:
                    values += [match.lo - 1, match.lo, match.hi, match.hi + 1]
        return [v for v in values if self.space.probe_ok(v)]

    def anchor_address(self):
        anchor = self.rng.choice(self.anchors)
        return int(anchor.network_address) + self.rng.randrange(anchor.num_addresses)

    def base_probe(self, interesting):
        rng = self.rng
        pick = lambda: rng.choice(interesting) if interesting and rng.random() < 0.5 else self.anchor_address()
        probe = Probe(src=pick(), dst=pick(), proto=rng.choice(PROBE_PROTOS[self.family]))
        probe.iif = rng.choice(INBOUND)
        probe.oif = rng.choice(OUTBOUND) if self.chain == "FORWARD" else None
        return probe

    def finish(self, probe, interesting):
        """The packets-file line, after repairing what the kernel could not carry."""
        rng = self.rng
        for which in ("src", "dst"):
            for _ in range(20):
                if self.space.probe_ok(getattr(probe, which)):
                    break
                setattr(probe, which, self.anchor_address())
            else:
                return None
        if self.family == 6 and probe.proto == 51:
            probe.proto = 50  # AH is an IPv6 extension header: -p matches what follows it
        if probe.proto in (132, 136, 33):
            probe.proto = 47  # SCTP/UDP-Lite/DCCP need real headers or conntrack says INVALID
        words = [self.space.text(probe.src), self.space.text(probe.dst)]
        if probe.proto in (6, 17):
            dport = probe.dport if probe.dport is not None else rng.choice([22, 53, 80, 443, rng.randint(0, 65535)])
            sport = probe.sport if probe.sport is not None else rng.choice([1023, 1024, rng.randint(1024, 65535)])
            words += ["tcp" if probe.proto == 6 else "udp", str(dport), str(sport)]
        elif probe.proto in (1, 58):
            itype = probe.itype if probe.itype is not None else rng.choice(ICMP_TYPES[self.family])
            icode = probe.icode if probe.icode is not None else rng.choice([0, 0, 0, 1, 3])
            words += ["icmp" if probe.proto == 1 else "icmpv6", f"{itype}/{icode}"]
        else:
            words += [str(probe.proto), "-"]
        words.append(f"in={probe.iif}")
        if self.chain == "FORWARD":
            words.append(f"out={probe.oif}")
        return " ".join(words)


def default_family_chain(seed):
    """Consecutive seeds cycle through all four (family, chain) pairs."""
    return (4 if seed % 2 else 6), ("INPUT" if (seed // 2) % 2 == 0 else "FORWARD")


@dataclass
class Case:
    name: str
    family: int
    chain: str
    rules: str
    packets: str


def generate(seed, family=None, chain=None, packets=100, variant=0):
    """variant 0, 1, 2 … : new probes for the same ruleset; every third a new ruleset."""
    default_family, default_chain = default_family_chain(seed)
    family, chain = family or default_family, chain or default_chain
    generator = Generator(seed, family, chain, rules_variant=variant // 3)
    ruleset = generator.ruleset()
    lines = generator.probes(ruleset, packets, variant % 3)
    name = f"seed{seed}-v{family}-{chain}" + (f"-variant{variant}" if variant else "")
    header = f"# probes for seed {seed} variant {variant}, IPv{family} {chain}\n"
    return Case(name, family, chain, ruleset.text(), header + "\n".join(lines) + "\n")


# ---------------------------------------------------------------------------
# Restore check: every generated ruleset must load (a refusal is a generator bug)


def check_restore(seeds):
    import netns_kernel
    netns_kernel.cleanup_stale_namespaces()
    name = f"fa-{os.getpid()}-restore"
    failures = 0
    subprocess.run(["ip", "netns", "add", name], check=True)
    try:
        for seed in seeds:
            case = generate(seed)
            tool = "iptables-restore" if case.family == 4 else "ip6tables-restore"
            for extra in (["--test"], []):  # --test alone misses kernel-side checks
                done = subprocess.run(["ip", "netns", "exec", name, tool, *extra], input=case.rules,
                                      capture_output=True, text=True, timeout=60)
                if done.returncode != 0:
                    failures += 1
                    print(f"seed {seed} ({tool} {' '.join(extra)}): {done.stderr.strip()}")
                    break
    finally:
        subprocess.run(["ip", "netns", "del", name], check=False)
    print(f"restore check: {len(seeds) - failures} of {len(seeds)} seeds load")
    return 1 if failures else 0


def parse_seed_range(text):
    lo, _, hi = text.partition("..")
    return list(range(int(lo), int(hi or lo) + 1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--family", type=int, choices=(4, 6))
    parser.add_argument("--chain", choices=("INPUT", "FORWARD"))
    parser.add_argument("--packets", type=int, default=100)
    parser.add_argument("--variant", type=int, default=0, help="other probes (and every 3rd: other rules)")
    parser.add_argument("--out", help="directory for the .rules and .packets files (default: stdout)")
    parser.add_argument("--check-restore", metavar="A..B", help="load seeds A..B with *tables-restore")
    args = parser.parse_args()
    if args.check_restore:
        return check_restore(parse_seed_range(args.check_restore))
    case = generate(args.seed, args.family, args.chain, args.packets, args.variant)
    return emit_case(case, args.out, "rules")


def emit_case(case, out, rules_suffix):
    """Prints the case, or writes NAME.<rules_suffix> and NAME.packets into `out`."""
    if not out:
        sys.stdout.write(case.rules + "\n" + case.packets)
        return 0
    os.makedirs(out, exist_ok=True)
    for suffix, text in ((rules_suffix, case.rules), ("packets", case.packets)):
        with open(os.path.join(out, f"{case.name}.{suffix}"), "w") as f:
            f.write(text)
    print(os.path.join(out, case.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
