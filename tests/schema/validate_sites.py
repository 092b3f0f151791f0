#!/usr/bin/python3
"""Validates site files against docs/site.schema.json.

Checks, each counted as one test:
  - the schema itself is a valid draft 2020-12 schema;
  - every examples/*/site*.yaml is accepted, and so is every flowaudit-yaml config file such a
    site names (against #/$defs/deviceFile);
  - every YAML block in docs/*.md preceded by `<!-- validate: site -->` or
    `<!-- validate: device-file -->` is accepted;
  - a few valid sites written below are accepted (controls: the schema is not too strict);
  - the deliberately broken sites below are rejected (each comment quotes the loader's error).

Usage: validate_sites.py [PROJECT_SOURCE_DIR]
Prints one line per test and `N passed, M failed`; exits 1 on failure, 77 (skipped) when
python3-yaml or python3-jsonschema is missing.
"""
import glob
import json
import os
import re
import sys

try:
    import yaml
except ImportError as e:
    print(f"skipped: python3-yaml is not installed ({e})")
    sys.exit(77)
try:
    import jsonschema
    from jsonschema.exceptions import best_match
except ImportError as e:
    print(f"skipped: python3-jsonschema is not installed ({e})")
    sys.exit(77)
if not hasattr(jsonschema, "Draft202012Validator"):
    print("skipped: python3-jsonschema has no draft 2020-12 support (need 4.0 or later)")
    sys.exit(77)

BASE = """\
site: t
zones:
  internet: { subnets: ["0.0.0.0/0", "::/0"], trust: untrusted }
  servers:  { subnets: [10.1.0.0/24] }
hosts:
  fe01: { address: 10.1.0.11, roles: [front-end] }
  fe02: { address: 10.1.0.12, roles: [front-end] }
"""

LB = """\
devices:
  hlb:
    kind: load-balancer
    zone: servers
    virtual_servers:
      - { vip: 10.1.0.100, port: 443, pool: [10.1.0.11:443, 10.1.0.12:443] }
"""

FW = """\
devices:
  fw:
    kind: firewall
    interfaces: { outside: internet, inside: servers }
"""

# Valid sites: the schema must accept them.
VALID = [
    ("minimal site", "site: t\n"),
    ("base site with a load balancer and a service", BASE + LB +
     "services:\n  web-int: { vip: 10.1.0.100, members: [fe01, fe02], role: front-end-web-internal }\n"),
    ("scalar forms, IPv6, flags as words", """\
site: t
description: scalars where lists are allowed
sip_domains: example.com
parameters: { keep_crls_up_to_date_for_peers: "off", allow_federated_users: true }
zones:
  v6:  { subnets: "2001:db8::/32", tags: clients, trust: dmz, transit: false }
  one: { subnets: 192.0.2.1 }
hosts:
  h1: { address: "2001:db8::10", zone: v6, roles: edge }
  h2: { addresses: { internal: 192.0.2.1, external: "2001:db8::11" } }
services:
  s: { vip: "2001:db8::100", members: h1, device: lb }
devices:
  lb:
    kind: reverse-proxy
    vendor: flowaudit-yaml
    zone: v6
    interfaces: { public: one }
    virtual_servers:
      - { vip: "2001:db8::100", port: "443", protocol: tcp, pool: ["[2001:db8::10]:4443"], snat: none }
      - { vip: "2001:db8::100", port: 80, redirect: "https://%host%%uri%", status: 302 }
      - { vip: "2001:db8::100", port: 8443, reject: true, description: closed }
policies: lync-2013
"""),
    ("inline firewall with every rule and NAT form", BASE + FW + """\
    nat:
      - { name: fwd, from: internet, dst: 203.0.113.5, service: tcp/443, translate_destination: "10.1.0.11:443" }
      - { to: internet, src: [10.1.0.0/24], translate_source: 203.0.113.1 }
      - { dst: "2001:db8::1", translate_destination: "[2001:db8::2]:8443" }
    rules:
      - { name: r1, from: [internet], to: servers, src: any, dst: [10.1.0.11, 10.1.0.12/32],
          service: [tcp/80, tcp/50000-59999, udp/3478, icmp, icmp/8, icmpv6/128, gre, 47, 6/443], action: permit, log: true }
      - { from: any, service: any, action: reject, description: the rest }
    default: drop
"""),
    ("device with a config file", BASE + """\
devices:
  fw: { kind: router, vendor: iptables, config: configs/fw.rules, interfaces: { eth0: servers } }
"""),
]

# Broken sites: the schema must reject them. The comment is what `flowaudit check` says.
BROKEN = [
    # unknown key 'memebers' in service 'web-int'; did you mean 'members'?
    ("misspelt service key", BASE + LB + "services:\n  web-int: { vip: 10.1.0.100, memebers: [fe01] }\n"),
    # the site file needs 'site'
    ("no site name", "zones: { a: { subnets: [10.0.0.0/8] } }\n"),
    # unknown key 'sites' in the site file; did you mean 'site'?
    ("unknown top-level key", "site: t\nsites: x\n"),
    # unknown parameter 'keep_crl'
    ("unknown parameter", "site: t\nparameters: { keep_crl: true }\n"),
    # allow_federated_users must be true or false
    ("parameter not a boolean", "site: t\nparameters: { allow_federated_users: maybe }\n"),
    # zone 'a' needs 'subnets'
    ("zone without subnets", "site: t\nzones: { a: { tags: [x] } }\n"),
    # prefix length 33 is out of range 0-32 for IPv4
    ("prefix length too long", "site: t\nzones: { a: { subnets: [10.0.0.0/33] } }\n"),
    # unknown trust 'untrustd'; expected trusted, untrusted or dmz; did you mean 'untrusted'?
    ("unknown trust", "site: t\nzones: { a: { subnets: [10.0.0.0/8], trust: untrustd } }\n"),
    # '10.1.0.999' is not an IP address
    ("bad host address", BASE + "  h: { address: 10.1.0.999 }\n"),
    # host 'h' needs 'address' or 'addresses', not both
    ("host with address and addresses", BASE + "  h: { address: 10.1.0.1, addresses: { a: 10.1.0.2 } }\n"),
    # host 'h' needs 'address' or a mapping 'addresses'
    ("host without address", BASE + "  h: { roles: [edge] }\n"),
    # '10.1.0.100/32' is not an IP address
    ("service VIP is a prefix", BASE + "services:\n  s: { vip: 10.1.0.100/32 }\n"),
    # device 'hlb' needs 'kind'
    ("device without kind", BASE + LB.replace("    kind: load-balancer\n", "")),
    # unknown device kind 'balancer'
    ("unknown device kind", BASE + LB.replace("load-balancer", "balancer")),
    # device 'hlb' needs 'interfaces' (interface: zone) or 'zone'
    ("device without interfaces or zone", BASE + LB.replace("    zone: servers\n", "")),
    # device 'fw' names vendor 'iptables' but no config
    ("inline device with a vendor", BASE + FW + "    vendor: iptables\n    rules: []\n"),
    # device 'fw' has both a config file and inline rules
    ("config file and inline rules", BASE + FW + "    config: configs/fw.rules\n    rules: []\n"),
    # a rule needs 'action'
    ("rule without action", BASE + FW + "    rules: [ { from: servers } ]\n"),
    # unknown action 'permitt'; expected permit, deny or reject
    ("unknown rule action", BASE + FW + "    rules: [ { from: servers, action: permitt } ]\n"),
    # unknown key 'frm' in rule; did you mean 'from'?
    ("misspelt rule key", BASE + FW + "    rules: [ { frm: servers, action: permit } ]\n"),
    # port 70000 is out of range 0-65535
    ("port out of range", BASE + FW + "    rules: [ { service: [tcp/80, tcp/70000], action: permit } ]\n"),
    # unknown protocol 'tpc'
    ("unknown protocol", BASE + FW + "    rules: [ { service: tpc/80, action: permit } ]\n"),
    # a nat entry needs exactly one of translate_destination, translate_source
    ("NAT entry with two translations", BASE + FW +
     "    nat: [ { translate_destination: 10.1.0.11, translate_source: 10.1.0.1 } ]\n"),
    # a virtual server needs exactly one of pool, redirect, reject
    ("virtual server with pool and redirect", BASE + LB.replace(
        "pool: [10.1.0.11:443, 10.1.0.12:443]", "pool: [10.1.0.11:443], redirect: 'https://x/'")),
    # a virtual server needs 'port'
    ("virtual server without port", BASE + LB.replace("port: 443, ", "")),
    # status 200 is out of range 300-399
    ("redirect status out of range", BASE + LB.replace(
        "pool: [10.1.0.11:443, 10.1.0.12:443]", "redirect: 'https://x/', status: 200")),
    # snat must be an address or none, got 'auto'
    ("snat neither address nor none", BASE + LB.replace(" }\n", ", snat: auto }\n")),
]

# Broken standalone flowaudit-yaml config files.
BROKEN_FILES = [
    # unknown key 'description' in device
    ("description in a config file", "description: x\nvirtual_servers: []\n"),
    # unknown key 'persist' in virtual server
    ("unknown virtual server key",
     "virtual_servers: [ { vip: 10.1.0.100, port: 80, pool: [10.1.0.11], persist: x } ]\n"),
]

MARKER = re.compile(r"^<!--\s*validate:\s*(site|device-file)\s*-->\s*$")


class Runner:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def result(self, ok, name, detail=""):
        if ok:
            self.passed += 1
            print(f"ok    {name}")
        else:
            self.failed += 1
            print(f"FAIL  {name}" + (f": {detail}" if detail else ""))

    def expect_valid(self, validator, name, text):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            self.result(False, name, f"YAML error: {e}")
            return
        error = best_match(validator.iter_errors(data))
        if error is None:
            self.result(True, name)
        else:
            where = "/".join(str(p) for p in error.absolute_path) or "(top)"
            self.result(False, name, f"{where}: {error.message}")

    def expect_invalid(self, validator, name, text):
        data = yaml.safe_load(text)
        self.result(not validator.is_valid(data), "rejects " + name,
                    "the schema accepts it")


def doc_blocks(path):
    """(kind, line, text) of each fenced YAML block preceded by a validate marker."""
    lines = open(path, encoding="utf-8").read().split("\n")
    blocks = []
    i = 0
    while i < len(lines):
        m = MARKER.match(lines[i])
        if m and i + 1 < len(lines) and lines[i + 1].strip().startswith("```"):
            start = i + 2
            end = start
            while end < len(lines) and not lines[end].strip().startswith("```"):
                end += 1
            blocks.append((m.group(1), start + 1, "\n".join(lines[start:end]) + "\n"))
            i = end
        i += 1
    return blocks


def is_flowaudit_yaml(device, path):
    vendor = device.get("vendor")
    if vendor is not None:
        return vendor == "flowaudit-yaml"
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        return False
    return "virtual_servers:" in text or ("rules:" in text and "action:" in text)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", ".."))
    schema_path = os.path.join(root, "docs", "site.schema.json")
    run = Runner()

    try:
        schema = json.load(open(schema_path, encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        run.result(True, "docs/site.schema.json is a valid draft 2020-12 schema")
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        run.result(False, "docs/site.schema.json is a valid draft 2020-12 schema", str(e))
        print(f"{run.passed} passed, {run.failed} failed")
        return 1

    site = jsonschema.Draft202012Validator(schema)
    device_file = jsonschema.Draft202012Validator(
        {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/deviceFile"})

    sites = sorted(glob.glob(os.path.join(root, "examples", "*", "site*.yaml")))
    run.result(bool(sites), "examples/*/site*.yaml exist", f"none under {root}/examples")
    for path in sites:
        rel = os.path.relpath(path, root)
        text = open(path, encoding="utf-8").read()
        run.expect_valid(site, rel, text)
        data = yaml.safe_load(text)
        devices = data.get("devices") if isinstance(data, dict) else None
        for name, device in (devices or {}).items():
            if not isinstance(device, dict) or not isinstance(device.get("config"), str):
                continue
            config = os.path.normpath(os.path.join(os.path.dirname(path), device["config"]))
            if not is_flowaudit_yaml(device, config):
                continue
            try:
                config_text = open(config, encoding="utf-8").read()
            except OSError as e:
                run.result(False, os.path.relpath(config, root), f"cannot read: {e}")
                continue
            run.expect_valid(device_file, os.path.relpath(config, root), config_text)

    for path in sorted(glob.glob(os.path.join(root, "docs", "*.md"))):
        for kind, line, text in doc_blocks(path):
            name = f"{os.path.relpath(path, root)}:{line} ({kind})"
            run.expect_valid(site if kind == "site" else device_file, name, text)

    for name, text in VALID:
        run.expect_valid(site, "accepts " + name, text)
    for name, text in BROKEN:
        run.expect_invalid(site, name, text)
    for name, text in BROKEN_FILES:
        run.expect_invalid(device_file, name, text)

    print(f"{run.passed} passed, {run.failed} failed")
    return 1 if run.failed else 0


if __name__ == "__main__":
    sys.exit(main())
