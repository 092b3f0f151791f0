#!/usr/bin/python3
"""Seeded random Capirca policies, their definitions and probe packets (standard library only).

A case is a policy with one header for one target, the NETWORK.net and SERVICES.svc it needs,
and packets biased to the edges of the terms' prefixes and port ranges. The generator keeps its
own flattened view of every group so that it can aim packets at a term; the verdicts come from
Capirca (capirca_side.py), never from here.

    /usr/bin/python3 gen_policy.py --target asa --seed 7 --out DIR   # writes the case's files
"""

import argparse
import ipaddress
import os
import random
from dataclasses import dataclass, field

TARGETS = ("asa", "junos-filter", "srx", "panos")
ZONES = ("trust", "untrust")  # srx and panos headers: from-zone trust to-zone untrust

# Protocols other than tcp/udp/icmp/icmpv6, as each target's generator accepts them: Capirca's
# paloaltofw knows only names; the others take numbers (flowaudit must map both).
OTHER_PROTOCOLS = {
    "panos": {47: "gre", 50: "esp", 51: "ah", 2: "igmp"},
    "default": {47: "47", 50: "50", 51: "51", 89: "89", 103: "103"},
}
NAMED = {6: "tcp", 17: "udp", 1: "icmp", 58: "icmpv6"}

V4_ANCHORS = [("10.0.0.0", 8), ("172.16.0.0", 12), ("192.168.0.0", 16), ("198.51.100.0", 24),
              ("100.64.0.0", 10)]
V6_ANCHORS = [("2001:db8::", 32), ("fd00::", 8)]
# Well-known ports, including every one Capirca's Cisco output spells as a name (cisco.PortMap).
COMMON_PORTS = [7, 9, 13, 19, 20, 21, 22, 23, 25, 37, 42, 43, 49, 53, 67, 68, 69, 70, 79, 80, 101,
                109, 110, 111, 113, 119, 123, 137, 138, 139, 143, 161, 162, 177, 179, 194, 195,
                389, 434, 443, 445, 496, 500, 512, 513, 514, 515, 517, 520, 540, 543, 544, 636,
                750, 993, 1352, 1433, 1494, 1521, 1645, 1646, 1720, 1723, 2049, 2748, 3306, 3389,
                5060, 5190, 5510, 5631, 5632, 8080, 8443]
# ICMP types by Capirca's names (policy.Term.ICMP_TYPE), a few per family.
ICMP_TYPE_NAMES = {
    4: {"echo-reply": 0, "unreachable": 3, "source-quench": 4, "redirect": 5, "echo-request": 8,
        "router-advertisement": 9, "time-exceeded": 11, "parameter-problem": 12,
        "timestamp-request": 13, "mask-reply": 18},
    6: {"destination-unreachable": 1, "packet-too-big": 2, "time-exceeded": 3,
        "parameter-problem": 4, "echo-request": 128, "echo-reply": 129, "router-solicit": 133,
        "neighbor-solicit": 135, "neighbor-advertisement": 136},
}
ICMP_TYPES = {f: sorted(set(names.values()) | {6 if f == 4 else 200}) for f, names in
              ICMP_TYPE_NAMES.items()}  # plus one type no name here covers


def protocol_spellings(target):
    names = dict(NAMED)
    names.update(OTHER_PROTOCOLS.get(target, OTHER_PROTOCOLS["default"]))
    return names


@dataclass
class Term:
    name: str
    action: str
    saddr: list = field(default_factory=list)  # network names
    daddr: list = field(default_factory=list)
    sexclude: list = field(default_factory=list)
    dexclude: list = field(default_factory=list)
    protocol: list = field(default_factory=list)  # protocol numbers
    sport: list = field(default_factory=list)  # service names
    dport: list = field(default_factory=list)
    icmp_type: list = field(default_factory=list)  # Capirca's names
    option: str = ""  # "", "established", "tcp-established" or (Junos filters) "inactive"
    comment: str = ""  # comment, logging and counter only change the rendered text
    logging: bool = False
    counter: str = ""

    @property
    def uncheckable(self):
        """Why aclcheck cannot judge packets this term matches ("" if it can)."""
        if self.sexclude or self.dexclude:
            return "exclude"  # aclcheck ignores *-exclude
        if self.option in ("established", "tcp-established"):
            return self.option  # aclcheck cannot judge connection state
        return ""


@dataclass
class Packet:
    family: int
    src: str
    dst: str
    proto: int
    dport: int = None  # tcp/udp port, or ICMP type
    sport: int = None  # tcp/udp source port, or ICMP code
    aim: str = ""  # the term the packet was aimed at ("" for random ones)
    zones: tuple = ()  # (from, to) for SRX and PAN-OS

    def line(self, extra=""):
        """The packet in flowaudit's packets-file syntax."""
        if self.proto in (6, 17):
            tail = f"{NAMED[self.proto]} {self.dport} {self.sport}"
        elif self.proto in (1, 58):
            tail = f"{NAMED[self.proto]} {self.dport}/{self.sport}"
        else:
            tail = f"{self.proto} -"
        zones = f" from={self.zones[0]} to={self.zones[1]}" if self.zones else ""
        return f"{self.src} {self.dst} {tail}{zones}{extra}"


@dataclass
class Case:
    seed: int
    target: str
    filter_type: str  # inet, inet6 or mixed
    header: str
    terms: list
    networks: dict  # name -> list of items (prefix text or another name)
    services: dict  # name -> list of items ("lo[-hi]/proto" or another name)
    packets: list = field(default_factory=list)

    @property
    def filter_name(self):
        return f"capirca-{self.seed}"

    @property
    def families(self):
        return {"inet": (4,), "inet6": (6,), "mixed": (4, 6)}[self.filter_type]

    def term(self, name):
        if len(getattr(self, "_by_name", ())) != len(self.terms):
            self._by_name = {t.name: t for t in self.terms}
        return self._by_name[name]

    def policy_text(self):
        out = ["header {", f"  comment:: \"generated from seed {self.seed}\"",
               f"  target:: {self.header}", "}", ""]
        spell = protocol_spellings(self.target)
        for t in self.terms:
            out.append(f"term {t.name} {{")
            for key, names in (("source-address", t.saddr), ("source-exclude", t.sexclude),
                               ("destination-address", t.daddr),
                               ("destination-exclude", t.dexclude),
                               ("source-port", t.sport), ("destination-port", t.dport)):
                if names:
                    out.append(f"  {key}:: {' '.join(names)}")
            if t.protocol:
                out.append(f"  protocol:: {' '.join(spell[p] for p in t.protocol)}")
            if t.icmp_type:
                out.append(f"  icmp-type:: {' '.join(t.icmp_type)}")
            if t.option:
                out.append(f"  option:: {t.option}")
            if t.comment:
                out.append(f"  comment:: \"{t.comment}\"")
            if t.logging:
                out.append("  logging:: true")
            if t.counter:
                out.append(f"  counter:: {t.counter}")
            out += [f"  action:: {t.action}", "}", ""]
        return "\n".join(out)

    def networks_text(self):
        return definitions_text(self.networks)

    def services_text(self):
        return definitions_text(self.services)

    def write_definitions(self, directory):
        os.makedirs(directory, exist_ok=True)
        for name, text in (("NETWORK.net", self.networks_text()),
                           ("SERVICES.svc", self.services_text())):
            with open(os.path.join(directory, name), "w") as f:
                f.write(text)


def definitions_text(groups):
    lines = []
    for name, items in groups.items():
        lines.append(f"{name} = {items[0]}")
        lines += [" " * (len(name) + 3) + item for item in items[1:]]
        lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Definitions


@dataclass
class Shape:
    """How big groups are: the default exercises nesting; the benchmark uses small groups so
    that group expansion stays near eight ASA entries per term."""
    network_items: int = 5  # most items in one network group
    service_items: int = 4
    nesting: float = 0.25  # chance that an item names an earlier group


class Definitions:
    """Network and service groups, nested, with their flattened contents."""

    def __init__(self, rng, n_networks, n_services, shape=Shape(), both_families=False):
        self.rng, self.shape, self.both_families = rng, shape, both_families
        self.networks, self.flat_nets, self.network_names = {}, {}, []
        self.services, self.flat_svcs, self.service_protocols = {}, {}, {}
        self.service_names = []  # the keys of services, for choosing among them
        self.usable = {}  # protocol names -> services_for()
        for i in range(n_networks):
            self._add_network(f"NET{i:03d}")
        for i in range(n_services):
            self._add_service(f"SVC{i:03d}")
        self.excludes = 0

    def _add_network(self, name):
        rng = self.rng
        family = rng.choice((4, 4, 6)) if rng.random() < 0.8 else None  # None: both families
        items, flat = [], []
        for _ in range(rng.randint(1, self.shape.network_items)):
            if self.networks and rng.random() < self.shape.nesting:
                other = rng.choice(self.network_names)
                items.append(other)
                flat += self.flat_nets[other]
            else:
                net = random_prefix(rng, family or rng.choice((4, 6)))
                items.append(str(net))
                flat.append(net)
        for missing in ({4, 6} - {n.version for n in flat}) if self.both_families else ():
            net = random_prefix(rng, missing)
            items.append(str(net))
            flat.append(net)
        self.networks[name], self.flat_nets[name] = items, flat
        self.network_names.append(name)

    def _add_service(self, name):
        rng = self.rng
        items, flat = [], []
        for _ in range(rng.randint(1, self.shape.service_items)):
            if self.services and rng.random() < self.shape.nesting:
                other = rng.choice(self.service_names)
                items.append(other)
                flat += self.flat_svcs[other]
                continue
            proto = rng.choice(("tcp", "tcp", "udp"))
            if rng.random() < 0.5:
                lo = hi = rng.choice(COMMON_PORTS + [1, 65535] + [rng.randint(1, 65535)] * 8)
            else:
                lo = rng.randint(1, 65000)
                hi = min(65535, lo + rng.choice((1, 10, 100, 1000, 20000)))
            items.append(f"{lo}/{proto}" if lo == hi else f"{lo}-{hi}/{proto}")
            flat.append((lo, hi, proto))
            if rng.random() < 0.3:  # the same ports for the other protocol, as DNS has
                other_proto = "udp" if proto == "tcp" else "tcp"
                items.append(f"{lo}/{other_proto}" if lo == hi else f"{lo}-{hi}/{other_proto}")
                flat.append((lo, hi, other_proto))
        self.services[name], self.flat_svcs[name] = items, flat
        self.service_protocols[name] = {proto for _, _, proto in flat}
        self.service_names.append(name)

    def add_exclude(self, net):
        """A new network naming `net` (an exclude), returned by name."""
        name = f"EXCL{self.excludes:03d}"
        self.excludes += 1
        self.networks[name], self.flat_nets[name] = [str(net)], [net]
        self.network_names.append(name)
        return name

    def services_for(self, protocols):
        """Names of the services with ports for any of these protocols (cached)."""
        wanted = frozenset(NAMED[p] for p in protocols)
        if wanted not in self.usable:
            self.usable[wanted] = [s for s, protos in self.service_protocols.items()
                                   if protos & wanted]
        return self.usable[wanted]

    def ports(self, names, protocols):
        """(lo, hi) ranges of the named services, as Capirca joins them for these protocols."""
        wanted = {NAMED[p] for p in protocols}
        return [(lo, hi) for n in names for lo, hi, proto in self.flat_svcs[n] if proto in wanted]


def random_prefix(rng, family):
    if rng.random() < 0.003:
        return ipaddress.ip_network("0.0.0.0/0" if family == 4 else "::/0")
    base, plen = rng.choice(V4_ANCHORS if family == 4 else V6_ANCHORS)
    anchor = ipaddress.ip_network(f"{base}/{plen}")
    bits = anchor.max_prefixlen
    # Mostly narrow prefixes, so that one term rarely shadows most of the policy.
    narrow = max(plen, 16 if family == 4 else 48)
    length = rng.choice([rng.randint(narrow, bits), rng.randint(narrow, bits), bits,
                         rng.randint(plen, bits)])
    value = int(anchor.network_address) + rng.randrange(anchor.num_addresses)
    return ipaddress.ip_network((value, length), strict=False)


# ---------------------------------------------------------------------------
# Terms


def random_term(rng, index, defs, target, others, near_end=False):
    term = Term(name=f"t{index:04d}", action=rng.choice(("accept", "accept", "deny", "reject")))
    if target != "srx" and rng.random() < 0.05:  # SRX's generator has no such action
        term.action = "reject-with-tcp-rst"
    roll = rng.random()
    if roll < 0.15:
        term.protocol = []
    elif roll < 0.45:
        term.protocol = [6]
    elif roll < 0.6:
        term.protocol = [17]
    elif roll < 0.75:
        term.protocol = [6, 17]
    elif roll < 0.85:
        term.protocol = [1]
    elif roll < 0.9:
        term.protocol = [58]
    else:
        term.protocol = rng.sample(sorted(others), rng.randint(1, 2))
    nets = defs.network_names
    # A term without addresses is a catch-all for its protocols: only near the end.
    sides = "" if near_end and rng.random() < 0.3 else rng.choice(("s", "d", "sd", "sd", "sd"))
    if "s" in sides:
        term.saddr = rng.sample(nets, rng.randint(1, 2))
    if "d" in sides:
        term.daddr = rng.sample(nets, rng.randint(1, 2))
    if term.protocol and set(term.protocol) <= {6, 17}:
        usable = defs.services_for(term.protocol)
        if usable and rng.random() < 0.65:
            term.dport = rng.sample(usable, rng.randint(1, min(2, len(usable))))
        if usable and rng.random() < 0.15:
            term.sport = rng.sample(usable, 1)
    if term.protocol in ([1], [58]) and rng.random() < 0.5:
        names = sorted(ICMP_TYPE_NAMES[4 if term.protocol == [1] else 6])
        term.icmp_type = rng.sample(names, rng.randint(1, 3))
    add_rare_features(rng, term, defs, target)
    add_decorations(rng, term, target)
    return term


def add_decorations(rng, term, target):
    """Comments (several lines, quotes, `;`, `#`, `<>`), logging and counters: no change in
    meaning, but each generator renders them in its own syntax for the importer to read past.
    No `*/` or braces in comments: Capirca copies them into Junos `/* */` comments unescaped
    (ending the comment early) and counts their braces when indenting (it then raises)."""
    if rng.random() < 0.2:
        term.comment = rng.choice(["allow web & ssh; see ticket #12",
                                   "first line\n  second line: 'quoted', 50% off",
                                   "x" * 120, "deny <all> from partner"])
    term.logging = rng.random() < 0.1
    if target == "junos-filter" and rng.random() < 0.1:
        term.counter = f"count-{term.name}"


def add_rare_features(rng, term, defs, target):
    """Excludes and established options: rendered, but left out of the comparison. Not for
    SRX (its generator has no option token, and no excludes in address books) nor, for
    excludes, PAN-OS: Capirca 2.0.6's paloaltofw cuts the excluded prefixes out of the
    shared address objects, leaving an address-group named "" and groups that rules name
    but the config never defines."""
    excludes = target in ("asa", "junos-filter")
    if excludes and single_family(defs, term.saddr) and rng.random() < 0.05:
        inside = rng.choice(defs.flat_nets[term.saddr[0]])
        term.sexclude = [defs.add_exclude(sub_prefix(rng, inside))]
    if excludes and single_family(defs, term.daddr) and rng.random() < 0.03:
        inside = rng.choice(defs.flat_nets[term.daddr[0]])
        term.dexclude = [defs.add_exclude(sub_prefix(rng, inside))]
    if target == "junos-filter" and rng.random() < 0.03:
        term.option = "inactive"  # rendered `inactive: term …`; the oracle drops the term
    elif target != "srx" and rng.random() < 0.05:
        if term.protocol == [6]:
            term.option = rng.choice(("established", "tcp-established"))
        elif term.protocol in ([17], [6, 17]):
            term.option = "established"


def single_family(defs, names):
    """Excludes only where every address has one family: Capirca 2.0.6's address collapsing
    compares netmasks of both families (TypeError) when excludes meet a mixed list."""
    return bool(names) and len({n.version for name in names for n in defs.flat_nets[name]}) == 1


def sub_prefix(rng, net):
    length = rng.randint(net.prefixlen, net.max_prefixlen)
    value = int(net.network_address) + rng.randrange(net.num_addresses)
    return ipaddress.ip_network((value, length), strict=False)


# ---------------------------------------------------------------------------
# Packets


def edge_value(rng, lo, hi, top, inside):
    """A value in [lo, hi] (usually an edge) or, if not inside, just outside it."""
    if inside:
        choices = [lo, hi, rng.randint(lo, hi)]
        if hi - lo >= 2:
            choices += [lo + 1, hi - 1]
        return rng.choice(choices)
    outside = [v for v in (lo - 1, hi + 1) if 0 <= v <= top]
    return rng.choice(outside) if outside else rng.randint(0, top)


def address_near(rng, nets, family, inside):
    candidates = [n for n in nets if n.version == family]
    if not candidates:
        return None
    net = rng.choice(candidates)
    top = (1 << net.max_prefixlen) - 1
    lo, hi = int(net.network_address), int(net.broadcast_address)
    cls = ipaddress.IPv4Address if family == 4 else ipaddress.IPv6Address
    return str(cls(edge_value(rng, lo, hi, top, inside)))


def random_address(rng, family):
    net = random_prefix(rng, family)
    return str(ipaddress.ip_address(int(net.network_address) + rng.randrange(net.num_addresses)))


def aimed_packet(rng, term, defs, families, others):
    """A packet that just matches, or just misses, `term` in one of its fields."""
    src_nets = [n for name in term.saddr for n in defs.flat_nets[name]]
    dst_nets = [n for name in term.daddr for n in defs.flat_nets[name]]
    usable = [f for f in families
              if (not src_nets or any(n.version == f for n in src_nets)) and
              (not dst_nets or any(n.version == f for n in dst_nets))]
    family = rng.choice(usable or list(families))
    miss = rng.choice(["none"] * 5 + ["src", "dst", "proto", "dport", "sport"])
    src = address_near(rng, src_nets, family, miss != "src") or random_address(rng, family)
    dst = address_near(rng, dst_nets, family, miss != "dst") or random_address(rng, family)
    protos = [p for p in term.protocol if (p != 1 or family == 4) and (p != 58 or family == 6)]
    proto = rng.choice(protos) if protos and miss != "proto" else random_protocol(rng, family, others)
    packet = Packet(family, src, dst, proto, aim=term.name)
    fill_ports(rng, packet, defs.ports(term.dport, [proto]) if proto in (6, 17) else [],
               defs.ports(term.sport, [proto]) if proto in (6, 17) else [], miss, term.icmp_type)
    return packet


def random_protocol(rng, family, others):
    icmp = 1 if family == 4 else 58
    return rng.choice([6, 6, 6, 17, 17, icmp, icmp] + sorted(others))


def fill_ports(rng, packet, dranges, sranges, miss, icmp_names=()):
    if packet.proto in (1, 58):
        named = [ICMP_TYPE_NAMES[packet.family][n] for n in icmp_names if
                 n in ICMP_TYPE_NAMES[packet.family]]
        hit = named and miss == "none"
        packet.dport = rng.choice(named if hit else ICMP_TYPES[packet.family])
        packet.sport = 0
        return
    if packet.proto not in (6, 17):
        return

    def pick(ranges, inside, default):
        if not ranges:
            return default
        lo, hi = rng.choice(ranges)
        return edge_value(rng, lo, hi, 65535, inside)

    packet.dport = pick(dranges, miss != "dport", rng.choice(COMMON_PORTS + [rng.randint(1, 65535)]))
    packet.sport = pick(sranges, miss != "sport", rng.randint(1024, 65535))


def random_packet(rng, families, others):
    family = rng.choice(families)
    packet = Packet(family, random_address(rng, family), random_address(rng, family),
                    random_protocol(rng, family, others))
    fill_ports(rng, packet, [], [], "none")
    return packet


# ---------------------------------------------------------------------------


def header_for(rng, target, name, filter_type):
    """The target line, with the generator's options that change only the rendering."""
    if target == "asa":
        return f"ciscoasa {name}"
    if target == "junos-filter":
        extra = rng.choice(["", "", "not-interface-specific", "noverbose"])
        return f"juniper {name} {filter_type} {extra}".rstrip()
    zones = f"from-zone {ZONES[0]} to-zone {ZONES[1]}"
    if target == "srx":
        book = rng.choice(["address-book-global", "address-book-zone"])
        return f"srx {zones} {filter_type} {book}"
    objects = rng.choice(["addr-obj", "no-addr-obj"])
    return f"paloalto {zones} {filter_type} {objects}"


def generate(seed, target, terms=300, packets=300, shape=Shape()):
    if target not in TARGETS:
        raise ValueError(f"unknown target {target!r}")
    rng = random.Random(f"{target}:{seed}")
    # The ciscoasa generator renders IPv4 entries only, so ASA cases are IPv4 only.
    filter_type = "inet" if target == "asa" else rng.choice(("inet", "inet6", "mixed", "mixed"))
    others = set(OTHER_PROTOCOLS.get(target, OTHER_PROTOCOLS["default"]))
    # paloaltofw names a group in a rule even when it left all of the group's addresses out of
    # the config (those of the family the filter or the term's other side lacks): with both
    # families in every group, no rule names a group that is not there.
    defs = Definitions(rng, max(12, terms // 6), max(8, terms // 12), shape,
                       both_families=target == "panos")
    term_list = [random_term(rng, i, defs, target, others, i >= terms - 3) for i in range(terms)]
    case = Case(seed, target, filter_type, "", term_list, defs.networks, defs.services)
    case.header = header_for(rng, target, case.filter_name, filter_type)
    families = case.families
    for _ in range(packets):
        if rng.random() < 0.8:
            case.packets.append(aimed_packet(rng, rng.choice(term_list), defs, families, others))
        else:
            case.packets.append(random_packet(rng, families, others))
    if target in ("srx", "panos"):
        for packet in case.packets:  # a few go between other zones: no term is for them
            packet.zones = rng.choice([ZONES] * 18 + [ZONES[::-1], (ZONES[0], ZONES[0])])
    return case


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--target", choices=TARGETS, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--terms", type=int, default=300)
    parser.add_argument("--packets", type=int, default=300)
    parser.add_argument("--out", required=True, help="directory for policy, definitions, packets")
    args = parser.parse_args()
    case = generate(args.seed, args.target, args.terms, args.packets)
    case.write_definitions(os.path.join(args.out, "def"))
    stem = os.path.join(args.out, f"{args.target}-{args.seed}")
    with open(stem + ".pol", "w") as f:
        f.write(case.policy_text())
    with open(stem + ".packets", "w") as f:
        f.write("".join(p.line() + "\n" for p in case.packets))
    print(stem + ".pol")


if __name__ == "__main__":
    main()
