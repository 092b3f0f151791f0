#!/usr/bin/python3
"""The pieces a generated iptables ruleset is made of (used by gen_iptables.py).

A match renders itself as iptables-save text and can `bend` a probe packet so
that the match holds or fails, preferably at an edge (first or last address of a
prefix, the port just outside a range). Rules and rulesets render whole files.
"""

import ipaddress
from dataclasses import dataclass, field

# ---------------------------------------------------------------------------
# Address spaces

FORBIDDEN = {  # the kernel drops these before any filter hook (martian, multicast, ...)
    4: [ipaddress.ip_network(n) for n in ("0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/3")],
    6: [ipaddress.ip_network(n) for n in ("::/8", "fe80::/10", "ff00::/8")],
}


class Space:
    """Integers as addresses of one family."""

    def __init__(self, family):
        self.family = family
        self.bits = 32 if family == 4 else 128
        self.top = (1 << self.bits) - 1
        self.address = ipaddress.IPv4Address if family == 4 else ipaddress.IPv6Address

    def text(self, value):
        return str(self.address(value))

    def probe_ok(self, value):
        return 0 <= value <= self.top and not any(
            self.address(value) in net for net in FORBIDDEN[self.family])

    def span(self, base, plen):
        size = 1 << (self.bits - plen)
        lo = base & ~(size - 1) & self.top
        return lo, lo + size - 1


# ---------------------------------------------------------------------------
# Probes under construction

# Protocols a probe may carry, weighted. SCTP, UDP-Lite and DCCP are left out: a bare
# payload is INVALID to conntrack; AH is left out in IPv6, where it is an extension header.
PROBE_PROTOS = {4: [6, 6, 6, 17, 17, 1, 1, 47, 50, 51, 89], 6: [6, 6, 6, 17, 17, 58, 58, 47, 50, 89]}


@dataclass
class Probe:
    src: int = None
    dst: int = None
    proto: int = None
    sport: int = None
    dport: int = None
    itype: int = None
    icode: int = None
    iif: str = None
    oif: str = None


def edge_pick(rng, lo, hi, limit):
    """A value in [lo, hi], usually an edge."""
    choices = [lo, hi, lo, hi, rng.randint(lo, hi)]
    if hi - lo >= 2:
        choices += [lo + 1, hi - 1]
    return min(max(rng.choice(choices), 0), limit)


def outside_pick(rng, spans, limit):
    """A value in [0, limit] outside every (lo, hi) span, preferably next to one."""
    def covered(v):
        return any(lo <= v <= hi for lo, hi in spans)

    near = [v for lo, hi in spans for v in (lo - 1, hi + 1) if 0 <= v <= limit and not covered(v)]
    if near and rng.random() < 0.8:
        return rng.choice(near)
    for _ in range(50):
        value = rng.randint(0, limit)
        if not covered(value):
            return value
    return near[0] if near else None


# ---------------------------------------------------------------------------
# Matches: each renders itself and can bend a probe to hold or fail


class Match:
    order = 5  # protocol first, then what depends on it, then the rest

    def text(self):
        raise NotImplementedError

    def bend(self, probe, rng, want):
        """Change probe so this match evaluates to `want`; False if impossible."""
        return True

    def bang(self, negate):
        return "! " if negate else ""


@dataclass
class Proto(Match):
    number: int
    spelling: str
    family: int
    negate: bool = False
    order = 0

    def text(self):
        return f"{self.bang(self.negate)}-p {self.spelling}"

    def bend(self, probe, rng, want):
        if want != self.negate:
            if self.number:
                probe.proto = self.number
            return True
        if not self.number:
            return False  # `! -p all` matches nothing
        probe.proto = rng.choice([p for p in sorted(set(PROBE_PROTOS[self.family])) if p != self.number])
        return True


@dataclass
class Address(Match):
    slot: str  # "src" | "dst"
    spelling: str
    lo: int
    hi: int
    space: Space
    negate: bool = False
    mask: int = None  # a non-contiguous mask: match is (addr & mask) == value
    value: int = None

    def text(self):
        flag = "-s" if self.slot == "src" else "-d"
        return f"{self.bang(self.negate)}{flag} {self.spelling}"

    def bend(self, probe, rng, want):
        inside = want != self.negate
        if self.mask is not None:
            base = (rng.getrandbits(self.space.bits) & ~self.mask) | self.value
            if not inside:
                bits = [b for b in range(self.space.bits) if self.mask >> b & 1]
                if not bits:
                    return False
                base ^= 1 << rng.choice(bits)
            setattr(probe, self.slot, base)
            return True
        if inside:
            value = edge_pick(rng, self.lo, self.hi, self.space.top)
        else:
            value = outside_pick(rng, [(self.lo, self.hi)], self.space.top)
            if value is None:
                return False
        setattr(probe, self.slot, value)
        return True


@dataclass
class IpRange(Address):
    def text(self):
        option = "--src-range" if self.slot == "src" else "--dst-range"
        return f"-m iprange {self.bang(self.negate)}{option} {self.space.text(self.lo)}-{self.space.text(self.hi)}"


@dataclass
class Ports(Match):
    slot: str  # "sport" | "dport"
    lo: int
    hi: int
    spelling: str
    negate: bool = False
    order = 2

    def text(self):
        return f"{self.bang(self.negate)}--{self.slot} {self.spelling}"

    def bend(self, probe, rng, want):
        if want != self.negate:
            setattr(probe, self.slot, edge_pick(rng, self.lo, self.hi, 65535))
            return True
        value = outside_pick(rng, [(self.lo, self.hi)], 65535)
        if value is None:
            return False
        setattr(probe, self.slot, value)
        return True


@dataclass
class TcpFlags(Match):
    spelling: str  # probes are bare SYNs, so nothing to bend
    order = 2

    def text(self):
        return self.spelling


@dataclass
class Multiport(Match):
    option: str  # dports | sports | ports
    items: list  # (lo, hi)
    negate: bool = False
    order = 2

    def text(self):
        listed = ",".join(str(lo) if lo == hi else f"{lo}:{hi}" for lo, hi in self.items)
        return f"-m multiport {self.bang(self.negate)}--{self.option} {listed}"

    def bend(self, probe, rng, want):
        fields = {"dports": ["dport"], "sports": ["sport"], "ports": ["sport", "dport"]}[self.option]
        if want != self.negate:
            lo, hi = rng.choice(self.items)
            setattr(probe, rng.choice(fields), edge_pick(rng, lo, hi, 65535))
            return True
        for name in fields:  # --ports fails only if neither port is listed
            value = outside_pick(rng, self.items, 65535)
            if value is None:
                return False
            setattr(probe, name, value)
        return True


def iface_matches(pattern, name):
    name = name or ""  # no output interface in INPUT: the kernel compares ""
    if pattern.endswith("+"):
        return name.startswith(pattern[:-1])
    return name == pattern


@dataclass
class Interface(Match):
    slot: str  # "iif" | "oif"
    pattern: str
    candidates: tuple
    negate: bool = False

    def text(self):
        return f"{self.bang(self.negate)}{'-i' if self.slot == 'iif' else '-o'} {self.pattern}"

    def bend(self, probe, rng, want):
        if not self.candidates:
            return True  # INPUT has no egress to choose
        good = [c for c in self.candidates if iface_matches(self.pattern, c) == (want != self.negate)]
        if not good:
            return False
        setattr(probe, self.slot, rng.choice(good))
        return True


@dataclass
class Icmp(Match):
    family: int
    itype: int  # None: "any"
    code_lo: int
    code_hi: int
    spelling: str
    negate: bool = False
    order = 1

    def text(self):
        if self.family == 4:
            return f"-m icmp {self.bang(self.negate)}--icmp-type {self.spelling}"
        return f"-m icmp6 {self.bang(self.negate)}--icmpv6-type {self.spelling}"

    def bend(self, probe, rng, want):
        if want != self.negate:
            if self.itype is None:
                return True
            probe.itype = self.itype
            probe.icode = edge_pick(rng, self.code_lo, self.code_hi, 255)
            return True
        if self.itype is None:
            return False
        if self.code_hi - self.code_lo < 255 and rng.random() < 0.5:
            probe.itype = self.itype
            probe.icode = outside_pick(rng, [(self.code_lo, self.code_hi)], 255)
        else:
            probe.itype = outside_pick(rng, [(self.itype, self.itype)], 255)
        return True


@dataclass
class State(Match):
    module: str  # conntrack | state
    states: list
    negate: bool = False

    def text(self):
        option = "--ctstate" if self.module == "conntrack" else "--state"
        return f"-m {self.module} {self.bang(self.negate)}{option} {','.join(self.states)}"


@dataclass
class Comment(Match):
    words: str

    def text(self):
        escaped = self.words.replace("\\", "\\\\").replace('"', '\\"')
        return f'-m comment --comment "{escaped}"'


# ---------------------------------------------------------------------------
# Rules and rulesets


def canonical_rank(match):
    if isinstance(match, Address) and not isinstance(match, IpRange):
        return 0 if match.slot == "src" else 1
    if isinstance(match, Interface):
        return 2 if match.slot == "iif" else 3
    return 4 if isinstance(match, Proto) else 5


@dataclass
class Rule:
    chain: str
    matches: list
    target: str = ""  # text after the matches: "-j ACCEPT", "-g X", "" (no target)
    callee: str = None  # user chain this rule jumps/goes to
    counters: str = ""

    explicit_module: bool = True  # "-m tcp --dport 80" (as -save prints) or implicit "--dport 80"

    def text(self):
        l4 = [m.text() for m in self.matches if isinstance(m, (Ports, TcpFlags))]
        parts = [self.counters, f"-A {self.chain}"]
        for match in self.matches:
            if isinstance(match, (Ports, TcpFlags)):
                continue  # options of the tcp/udp module, placed right after -p
            parts.append(match.text())
            if isinstance(match, Proto) and l4:
                module = ["-m tcp" if match.number == 6 else "-m udp"] if self.explicit_module else []
                parts.append(" ".join(module + l4))
        parts.append(self.target)
        return " ".join(p for p in parts if p)


@dataclass
class Ruleset:
    seed: int
    family: int
    chain: str
    policies: dict
    user_chains: list
    rules: list = field(default_factory=list)
    notes: dict = field(default_factory=dict)  # rule index -> comment line printed before it
    counters: bool = False

    def text(self):
        lines = [f"# Generated by gen_iptables.py (seed {self.seed})",
                 f"# family: {self.family}", f"# chain: {self.chain}", "*filter"]
        for name in ("INPUT", "FORWARD", "OUTPUT"):
            lines.append(f":{name} {self.policies[name]}")
        lines += [f":{name} - [0:0]" for name in self.user_chains]
        for index, rule in enumerate(self.rules):
            if index in self.notes:
                lines.append(self.notes[index])
            lines.append(rule.text())
        lines += ["COMMIT", "# Completed"]
        return "\n".join(lines) + "\n"
