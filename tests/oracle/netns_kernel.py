#!/usr/bin/python3
"""The Linux kernel as the reference for iptables verdicts.

Loads an iptables-save ruleset into a private network namespace, injects probe
packets, and reports which ones the INPUT or FORWARD chain accepted.

Topology (all namespaces are ours, named fa-<pid>-<n>-<role>; nothing touches the
host's namespace):

    <p>-snd  snd0/snd1/snd2 ==veth==  fa-in0/fa-in1/fa-in12   <p>-fw
                                      fa-out0/fa-out1 ==veth== sink0/sink1  <p>-sink
                                                                (FORWARD only)

Frames are written with AF_PACKET on the sender's veth ends, so the sender's own
routing never matters. In the firewall namespace an extra nft table (fa_oracle)
records each probe's marker (IPv4 `ip id`, IPv6 `ip6 flowlabel`) in three sets:
  seen     prerouting, priority -450: the frame was received (else: resend it);
  reached  the chain's hook, priority -10, before iptables (priority 0): routing
           delivered it to the hook we test (else: the probe is unusable);
  acc      the same hook, priority +10: iptables accepted it (a drop or reject in
           an earlier base chain on the hook ends the packet, an accept does not).
FORWARD probes choose their egress with a packet mark set from the marker
(fwmark 1 routes via fa-out1); INPUT makes every destination local.

Every probe is the first packet of its connection: probes whose connections could
meet in conntrack (same or reversed endpoints) go into separate rounds and the
conntrack table is flushed between rounds; all locally generated packets (RSTs,
ICMP errors from REJECT) are dropped before conntrack sees them.

Module use:  with Firewall(4, "INPUT") as fw: fw.verdicts(rules_text, probes)
CLI:         netns_kernel.py --family 4 --chain INPUT --rules R --packets P
             netns_kernel.py --selftest
"""

import argparse
import contextlib
import ctypes
import errno
import ipaddress
import itertools
import json
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Optional

INBOUND = ("fa-in0", "fa-in1", "fa-in12")  # fa-in1+ matches two of them
OUTBOUND = ("fa-out0", "fa-out1")
CHAINS = ("INPUT", "FORWARD")
NETNS_DIR = "/run/netns"
MAX_MARKERS = 65535  # ip id is 16 bits; marker 0 is never used
ROUND_WAIT_S = 3.0  # how long a round may take to show up in the seen set
SEND_ATTEMPTS = 3

PROTO_NAMES = {"tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58, "ipv6-icmp": 58}
PORT_PROTOS = (6, 17)
ICMP_PROTOS = (1, 58)
# MLD (130-132, 143) and neighbour discovery (133-137) probes get hop limit 255, as
# real ND has (real MLD has 1, which FORWARD would drop before its hook). Both reach
# the INPUT hook with any hop limit: ND validation runs after it.
ICMP6_ND_MLD = (130, 131, 132, 133, 134, 135, 136, 137, 143)


class OracleError(RuntimeError):
    """The kernel side could not produce a trustworthy verdict."""


# ---------------------------------------------------------------------------
# Probe packets (the DESIGN §8 packets-file format)


@dataclass(frozen=True)
class Probe:
    src: ipaddress._BaseAddress
    dst: ipaddress._BaseAddress
    proto: int
    dport: Optional[int] = None  # tcp/udp only
    sport: Optional[int] = None  # tcp/udp only
    icmp_type: Optional[int] = None
    icmp_code: Optional[int] = None
    iif: str = INBOUND[0]
    oif: Optional[str] = None
    line: str = ""

    @property
    def family(self):
        return self.src.version


def _int_in(text, lo, hi, what):
    if not re.fullmatch(r"\d+", text) or not lo <= int(text) <= hi:
        raise ValueError(f"bad {what} {text!r}")
    return int(text)


def parse_probe(line):
    """One packets-file line: SRC DST PROTO DPORT [SPORT] [in=IF] [out=IF] [k=v]..."""
    words = line.split()
    if len(words) < 4:
        raise ValueError(f"expected SRC DST PROTO DPORT: {line!r}")
    src, dst = ipaddress.ip_address(words[0]), ipaddress.ip_address(words[1])
    if src.version != dst.version:
        raise ValueError(f"mixed address families: {line!r}")
    proto_word = words[2].lower()
    proto = PROTO_NAMES.get(proto_word)
    if proto is None:
        proto = _int_in(proto_word, 0, 255, "protocol")
    fields = {"src": src, "dst": dst, "proto": proto, "line": line.strip()}
    rest = words[4:]
    if proto in PORT_PROTOS:
        fields["dport"] = _int_in(words[3], 0, 65535, "port")
        if rest and "=" not in rest[0]:
            fields["sport"] = _int_in(rest.pop(0), 0, 65535, "source port")
        else:
            fields["sport"] = 40000
    elif proto in ICMP_PROTOS:
        type_text, _, code_text = words[3].partition("/")
        fields["icmp_type"] = _int_in(type_text, 0, 255, "icmp type")
        fields["icmp_code"] = _int_in(code_text or "0", 0, 255, "icmp code")
    elif words[3] != "-":
        raise ValueError(f"protocol {proto} has no ports, DPORT must be '-': {line!r}")
    for word in rest:
        key, eq, value = word.partition("=")
        if not eq:
            raise ValueError(f"unexpected {word!r}: {line!r}")
        if key == "in":
            fields["iif"] = value
        elif key == "out":
            fields["oif"] = value
    return Probe(**fields)


def parse_packets(text):
    probes = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not line.lstrip().startswith("#"):
            try:
                probes.append(parse_probe(line))
            except ValueError as error:
                raise ValueError(f"packets line {number}: {error}") from None
    return probes


# ---------------------------------------------------------------------------
# Frames with correct checksums (conntrack marks a bad checksum INVALID)


def inet_checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _pseudo_header(probe, length):
    if probe.family == 4:
        return probe.src.packed + probe.dst.packed + struct.pack("!BBH", 0, probe.proto, length)
    return probe.src.packed + probe.dst.packed + struct.pack("!I3xB", length, probe.proto)


def _with_checksum(header, offset, body, pseudo):
    message = header + body
    value = inet_checksum(pseudo + message)
    return message[:offset] + struct.pack("!H", value) + message[offset + 2:]


def transport_bytes(probe, marker):
    """The IP payload: the first packet of a connection for this protocol."""
    if probe.proto == 6:  # a bare SYN, the only thing a packets-file line can mean
        header = struct.pack("!HHIIBBHHH", probe.sport, probe.dport, marker * 7919,
                             0, 5 << 4, 0x02, 64240, 0, 0)
        return _with_checksum(header, 16, b"", _pseudo_header(probe, len(header)))
    if probe.proto == 17:
        body = struct.pack("!I", marker)
        header = struct.pack("!HHHH", probe.sport, probe.dport, 8 + len(body), 0)
        data = _with_checksum(header, 6, body, _pseudo_header(probe, 8 + len(body)))
        return data if data[6:8] != b"\0\0" else data[:6] + b"\xff\xff" + data[8:]
    if probe.proto in ICMP_PROTOS:
        # id = marker keeps echo tuples unique; the zero body is no valid
        # embedded IP header, so error types are never RELATED to anything.
        header = struct.pack("!BBHHH", probe.icmp_type, probe.icmp_code, 0, marker, 1)
        body = bytes(16)
        pseudo = b"" if probe.proto == 1 else _pseudo_header(probe, len(header) + len(body))
        return _with_checksum(header, 2, body, pseudo)
    if probe.proto == 47:  # GRE version 0 carrying IPv4
        return struct.pack("!HH", 0, 0x0800) + bytes(8)
    if probe.proto == 50:  # ESP: SPI, sequence number, opaque data
        return struct.pack("!II", 0x1000 + marker, 1) + bytes(8)
    if probe.proto == 51:  # AH (IPv4 only; in IPv6 it is an extension header)
        return struct.pack("!BBHII", 59, 2, 0, 0x1000 + marker, 1) + bytes(4)
    return struct.pack("!I", marker) + bytes(12)


def ip_packet(probe, marker):
    payload = transport_bytes(probe, marker)
    if probe.family == 4:
        header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), marker,
                             0x4000, 64, probe.proto, 0, probe.src.packed, probe.dst.packed)
        header = header[:10] + struct.pack("!H", inet_checksum(header)) + header[12:]
        return header + payload
    hop_limit = 255 if probe.proto == 58 and probe.icmp_type in ICMP6_ND_MLD else 64
    first_word = (6 << 28) | (marker & 0xFFFFF)
    header = struct.pack("!IHBB16s16s", first_word, len(payload), probe.proto, hop_limit,
                         probe.src.packed, probe.dst.packed)
    return header + payload


def ethernet_frame(dst_mac, src_mac, probe, marker):
    ethertype = 0x0800 if probe.family == 4 else 0x86DD
    return dst_mac + src_mac + struct.pack("!H", ethertype) + ip_packet(probe, marker)


def connection_key(probe, marker):
    """Probes with equal keys could share a conntrack entry (either direction)."""
    if probe.proto in ICMP_PROTOS:
        return ("icmp", marker)  # the id field is the marker: always unique
    ends = sorted([(probe.src.packed, probe.sport or 0), (probe.dst.packed, probe.dport or 0)])
    return (probe.proto, tuple(ends))


def plan_rounds(probes):
    """Index lists; within one round no two probes can meet in conntrack."""
    rounds, keys = [], []
    for index, probe in enumerate(probes):
        key = connection_key(probe, index + 1)
        for members, used in zip(rounds, keys):
            if key not in used:
                members.append(index)
                used.add(key)
                break
        else:
            rounds.append([index])
            keys.append({key})
    return rounds


# ---------------------------------------------------------------------------
# Namespaces


def run(argv, stdin=None, check=True):
    done = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=60)
    if check and done.returncode != 0:
        raise OracleError(f"{' '.join(argv)} failed ({done.returncode}): "
                          f"{done.stderr.strip() or done.stdout.strip()}")
    return done


def in_ns(ns, *argv):
    return ["ip", "netns", "exec", ns, *argv]


_libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000


def _setns(fd):
    if hasattr(os, "setns"):  # Python >= 3.12
        os.setns(fd, CLONE_NEWNET)
    elif _libc.setns(fd, CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "setns failed")


@contextlib.contextmanager
def inside_netns(name):
    """Run the block (this thread only) in namespace `name`: sockets opened here stay there."""
    home = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        target = os.open(os.path.join(NETNS_DIR, name), os.O_RDONLY)
        try:
            _setns(target)
        finally:
            os.close(target)
        try:
            yield
        finally:
            _setns(home)
    finally:
        os.close(home)


def list_namespaces():
    try:
        return sorted(os.listdir(NETNS_DIR))
    except FileNotFoundError:
        return []


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def cleanup_stale_namespaces():
    """Delete fa-* namespaces whose creating process is gone (or that name none)."""
    removed = []
    for name in list_namespaces():
        if not name.startswith("fa-"):
            continue
        match = re.match(r"fa-(\d+)-", name)
        if match and (int(match.group(1)) == os.getpid() or _pid_alive(int(match.group(1)))):
            continue
        run(["ip", "netns", "del", name], check=False)
        removed.append(name)
    return removed


def ensure_sbin_on_path():
    """ip, nft and *tables-restore live in sbin, which a test runner's PATH may lack."""
    parts = os.environ.get("PATH", "/usr/bin:/bin").split(":")
    os.environ["PATH"] = ":".join(parts + [d for d in ("/usr/sbin", "/sbin") if d not in parts])


def environment_problem():
    """Why the oracle cannot run here, or None."""
    if os.geteuid() != 0:
        return "needs root (network namespaces)"
    ensure_sbin_on_path()
    for tool in ("ip", "iptables-restore", "ip6tables-restore", "nft"):
        if not shutil.which(tool):
            return f"{tool} not found"
    name = f"fa-{os.getpid()}-probe"
    try:
        done = run(["ip", "netns", "add", name], check=False)
        if done.returncode != 0:
            return f"ip netns unavailable: {done.stderr.strip()}"
        done = run(in_ns(name, "nft", "list", "ruleset"), check=False)
        if done.returncode != 0:
            return f"nft unusable in a namespace: {done.stderr.strip()}"
    except (OSError, subprocess.SubprocessError) as error:
        return f"ip netns unavailable: {error}"
    finally:
        run(["ip", "netns", "del", name], check=False)
    return None


def _mac(role, index):
    return bytes([0x02, 0xFA, 0x00, role, 0x00, index])


def _mac_text(mac):
    return ":".join(f"{b:02x}" for b in mac)


# ---------------------------------------------------------------------------
# Conntrack flush over ctnetlink (conntrack-tools is not needed)

NETLINK_NETFILTER = 12
CT_DELETE = (1 << 8) | 2  # NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_DELETE
NLM_F_REQUEST, NLM_F_ACK = 1, 4
NLMSG_ERROR = 2


def flush_conntrack(sock, family):
    """A CT_DELETE without a tuple flushes the table of the socket's namespace."""
    nf_family = socket.AF_INET if family == 4 else socket.AF_INET6
    message = struct.pack("=IHHII", 20, CT_DELETE, NLM_F_REQUEST | NLM_F_ACK, 1, 0)
    message += struct.pack("=BBH", nf_family, 0, 0)
    sock.send(message)
    reply = sock.recv(4096)
    _, kind, _, _, _ = struct.unpack_from("=IHHII", reply)
    if kind == NLMSG_ERROR:
        (error,) = struct.unpack_from("=i", reply, 16)
        if error not in (0, -errno.ENOENT):
            raise OracleError(f"conntrack flush failed: {os.strerror(-error)}")


# ---------------------------------------------------------------------------
# The firewall


def oracle_nft(family, chain):
    """nft table that records what happens to each probe (see module doc)."""
    fam = "ip" if family == 4 else "ip6"
    key = "ip id" if family == 4 else "ip6 flowlabel"
    hook = "input" if chain == "INPUT" else "forward"
    where = 'iifname "fa-in*"' + (' oifname "fa-out*"' if chain == "FORWARD" else "")
    sets = "\n".join(f"  set {name} {{ typeof {key}; size 65535; flags dynamic; }}"
                     for name in ("seen", "reached", "acc"))
    return f"""table {fam} fa_oracle {{
{sets}
  set via1 {{ typeof {key}; size 65535; }}
  chain seen {{
    type filter hook prerouting priority -450;
    iifname "fa-in*" add @seen {{ {key} }}
  }}
  chain route {{
    type filter hook prerouting priority -150;
    iifname "fa-in*" {key} @via1 meta mark set 1
  }}
  chain reached {{
    type filter hook {hook} priority -10;
    {where} add @reached {{ {key} }}
  }}
  chain accepted {{
    type filter hook {hook} priority 10;
    {where} add @acc {{ {key} }}
  }}
  chain quiet {{
    type filter hook output priority -450; policy drop;
  }}
}}
"""


_topology_numbers = itertools.count(1)  # several topologies may live in one process


class Firewall:
    """One firewall namespace (plus sender and sink) for one family and chain.

    Reusable: each verdicts() call replaces the whole nft/iptables ruleset and
    flushes conntrack. Always use as a context manager: exit deletes everything.
    """

    def __init__(self, family, chain):
        if family not in (4, 6) or chain not in CHAINS:
            raise ValueError(f"unsupported family/chain {family}/{chain}")
        self.family, self.chain = family, chain
        prefix = f"fa-{os.getpid()}-{next(_topology_numbers)}"
        self.fw, self.snd, self.sink = f"{prefix}-fw", f"{prefix}-snd", f"{prefix}-sink"
        self.sockets = {}
        self.ct_sock = None

    # -- lifetime --
    def __enter__(self):
        try:
            self._create()
        except BaseException:
            self.destroy()
            raise
        return self

    def __exit__(self, *exc):
        self.destroy()

    def namespaces(self):
        return [self.fw, self.snd] + ([self.sink] if self.chain == "FORWARD" else [])

    def destroy(self):
        for sock in list(self.sockets.values()) + [self.ct_sock]:
            if sock is not None:
                sock.close()
        self.sockets, self.ct_sock = {}, None
        for ns in self.namespaces():
            if os.path.exists(os.path.join(NETNS_DIR, ns)):
                run(["ip", "netns", "del", ns], check=False)

    def _create(self):
        forward = self.chain == "FORWARD"
        for ns in self.namespaces():
            run(["ip", "netns", "add", ns])
        for ns in self.namespaces()[1:]:  # silent ends: no IPv6 chatter towards the firewall
            run(in_ns(ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1",
                      "net.ipv6.conf.default.disable_ipv6=1"))
        run(in_ns(self.fw, "sysctl", "-qw", *self._fw_sysctls(forward)))
        run(["ip", "-n", self.fw, "-batch", "-"], stdin=self._fw_links(forward))
        run(["ip", f"-{self.family}", "-n", self.fw, "-batch", "-"], stdin=self._fw_routes(forward))
        peers = [f"link set snd{i} up" for i in range(len(INBOUND))]
        run(["ip", "-n", self.snd, "-batch", "-"], stdin="\n".join(peers) + "\n")
        if forward:
            sinks = [f"link set sink{i} up" for i in range(len(OUTBOUND))]
            run(["ip", "-n", self.sink, "-batch", "-"], stdin="\n".join(sinks) + "\n")
        with inside_netns(self.snd):
            for i, name in enumerate(INBOUND):
                sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
                sock.bind((f"snd{i}", 0))
                self.sockets[name] = sock
        with inside_netns(self.fw):
            self.ct_sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_NETFILTER)
            self.ct_sock.settimeout(5)

    def _fw_sysctls(self, forward):
        flag = "1" if forward else "0"
        v6_off = "1" if self.family == 4 else "0"
        values = {
            "net.ipv4.ip_forward": flag,
            "net.ipv4.conf.all.rp_filter": "0", "net.ipv4.conf.default.rp_filter": "0",
            # INPUT makes every address local, the probe sources included
            "net.ipv4.conf.all.accept_local": "1", "net.ipv4.conf.default.accept_local": "1",
            "net.ipv6.conf.all.disable_ipv6": v6_off, "net.ipv6.conf.default.disable_ipv6": v6_off,
            "net.ipv6.conf.all.forwarding": flag, "net.ipv6.conf.default.forwarding": flag,
            "net.ipv6.conf.default.accept_dad": "0", "net.ipv6.conf.default.accept_ra": "0",
        }
        return [f"{k}={v}" for k, v in values.items()]

    def _fw_links(self, forward):
        lines = ["link set lo up"]
        for i, name in enumerate(INBOUND):
            lines.append(f"link add {name} address {_mac_text(_mac(1, i))} type veth "
                         f"peer name snd{i} address {_mac_text(_mac(2, i))} netns {self.snd}")
            lines.append(f"link set {name} up")
        if forward:
            for i, name in enumerate(OUTBOUND):
                lines.append(f"link add {name} address {_mac_text(_mac(3, i))} type veth "
                             f"peer name sink{i} address {_mac_text(_mac(4, i))} netns {self.sink}")
                # NOARP: the next hop needs no neighbour resolution, frames just leave
                lines.append(f"link set {name} arp off up")
        return "\n".join(lines) + "\n"

    def _fw_routes(self, forward):
        """Batch for `ip -4|-6`: INPUT makes everything local, FORWARD routes by mark."""
        if not forward:
            return f"route add local {'::/0' if self.family == 6 else '0.0.0.0/0'} dev lo\n"
        return (f"route add default dev {OUTBOUND[0]}\n"
                f"route add default dev {OUTBOUND[1]} table 101\n"
                "rule add fwmark 1 lookup 101 pref 100\n")

    # -- one ruleset --
    def load(self, rules_text, via1=(), syntax="iptables"):
        """Replace everything: oracle table (with the markers routed via fa-out1), then
        the ruleset via *tables-restore (syntax "iptables"), `nft -f` (syntax "nft") or
        `nft -j -f` (syntax "nft-json"; for nft its base chains must sit between the
        oracle's priorities -10 and 10, and it must not flush the ruleset); and start with
        an empty conntrack table."""
        script = "flush ruleset\n" + oracle_nft(self.family, self.chain)
        if via1:
            script += f"add element {self.nft_family} fa_oracle via1 {{ {', '.join(map(str, via1))} }}\n"
        run(in_ns(self.fw, "nft", "-f", "-"), stdin=script)
        if syntax == "nft":
            run(in_ns(self.fw, "nft", "-f", "-"), stdin=rules_text)
        elif syntax == "nft-json":
            run(in_ns(self.fw, "nft", "-j", "-f", "-"), stdin=rules_text)
        else:
            restore = "iptables-restore" if self.family == 4 else "ip6tables-restore"
            run(in_ns(self.fw, restore), stdin=rules_text)
        flush_conntrack(self.ct_sock, self.family)

    @property
    def nft_family(self):
        return "ip" if self.family == 4 else "ip6"

    def check_probe(self, probe):
        if probe.family != self.family:
            raise OracleError(f"IPv{probe.family} probe for an IPv{self.family} firewall: {probe.line}")
        if probe.iif not in INBOUND:
            raise OracleError(f"in= must be one of {', '.join(INBOUND)}: {probe.line}")
        if self.chain == "FORWARD" and probe.oif not in (None,) + OUTBOUND:
            raise OracleError(f"out= must be one of {', '.join(OUTBOUND)}: {probe.line}")
        if self.family == 6 and probe.proto == 51:
            raise OracleError(f"IPv6 AH is an extension header, not a probe protocol: {probe.line}")

    def verdicts(self, rules_text, probes, syntax="iptables"):
        """'permit' or 'deny' per probe, in order."""
        for probe in probes:
            self.check_probe(probe)
        if not probes:
            self.load(rules_text, syntax=syntax)  # still refuse a ruleset the kernel refuses
        results = []
        for start in range(0, len(probes), MAX_MARKERS - 1):
            results += self._run_batch(rules_text, probes[start:start + MAX_MARKERS - 1], syntax)
        return results

    def _run_batch(self, rules_text, probes, syntax):
        markers = range(1, len(probes) + 1)
        via1 = [m for m, p in zip(markers, probes) if self.chain == "FORWARD" and p.oif == OUTBOUND[1]]
        self.load(rules_text, via1, syntax)
        for number, members in enumerate(plan_rounds(probes)):
            if number:
                flush_conntrack(self.ct_sock, self.family)
            sets = self._deliver(probes, members)
        if any(m not in sets["reached"] for m in markers):
            time.sleep(0.05)  # the hooks after prerouting run microseconds later: look again
            sets = self.read_sets()
        lost = [probes[m - 1].line for m in markers if m not in sets["reached"]]
        if lost:
            raise OracleError(f"{len(lost)} probe(s) never reached the {self.chain} hook "
                              f"(kernel dropped them before filtering), e.g. {lost[:3]}")
        return ["permit" if m in sets["acc"] else "deny" for m in markers]

    def _deliver(self, probes, members):
        """Send a round, wait until every frame was received (resend lost ones); the sets."""
        pending = list(members)
        for _ in range(SEND_ATTEMPTS):
            for i in pending:
                probe = probes[i]
                index = INBOUND.index(probe.iif)
                self.sockets[probe.iif].send(ethernet_frame(_mac(1, index), _mac(2, index), probe, i + 1))
            deadline = time.monotonic() + ROUND_WAIT_S
            while True:
                sets = self.read_sets()
                pending = [i for i in pending if i + 1 not in sets["seen"]]
                if not pending or time.monotonic() > deadline:
                    break
                time.sleep(0.02)
            if not pending:
                return sets
        raise OracleError(f"{len(pending)} frame(s) never arrived, e.g. {probes[pending[0]].line}")

    def dump_json(self):
        """`nft -j list ruleset` of the loaded ruleset (a dict), without the oracle's table."""
        done = run(in_ns(self.fw, "nft", "-j", "list", "ruleset"))
        items = []
        for item in json.loads(done.stdout)["nftables"]:
            body = next(iter(item.values()))
            name = body.get("name") if "table" in item else body.get("table")
            if name != "fa_oracle":
                items.append(item)
        return {"nftables": items}

    def read_sets(self):
        """{set name: markers} for the oracle table, in one nft call."""
        done = run(in_ns(self.fw, "nft", "-j", "list", "table", self.nft_family, "fa_oracle"))
        sets = {}
        for item in json.loads(done.stdout)["nftables"]:
            if "set" in item:
                elements = item["set"].get("elem", [])
                sets[item["set"]["name"]] = {e["elem"]["val"] if isinstance(e, dict) else e
                                             for e in elements}
        return sets


def kernel_verdicts(family, chain, rules_text, probes):
    """One-shot helper: a fresh topology for one ruleset."""
    with Firewall(family, chain) as firewall:
        return firewall.verdicts(rules_text, probes)


# ---------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--family", type=int, choices=(4, 6))
    parser.add_argument("--chain", choices=CHAINS)
    parser.add_argument("--rules", help="iptables-save file")
    parser.add_argument("--packets", help="packets file (DESIGN §8 format)")
    parser.add_argument("--selftest", action="store_true", help="check the oracle on known cases")
    args = parser.parse_args(argv)
    problem = environment_problem()
    if problem:
        print(f"skipped: {problem}", file=sys.stderr)
        return 77
    cleanup_stale_namespaces()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks: no leftovers
    if args.selftest:
        sys.modules.setdefault("netns_kernel", sys.modules[__name__])  # one copy of the module
        import kernel_selftest  # the cases live apart: this file stays the mechanism
        return kernel_selftest.run()
    if not (args.family and args.chain and args.rules and args.packets):
        parser.error("--family, --chain, --rules and --packets are required")
    try:
        with open(args.rules) as f:
            rules = f.read()
        with open(args.packets) as f:
            probes = parse_packets(f.read())
        verdicts = kernel_verdicts(args.family, args.chain, rules, probes)
    except (OSError, ValueError, OracleError) as error:
        print(f"netns_kernel: {error}", file=sys.stderr)
        return 2
    for index, verdict in enumerate(verdicts):
        print(json.dumps({"index": index, "verdict": verdict}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
