#!/usr/bin/python3
"""Capirca as generator and oracle: renders a generated case for its target and asks
capirca.lib.aclcheck what the source policy does with each packet.

Each use parses the policy afresh: generators rewrite the terms they are given (names, ports,
addresses), and aclcheck must see the policy as written.
"""

import importlib
import importlib.util
import logging
import os

from gen_policy import ZONES, protocol_spellings

try:
    from capirca.lib import aclcheck, naming, policy
except ImportError:  # reported by available(); the harness then skips
    aclcheck = None

# Target -> (Capirca generator: module in capirca.lib and class, flowaudit vendor id).
GENERATORS = {
    "asa": ("ciscoasa", "CiscoASA", "cisco-asa"),
    "junos-filter": ("juniper", "Juniper", "junos"),
    "srx": ("junipersrx", "JuniperSRX", "junos"),
    "panos": ("paloaltofw", "PaloAltoFW", "panos"),
}

# What each generated config does with a packet no term matches: ASA's implicit deny at the
# end of an access-list, the final discard of a Junos firewall filter, the SRX default policy
# (deny-all) and PAN-OS's interzone-default rule (deny) for from-zone != to-zone.
DEFAULT_VERDICT = {"asa": "deny", "junos-filter": "deny", "srx": "deny", "panos": "deny"}

# Packets between other zones than the header's, which no generated rule is for: SRX's default
# policy denies; PAN-OS's intrazone-default rule allows, its interzone-default denies.
OTHER_ZONES_VERDICT = {"srx": {"intrazone": "deny", "interzone": "deny"},
                       "panos": {"intrazone": "permit", "interzone": "deny"}}

ACTION_VERDICT = {"accept": "permit", "deny": "deny", "reject": "deny",
                  "reject-with-tcp-rst": "deny"}


def available():
    """None when Capirca can be used, else why not."""
    if aclcheck is None:
        missing = importlib.util.find_spec("capirca") is None
        return "capirca is not installed (Debian: python3-capirca)" if missing else \
            "capirca does not import"
    return None


class Oracle:
    """One case's definitions, written to `workdir`, and Capirca's view of them."""

    def __init__(self, case, workdir):
        self.case = case
        self.defdir = os.path.join(workdir, "def")
        case.write_definitions(self.defdir)
        logging.getLogger().setLevel(logging.ERROR)  # Capirca warns about every term it drops
        self.definitions = naming.Naming(self.defdir)

    def parse(self):
        # optimize=False is aclgen's default; with True, Capirca 2.0.6's paloaltofw output
        # loses the names of collapsed addresses (an address-group named "").
        return policy.ParsePolicy(self.case.policy_text(), self.definitions, optimize=False)

    def render(self):
        """The vendor config text Capirca generates for the case's target."""
        module, cls, _ = GENERATORS[self.case.target]
        generator_class = getattr(importlib.import_module("capirca.lib." + module), cls)
        generator = generator_class(self.parse(), 2)  # 2: weeks of expiry warnings (none here)
        return str(generator)

    def checkable_policy(self):
        """The parsed policy as verdicts() asks aclcheck about it."""
        pol = self.parse()
        widen_established_ports(pol)
        drop_inactive_terms(pol)
        return pol

    def verdicts(self, packets, pol=None):
        """Per packet: (verdict, term, excluded_reason). verdict is None when excluded.
        `pol`: a checkable_policy() already parsed (the benchmark times parsing apart)."""
        pol = pol or self.checkable_policy()
        spell = protocol_spellings(self.case.target)
        answers = []
        for p in packets:
            if p.zones and p.zones != ZONES:
                kind = "intrazone" if p.zones[0] == p.zones[1] else "interzone"
                answers.append((OTHER_ZONES_VERDICT[self.case.target][kind], None, ""))
                continue
            ports = p.proto in (6, 17)
            check = aclcheck.AclCheck(pol, src=p.src, dst=p.dst,
                                      sport=str(p.sport) if ports else "any",
                                      dport=str(p.dport) if ports else "any",
                                      proto=spell.get(p.proto, str(p.proto)))
            matches = check.Matches()
            if not matches:
                answers.append((DEFAULT_VERDICT[self.case.target], None, ""))
                continue
            first = matches[0]
            term = self.case.term(first.term)
            why = term.uncheckable or self.icmp_type_unsure(pol, first.term, p)
            if why:
                answers.append((None, first.term, why))
            else:
                answers.append((ACTION_VERDICT[first.action], first.term, ""))
        return answers

    @staticmethod
    def icmp_type_unsure(pol, term_name, packet):
        """aclcheck ignores icmp-type: its match stands only for a packet of a listed type.
        Any other type may be decided by a later term, so it is left out ("icmp-type")."""
        for _, terms in pol.filters:
            for term in terms:
                if term.name == term_name and term.icmp_type:
                    family = 4 if packet.family == 4 else 6
                    listed = {policy.Term.ICMP_TYPE[family].get(n) for n in term.icmp_type}
                    return "" if packet.dport in listed else "icmp-type"
        return ""


def widen_established_ports(pol):
    """Generators render `established` on a port list by adding destination ports 1024-65535
    (aclgenerator.FixHighPorts), so the rendered term can match packets the written one does
    not. Such terms are never compared; widening them here makes aclcheck's match of them a
    superset of every rendering, so that a packet they might match is excluded, not judged
    by a later term."""
    for _, terms in pol.filters:
        for term in terms:
            if "established" in [str(o) for o in term.option] and term.destination_port:
                term.destination_port = term.destination_port + [(1024, 65535)]


def drop_inactive_terms(pol):
    """`option:: inactive` renders a Junos term as `inactive: term …`, which the device
    ignores; aclcheck does not know the option, so the oracle leaves those terms out."""
    for _, terms in pol.filters:
        terms[:] = [t for t in terms if "inactive" not in [str(o) for o in t.option]]
