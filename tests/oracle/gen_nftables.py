#!/usr/bin/python3
"""Seeded random nftables rulesets (`nft list ruleset` text that `nft -f` loads) with
probe packets biased to rule edges, for the kernel oracle.

A ruleset has one or two tables (ip/ip6/inet for the family) with 1–2 base chains on
the tested hook (input or forward; priorities -5, 0, 5, never outside the oracle's
-10..10), regular chains reached by jump/goto/vmap, named interval sets, anonymous
sets, ranges, negations, interface wildcards, ct state, icmp types, reject variants,
counter/log/comment statements and, sometimes, a base chain on the other hook.
Probes reuse gen_iptables' Generator (anchors, subnets, port spans, packets-file
lines) and gen_model's edge picking.

    gen_nftables.py --seed 7 [--family 4] [--chain INPUT] [--out DIR]
    gen_nftables.py --check-load 1..100        every seed must load with nft -f (root)
"""

import argparse
import os
import random
import sys
from dataclasses import dataclass, field

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_iptables import Case, Generator, default_family_chain, emit_case, parse_seed_range  # noqa: E402
from gen_model import PROBE_PROTOS, Match, edge_pick, outside_pick  # noqa: E402
from netns_kernel import INBOUND, OUTBOUND  # noqa: E402

# ---------------------------------------------------------------------------
# Vocabulary (nft spellings)

PROTO_NAMES = {6: "tcp", 17: "udp", 1: "icmp", 58: "ipv6-icmp", 47: "gre", 50: "esp", 51: "ah", 89: "89"}
ICMP4 = [("echo-reply", 0), ("destination-unreachable", 3), ("source-quench", 4), ("redirect", 5),
         ("echo-request", 8), ("router-advertisement", 9), ("router-solicitation", 10),
         ("time-exceeded", 11), ("parameter-problem", 12), ("timestamp-request", 13),
         ("timestamp-reply", 14), ("address-mask-request", 17), ("address-mask-reply", 18)]
ICMP6 = [("destination-unreachable", 1), ("packet-too-big", 2), ("time-exceeded", 3),
         ("parameter-problem", 4), ("echo-request", 128), ("echo-reply", 129),
         ("mld-listener-query", 130), ("nd-router-solicit", 133), ("nd-router-advert", 134),
         ("nd-neighbor-solicit", 135), ("nd-neighbor-advert", 136), ("nd-redirect", 137)]
ICMP_NUMBERS = {4: [0, 3, 8, 11, 13, 15, 17, 42], 6: [1, 2, 128, 129, 135, 139, 143, 200]}
REJECTS = {
    4: ["reject", "reject with icmp type port-unreachable", "reject with icmp type host-unreachable",
        "reject with icmp type net-unreachable", "reject with icmp type admin-prohibited",
        "reject with icmp type host-prohibited", "reject with icmp type net-prohibited",
        "reject with icmpx type port-unreachable", "reject with icmpx type admin-prohibited",
        "reject with icmpx type no-route"],
    6: ["reject", "reject with icmpv6 type no-route", "reject with icmpv6 type admin-prohibited",
        "reject with icmpv6 type addr-unreachable", "reject with icmpv6 type port-unreachable",
        "reject with icmpv6 type policy-fail", "reject with icmpv6 type reject-route",
        "reject with icmpx type port-unreachable", "reject with icmpx type admin-prohibited",
        "reject with icmpx type no-route"],
}
CT_STATES = ["new", "established", "related", "invalid", "untracked"]
REGULAR_NAMES = ["web", "svc_ssh", "zone_dmz", "block_list", "dropper", "c7", "mgmt_allow", "udp-in"]
SET_NAMES = ["trusted", "blocked_nets", "mgmt", "peers", "v_hosts"]
TABLE_NAMES = ["filter", "early", "late", "fw", "edge"]
COMMENTS = ["allow web", "ticket 1234: temporary", "x", "drop: bad net"]
LOG_PREFIXES = ["fa drop: ", "IN-", "probe x "]
IIF_PATTERNS = ["fa-in0", "fa-in1", "fa-in12", "fa-in0", "fa-in1", "fa-in12", "fa-in1*", "fa-in*",
                "fa-*", "eth0", "eth*", "fa-in", "fa-out0"]
OIF_PATTERNS = ["fa-out0", "fa-out1", "fa-out0", "fa-out1", "fa-out*", "fa-o*", "fa-in0", "eth1", "fa-out"]


def glob_matches(pattern, name):
    name = name or ""
    if pattern.endswith("*"):
        return name.startswith(pattern[:-1])
    return name == pattern


def neq(negate):
    return "!= " if negate else ""


# ---------------------------------------------------------------------------
# Matches (nft text); bending follows gen_model: set the probe so the match holds/fails


@dataclass
class NAddr(Match):
    slot: str  # src | dst
    keyword: str  # ip | ip6
    spans: list
    spelling: str
    space: object
    negate: bool = False
    foreign: bool = False  # the other family's header in an inet table: never matches
    construct: str = "addr"

    def text(self):
        return f"{self.keyword} {'saddr' if self.slot == 'src' else 'daddr'} {neq(self.negate)}{self.spelling}"

    def bend(self, probe, rng, want):
        if self.foreign:
            return True
        if want != self.negate:
            lo, hi = rng.choice(self.spans)
            value = edge_pick(rng, lo, hi, self.space.top)
        else:
            value = outside_pick(rng, self.spans, self.space.top)
            if value is None:
                return False
        setattr(probe, self.slot, value)
        return True


@dataclass
class NProto(Match):
    spelling: str  # "meta l4proto" | "ip protocol" | "ip6 nexthdr"
    numbers: list
    family: int
    negate: bool = False
    order = 0
    construct: str = "l4proto"

    def text(self):
        names = [PROTO_NAMES.get(n, str(n)) for n in self.numbers]
        value = names[0] if len(names) == 1 else "{ " + ", ".join(names) + " }"
        return f"{self.spelling} {neq(self.negate)}{value}"

    def bend(self, probe, rng, want):
        if want != self.negate:
            probe.proto = rng.choice(self.numbers)
        else:
            others = [p for p in sorted(set(PROBE_PROTOS[self.family])) if p not in self.numbers]
            probe.proto = rng.choice(others)
        return True


@dataclass
class NPorts(Match):
    proto: str  # tcp | udp | th
    slot: str  # sport | dport
    spans: list
    spelling: str
    negate: bool = False
    order = 2
    construct: str = "ports"

    def text(self):
        return f"{self.proto} {self.slot} {neq(self.negate)}{self.spelling}"

    def bend(self, probe, rng, want):
        if self.proto != "th":
            probe.proto = 6 if self.proto == "tcp" else 17
        if want != self.negate:
            lo, hi = rng.choice(self.spans)
            setattr(probe, self.slot, edge_pick(rng, lo, hi, 65535))
        else:
            value = outside_pick(rng, self.spans, 65535)
            if value is None:
                return False
            setattr(probe, self.slot, value)
        return True


@dataclass
class NIface(Match):
    slot: str  # iif | oif
    patterns: list
    candidates: tuple
    negate: bool = False
    construct: str = "iface"

    def text(self):
        keyword = "iifname" if self.slot == "iif" else "oifname"
        quoted = [f'"{p}"' for p in self.patterns]
        value = quoted[0] if len(quoted) == 1 else "{ " + ", ".join(quoted) + " }"
        return f"{keyword} {neq(self.negate)}{value}"

    def bend(self, probe, rng, want):
        if not self.candidates:
            return True
        good = [c for c in self.candidates
                if any(glob_matches(p, c) for p in self.patterns) == (want != self.negate)]
        if not good:
            return False
        setattr(probe, self.slot, rng.choice(good))
        return True


@dataclass
class NIcmp(Match):
    family: int
    types: list  # numbers
    spelling: str
    negate: bool = False
    order = 1
    construct: str = "icmp"

    def text(self):
        keyword = "icmp type" if self.family == 4 else "icmpv6 type"
        return f"{keyword} {neq(self.negate)}{self.spelling}"

    def bend(self, probe, rng, want):
        probe.proto = 1 if self.family == 4 else 58
        if want != self.negate:
            probe.itype = rng.choice(self.types)
        else:
            probe.itype = outside_pick(rng, [(t, t) for t in self.types], 255)
        probe.icode = rng.choice([0, 0, 1, 3])
        return True


@dataclass
class NCt(Match):
    states: list
    negate: bool = False
    construct: str = "ct"

    def text(self):
        value = self.states[0] if len(self.states) == 1 else "{ " + ", ".join(self.states) + " }"
        return f"ct state {neq(self.negate)}{value}"


@dataclass
class NVmap(Match):
    """The whole verdict of a rule: `tcp dport vmap { 22 : accept, ... }`."""
    key: str  # "tcp dport" | "udp dport" | "ip saddr" | "meta l4proto"
    entries: list  # (lo, hi, key text, verdict)
    slot: str  # probe field: dport | src | proto
    limit: int
    family: int = 4
    order = 3
    construct: str = "vmap"

    def text(self):
        return f"{self.key} vmap {{ " + ", ".join(f"{k} : {v}" for _, _, k, v in self.entries) + " }"

    def bend(self, probe, rng, want):
        if self.key.startswith("tcp"):
            probe.proto = 6
        elif self.key.startswith("udp"):
            probe.proto = 17
        spans = [(lo, hi) for lo, hi, _, _ in self.entries]
        if want:
            lo, hi = rng.choice(spans)
            value = edge_pick(rng, lo, hi, self.limit)
        else:
            value = outside_pick(rng, spans, self.limit)
            if value is None:
                return False
        if self.slot == "proto" and value not in PROBE_PROTOS[self.family]:
            value = rng.choice(PROBE_PROTOS[self.family])
        setattr(probe, self.slot, value)
        return True


@dataclass
class NRule:
    chain: str  # "table/chain" key
    matches: list
    verdict: str  # verdict text (may be empty; a vmap is a match)
    callees: list = field(default_factory=list)
    statements: list = field(default_factory=list)  # counter, log ... (before the verdict)
    comment: str = None

    @property
    def callee(self):
        return self.callees[0] if self.callees else None

    def text(self):
        parts = [m.text() for m in self.matches if not isinstance(m, NVmap)] + self.statements
        parts += [m.text() for m in self.matches if isinstance(m, NVmap)]
        if self.verdict:
            parts.append(self.verdict)
        if self.comment:
            parts.append(f'comment "{self.comment}"')
        return " ".join(parts) or "counter"


@dataclass
class NChain:
    table: str
    name: str
    hook: str = None  # input | forward | None (regular)
    priority: str = None
    policy: str = None

    @property
    def key(self):
        return f"{self.table}/{self.name}"


@dataclass
class NTable:
    kind: str  # ip | ip6 | inet
    name: str
    sets: list = field(default_factory=list)  # (name, type, elements text)
    chains: list = field(default_factory=list)


@dataclass
class NRuleset:
    seed: int
    family: int
    chain: str
    tables: list
    rules: list = field(default_factory=list)

    def text(self):
        lines = [f"# Generated by gen_nftables.py (seed {self.seed})",
                 f"# family: {self.family}", f"# chain: {self.chain}"]
        for table in self.tables:
            lines.append(f"table {table.kind} {table.name} {{")
            for name, kind, elements in table.sets:
                lines += [f"\tset {name} {{", f"\t\ttype {kind}", "\t\tflags interval",
                          f"\t\telements = {{ {elements} }}", "\t}", ""]
            for chain in table.chains:
                lines.append(f"\tchain {chain.name} {{")
                if chain.hook:
                    lines.append(f"\t\ttype filter hook {chain.hook} priority {chain.priority}; policy {chain.policy};")
                lines += ["\t\t" + r.text() for r in self.rules if r.chain == chain.key]
                lines += ["\t}", ""]
            if lines[-1] == "":
                lines.pop()
            lines.append("}")
        return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# The generator: gen_iptables' Generator supplies addresses, ports and probe lines


class NftGenerator(Generator):
    def __init__(self, seed, family, chain, rules_variant=0):
        super().__init__(seed, family, chain, rules_variant)
        suffix = f"/{rules_variant}" if rules_variant else ""
        self.rng = random.Random(f"flowaudit-nftables-{seed}-{family}-{chain}{suffix}")
        self.hook = chain.lower()
        self.kw = "ip" if family == 4 else "ip6"

    # -- values --
    def addr_item(self):
        """(lo, hi, text) of a prefix, single address or range."""
        rng, space = self.rng, self.space
        lo, hi, plen = self.subnet(avoid_everything=True)
        kind = rng.random()
        if kind < 0.2 and hi > lo:
            a, b = sorted((edge_pick(rng, lo, hi, space.top), rng.randint(lo, min(hi, lo + 4096))))
            if b > a:
                return a, b, f"{space.text(a)}-{space.text(b)}"
        if plen == space.bits:
            return lo, hi, space.text(lo)
        return lo, hi, f"{space.text(lo)}/{plen}"

    def addr_items(self, count):
        items = []
        for _ in range(count * 3):
            lo, hi, text = self.addr_item()
            if all(hi < a or lo > b for a, b, _ in items):  # interval sets refuse overlaps
                items.append((lo, hi, text))
            if len(items) >= count:
                break
        return sorted(items)

    def address_match(self, which, table):
        rng = self.rng
        negate = rng.random() < 0.25
        kind = rng.random()
        if kind < 0.2:
            name = self.named_set(table)
            items = self.set_items[(table.name, name)]
            return NAddr(which, self.kw, [(a, b) for a, b, _ in items], "@" + name, self.space, negate,
                         construct="named-set")
        if kind < 0.4:
            items = self.addr_items(rng.randint(2, 4))
            return NAddr(which, self.kw, [(a, b) for a, b, _ in items],
                         "{ " + ", ".join(t for _, _, t in items) + " }", self.space, negate, construct="addr-set")
        lo, hi, text = self.addr_item()
        return NAddr(which, self.kw, [(lo, hi)], text, self.space, negate,
                     construct="addr-range" if "-" in text else "addr")

    def named_set(self, table):
        existing = [n for n, _, _ in table.sets]
        if existing and (len(existing) >= 2 or self.rng.random() < 0.5):
            return self.rng.choice(existing)
        name = self.rng.choice([n for n in SET_NAMES if n not in existing])
        items = self.addr_items(self.rng.randint(1, 5))
        self.set_items[(table.name, name)] = items
        table.sets.append((name, "ipv4_addr" if self.family == 4 else "ipv6_addr",
                           ", ".join(t for _, _, t in items)))
        return name

    def foreign_address(self, which):
        other = "ip6" if self.family == 4 else "ip"
        value = "2001:db8::/32" if self.family == 4 else "10.0.0.0/8"
        return NAddr(which, other, [], value, self.space, self.rng.random() < 0.3, foreign=True,
                     construct="foreign")

    def port_items(self, count):
        items = []
        for _ in range(count * 3):
            lo, hi, _ = self.port_span()
            if all(hi < a or lo > b for a, b in items):
                items.append((lo, hi))
            if len(items) >= count:
                break
        return sorted(items)

    @staticmethod
    def port_text(lo, hi):
        return str(lo) if lo == hi else f"{lo}-{hi}"

    def ports_match(self, proto, slot):
        rng = self.rng
        negate = rng.random() < 0.2
        if rng.random() < 0.35:
            items = self.port_items(rng.randint(2, 5))
            spelling = "{ " + ", ".join(self.port_text(*i) for i in items) + " }"
            return NPorts(proto, slot, items, spelling, negate, construct="port-set")
        lo, hi, _ = self.port_span()
        return NPorts(proto, slot, [(lo, hi)], self.port_text(lo, hi), negate,
                      construct="th-ports" if proto == "th" else "ports")

    def proto_match(self):
        rng = self.rng
        icmp = 1 if self.family == 4 else 58
        kind = rng.random()
        if kind < 0.35:
            numbers = [6]
        elif kind < 0.6:
            numbers = [17]
        elif kind < 0.75:
            numbers = [icmp]
        elif kind < 0.85:
            numbers = [rng.choice([47, 50, 89] + ([51] if self.family == 4 else []))]
        else:
            numbers = sorted(rng.sample([6, 17, icmp, 47, 50], rng.randint(2, 3)))
        spelling = rng.choice(["meta l4proto", "meta l4proto",
                               "ip protocol" if self.family == 4 else "ip6 nexthdr"])
        negate = rng.random() < 0.15
        return NProto(spelling, numbers, self.family, negate)

    def icmp_match(self):
        rng = self.rng
        names = ICMP4 if self.family == 4 else ICMP6
        negate = rng.random() < 0.2
        kind = rng.random()
        if kind < 0.5:
            name, number = rng.choice(names)
            return NIcmp(self.family, [number], name, negate)
        if kind < 0.7:
            number = rng.choice(ICMP_NUMBERS[self.family])
            return NIcmp(self.family, [number], str(number), negate)
        chosen = rng.sample(names, rng.randint(2, 4))
        return NIcmp(self.family, [n for _, n in chosen], "{ " + ", ".join(s for s, _ in chosen) + " }", negate,
                     construct="icmp-set")

    def interface_match(self, which, chain_key):
        rng = self.rng
        if which == "iif":
            pool, candidates = IIF_PATTERNS, INBOUND
        else:
            pool, candidates = OIF_PATTERNS, (OUTBOUND if self.chain == "FORWARD" else ())
        negate = rng.random() < 0.25
        if rng.random() < 0.25:
            plain = [p for p in pool if "*" not in p]
            patterns = sorted(set(rng.sample(plain, rng.randint(2, 3))))
        else:
            patterns = [rng.choice(pool)]
        construct = "iface-wildcard" if any("*" in p for p in patterns) else "iface"
        return NIface(which, patterns, candidates, negate, construct=construct)

    def ct_match(self):
        rng = self.rng
        if rng.random() < 0.3:
            return NCt([rng.choice(CT_STATES)], True)
        return NCt(sorted(rng.sample(CT_STATES, rng.randint(1, 3)), key=CT_STATES.index))

    # -- rules --
    def rule(self, chain, table, callees, base):
        rng = self.rng
        self.table_kind = table.kind
        matches = []
        proto = None
        if rng.random() < 0.35:
            proto = self.proto_match()
            matches.append(proto)
        if rng.random() < 0.4:
            matches.append(self.address_match("src", table))
        if rng.random() < 0.4:
            matches.append(self.address_match("dst", table))
        if rng.random() < 0.25:
            matches.append(self.interface_match("iif", chain.key))
        # in INPUT the output name is empty: oifname still loads there and never matches a name
        if rng.random() < (0.2 if self.chain == "FORWARD" or not base else 0.05):
            matches.append(self.interface_match("oif", chain.key))
        l4 = None  # the protocol the rule's details imply
        if proto and not proto.negate and len(proto.numbers) == 1:
            l4 = proto.numbers[0]
        elif not proto and rng.random() < 0.55:
            l4 = rng.choice([6, 6, 17, 1 if self.family == 4 else 58])
        if proto and not proto.negate and set(proto.numbers) <= {6, 17} and rng.random() < 0.5:
            matches.append(self.ports_match("th", "dport"))
        elif l4 in (6, 17):
            name = "tcp" if l4 == 6 else "udp"
            if rng.random() < 0.7:
                matches.append(self.ports_match(name, "dport"))
            if rng.random() < 0.25:
                matches.append(self.ports_match(name, "sport"))
        elif l4 in (1, 58) and rng.random() < 0.8:
            matches.append(self.icmp_match())
        if rng.random() < 0.15:
            matches.append(self.ct_match())
        # the other family's address in an inet table (never matches); nft refuses it
        # beside anything that implies this family (addresses, ip protocol, icmp type)
        if table.kind == "inet" and rng.random() < 0.08 and not any(
                isinstance(m, (NAddr, NIcmp)) or (isinstance(m, NProto) and m.spelling != "meta l4proto")
                for m in matches):
            matches.append(self.foreign_address(rng.choice(["src", "dst"])))
        first = [m for m in matches if isinstance(m, NProto)]
        rest = [m for m in matches if not isinstance(m, NProto)]
        rng.shuffle(rest)
        matches = first + rest
        tcp_only = (proto and not proto.negate and proto.numbers == [6]) or \
            any(isinstance(m, NPorts) and m.proto == "tcp" for m in matches)
        statements = []
        if rng.random() < 0.12:
            statements.append("counter")
        if rng.random() < 0.08:
            statements.append(f'log prefix "{rng.choice(LOG_PREFIXES)}"')
        verdict, called = self.verdict(base, callees, tcp_only, matches, l4)
        comment = rng.choice(COMMENTS) if rng.random() < 0.08 else None
        return NRule(chain.key, matches, verdict, called, statements, comment)

    def verdict(self, base, callees, tcp_only, matches, l4):
        rng = self.rng
        weights = {"accept": 30, "drop": 20, "reject": 12, "": 6, "return": 4 if base else 12, "continue": 3,
                   "vmap": 14}
        if callees:
            weights["jump"], weights["goto"] = 14, 6
        kind = rng.choices(list(weights), list(weights.values()))[0]
        if kind in ("jump", "goto"):
            callee = rng.choice(callees)
            return f"{kind} {callee.name}", [callee.key]
        if kind == "reject":
            options = list(REJECTS[self.family]) + (["reject with tcp reset"] * 4 if tcp_only else [])
            if any(isinstance(m, NAddr) and m.foreign for m in matches):
                options = [o for o in options if "icmp type" not in o and "icmpv6 type" not in o]
            if self.table_kind != "inet":  # icmpx ("abstracted ICMP") exists only in inet tables
                options = [o for o in options if "icmpx" not in o]
            if rng.random() < 0.35:
                implied = self.reject_with_dependency(matches, tcp_only)
                if implied:
                    return implied, []
            return rng.choice(options), []
        if kind == "vmap":
            return self.vmap(matches, callees, l4)
        return kind, []

    def reject_with_dependency(self, matches, tcp_only):
        """A reject whose type makes nft add a hidden match (not shown by `nft list ruleset`):
        `reject with tcp reset` adds `meta l4proto tcp`; in an inet table `reject with icmp
        type X` adds `meta nfproto ipv4` and `icmpv6 type X` adds `meta nfproto ipv6`."""
        rng = self.rng
        options = []
        if not tcp_only and not any(isinstance(m, (NProto, NIcmp, NPorts)) for m in matches):
            options.append("reject with tcp reset")
        if self.table_kind == "inet" and not any(
                isinstance(m, (NAddr, NIcmp)) or (isinstance(m, NProto) and m.spelling != "meta l4proto")
                for m in matches):
            other = 6 if self.family == 4 else 4
            options += [o for o in REJECTS[other] if "icmp type" in o or "icmpv6 type" in o]
        return rng.choice(options) if options else None

    def vmap(self, matches, callees, l4):
        rng = self.rng
        verdicts = ["accept", "accept", "drop", "drop", "return", "continue"]
        pick = lambda: rng.choice(verdicts + [f"{word} {c.name}" for c in callees for word in ("jump", "jump", "goto")])
        implied = {m.proto for m in matches if isinstance(m, NPorts) and m.proto != "th"}
        implied |= {"icmp"} if any(isinstance(m, NIcmp) for m in matches) else set()
        if l4 in (6, 17):
            implied.add("tcp" if l4 == 6 else "udp")
        keys = ["tcp dport", "tcp dport", "udp dport", f"{self.kw} saddr", "meta l4proto"]
        protos = [m for m in matches if isinstance(m, NProto)]
        if protos and (protos[0].negate or len(protos[0].numbers) > 1):
            implied.add("none")
        elif protos:
            implied.add({6: "tcp", 17: "udp"}.get(protos[0].numbers[0], "none"))
        if implied:  # nft refuses `tcp dport 1 udp dport vmap ...` (conflicting protocols)
            keys = [k for k in keys if k.split()[0] in implied or k.split()[0] in ("meta", self.kw)]
        if any(isinstance(m, NAddr) and m.foreign for m in matches):
            keys = [k for k in keys if k.split()[0] != self.kw]
        key = rng.choice(keys)
        entries = []
        if key.endswith("dport"):
            for lo, hi in self.port_items(rng.randint(1, 4)):
                entries.append((lo, hi, self.port_text(lo, hi), pick()))
            slot, limit = "dport", 65535
        elif key.endswith("saddr"):
            for lo, hi, text in self.addr_items(rng.randint(1, 3)):
                entries.append((lo, hi, text, pick()))
            slot, limit = "src", self.space.top
        else:
            icmp = 1 if self.family == 4 else 58
            for number in sorted(rng.sample([6, 17, icmp, 47], rng.randint(1, 3))):
                entries.append((number, number, PROTO_NAMES[number], pick()))
            slot, limit = "proto", 255
        matches.append(NVmap(key, entries, slot, limit, self.family))
        called = []
        for _, _, _, verdict in entries:
            if verdict.startswith(("jump ", "goto ")):
                name = verdict.split()[1]
                called += [c.key for c in callees if c.name == name]
        return "", called

    # -- whole ruleset --
    def ruleset(self):
        rng = self.rng
        self.set_items = {}
        kinds = ["inet", "ip" if self.family == 4 else "ip6"]
        two_tables = rng.random() < 0.3
        names = rng.sample(TABLE_NAMES, 2)
        tables = [NTable(rng.choice(kinds), names[0])]
        if two_tables:
            tables.append(NTable(rng.choice(kinds), names[1]))
        result = NRuleset(self.seed, self.family, self.chain, tables)
        # base chains on the tested hook: one (priority 0/filter/-5/5) or two (-5 then 5)
        if two_tables:
            bases = [(tables[0], "-5"), (tables[1], "5")]
        elif rng.random() < 0.2:
            bases = [(tables[0], "-5"), (tables[0], "5")]
        else:
            bases = [(tables[0], rng.choice(["filter", "0", "-5", "5", "filter - 3"]))]
        base_names = ["input", "filter_in", "early_in"] if self.hook == "input" else \
            ["forward", "filter_fw", "transit"]
        self.base_keys = []
        plan = []
        for index, (table, priority) in enumerate(bases):
            taken = [c.name for c in table.chains]
            name = rng.choice([n for n in base_names[:2] if n not in taken] or [base_names[2]])
            chain = NChain(table.name, name, self.hook, priority, rng.choice(["accept", "drop"]))
            table.chains.append(chain)
            self.base_keys.append(chain.key)
            plan.append((chain, table, rng.randint(4, 14 if len(bases) == 1 else 9)))
        if rng.random() < 0.25:  # a base chain on the other hook: never seen by the probes
            other = "forward" if self.hook == "input" else "input"
            chain = NChain(tables[-1].name, "other_" + other[:2], other, "0", rng.choice(["accept", "drop"]))
            tables[-1].chains.append(chain)
            plan.append((chain, tables[-1], rng.randint(1, 3)))
        regulars = {}
        for table in tables:
            names = rng.sample(REGULAR_NAMES, rng.choice([0, 1, 2, 2, 3]))
            regulars[table.name] = [NChain(table.name, n) for n in names]
            table.chains += regulars[table.name]
            plan += [(c, table, rng.randint(1, 6)) for c in regulars[table.name]]
        for chain, table, count in plan:
            mine = regulars[table.name]
            # regular chains call only later ones: no loops
            callees = mine if chain.hook else mine[mine.index(chain) + 1:]
            for _ in range(count):
                result.rules.append(self.rule(chain, table, callees, chain.hook is not None))
        return result

    # -- probes: gen_iptables' machinery with several roots --
    def reachable(self, ruleset):
        seen, todo = set(self.base_keys), list(self.base_keys)
        while todo:
            chain = todo.pop()
            for rule in ruleset.rules:
                if rule.chain == chain:
                    for callee in rule.callees:
                        if callee not in seen:
                            seen.add(callee)
                            todo.append(callee)
        return seen

    def call_path(self, ruleset, chain):
        path, guard = [], 0
        while chain not in self.base_keys and guard < 10:
            callers = [r for r in ruleset.rules if chain in r.callees]
            if not callers:
                break
            caller = self.rng.choice(callers)
            path.insert(0, caller)
            chain, guard = caller.chain, guard + 1
        return path

    def interesting_addresses(self, ruleset):
        values = []
        for rule in ruleset.rules:
            for match in rule.matches:
                if isinstance(match, NAddr) and not match.foreign:
                    for lo, hi in match.spans:
                        values += [lo - 1, lo, hi, hi + 1]
                elif isinstance(match, NVmap) and match.slot == "src":
                    for lo, hi, _, _ in match.entries:
                        values += [lo - 1, lo, hi, hi + 1]
        return [v for v in values if self.space.probe_ok(v)]

    def finish(self, probe, interesting):
        if probe.proto in (1, 58) and probe.proto != (1 if self.family == 4 else 58):
            probe.proto = 1 if self.family == 4 else 58
        return super().finish(probe, interesting)


def constructs(ruleset):
    """The construct names a ruleset uses (for --exclude and the report)."""
    found = set()
    for rule in ruleset.rules:
        for match in rule.matches:
            found.add(match.construct)
            if isinstance(match, (NAddr, NPorts, NProto, NIface, NIcmp, NCt)) and match.negate:
                found.add("negation")
        verdict = rule.verdict
        if verdict.startswith("reject"):
            found.add("reject")
            tcp = any(isinstance(m, NPorts) and m.proto == "tcp" or isinstance(m, NProto) and m.numbers == [6]
                      and not m.negate for m in rule.matches)
            if verdict == "reject with tcp reset" and not tcp:
                found.add("reject-implied-dependency")
            if ("icmp type" in verdict and ruleset.family == 6) or ("icmpv6 type" in verdict and ruleset.family == 4):
                found.add("reject-implied-dependency")
        for word in ("jump", "goto", "return", "continue"):
            if verdict.startswith(word):
                found.add(word)
    if len([c for t in ruleset.tables for c in t.chains if c.hook == ruleset.chain.lower()]) > 1:
        found.add("two-base-chains")
    return found


def generate(seed, family=None, chain=None, packets=100, variant=0):
    default_family, default_chain = default_family_chain(seed)
    family, chain = family or default_family, chain or default_chain
    generator = NftGenerator(seed, family, chain, rules_variant=variant // 3)
    ruleset = generator.ruleset()
    # probes use gen_iptables' seeding, with an nft-specific string
    lines = generator.probes(ruleset, packets, f"nft-{variant % 3}")
    name = f"nft-seed{seed}-v{family}-{chain}" + (f"-variant{variant}" if variant else "")
    header = f"# probes for nft seed {seed} variant {variant}, IPv{family} {chain}\n"
    case = Case(name, family, chain, ruleset.text(), header + "\n".join(lines) + "\n")
    case.constructs = constructs(ruleset)
    return case


def check_load(seeds):
    """Every generated ruleset (all four family/chain pairs) must load with nft -f."""
    import netns_kernel
    netns_kernel.cleanup_stale_namespaces()
    failures = total = 0
    firewalls = {}
    try:
        for seed in seeds:
            for family in (4, 6):
                for chain in ("INPUT", "FORWARD"):
                    case = generate(seed, family, chain)
                    key = (family, chain)
                    if key not in firewalls:
                        firewalls[key] = netns_kernel.Firewall(family, chain).__enter__()
                    total += 1
                    try:
                        firewalls[key].load(case.rules, syntax="nft")
                    except Exception as error:  # noqa: BLE001
                        failures += 1
                        print(f"seed {seed} IPv{family} {chain}: {str(error)[:800]}")
    finally:
        for firewall in firewalls.values():
            firewall.__exit__(None, None, None)
    print(f"load check: {total - failures} of {total} rulesets load")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--family", type=int, choices=(4, 6))
    parser.add_argument("--chain", choices=("INPUT", "FORWARD"))
    parser.add_argument("--packets", type=int, default=100)
    parser.add_argument("--variant", type=int, default=0)
    parser.add_argument("--out")
    parser.add_argument("--check-load", metavar="A..B")
    args = parser.parse_args()
    if args.check_load:
        return check_load(parse_seed_range(args.check_load))
    case = generate(args.seed, args.family, args.chain, args.packets, args.variant)
    return emit_case(case, args.out, "nft")


if __name__ == "__main__":
    sys.exit(main())
