// The Cisco ASA importer: objects and groups, extended ACEs on concrete first packets
// (Filter::Evaluate names the deciding line), access-group bindings and the security-level
// rule on the forward pipeline, and every diagnostic with its exact text.
#include <doctest/doctest.h>

#include <string>

#include "importers/cisco_asa/cisco_asa_importer.h"
#include "importers/importer.h"
#include "models/forwarding.h"
#include "tests/importers/importer_test_util.h"

namespace flowaudit {
namespace {

using namespace flowaudit::testing;

Imported Import(std::string_view text) {
  CiscoAsaImporter importer;
  return ImportText(importer, "asa.cfg", text);
}

Imported ImportClean(std::string_view text) {
  Imported out = Import(text);
  CHECK_MESSAGE(out.diagnostics.All().empty(), out.Messages());
  return out;
}

std::string Errors(std::string_view text) { return Import(text).Messages(); }

// The first diagnostic only (a bad entry also gets the summary note about UNKNOWN entries).
std::string FirstError(std::string_view text) {
  Imported fw = Import(text);
  return fw.diagnostics.All().empty() ? "" : FormatDiagnostic(fw.diagnostics.All().front());
}

std::string Describe(const Decision& d) {
  std::string out = VerdictName(d.verdict);
  if (d.rule && d.rule->location.IsValid()) {
    out += " line " + std::to_string(d.rule->location.Start().line);
  } else if (d.rule) {
    out += " (" + d.rule->label + ")";
  } else {
    out += " (" + d.action.name + ")";
  }
  return out;
}

// "permit line 7", "deny (implicit deny)", "unknown line 3": the verdict and what decided it.
std::string Verdict(const Imported& fw, const std::string& filter, const Packet& packet) {
  return Describe(fw.filter(filter).Evaluate(packet, {}));
}

// The forward pipeline from nameif `in` to nameif `out`: the first stage that does not
// permit decides; when all permit, the last one is named.
std::string Forward(const Imported& fw, const Packet& packet, const std::string& in,
                    const std::string& out) {
  MatchContext context;
  context.in_interface = in;
  context.out_interface = out;
  std::string last = "no stages";
  for (const Stage& stage : fw.device.forward) {
    Decision d = stage.filter.Evaluate(packet, context);
    last = stage.filter.name() + ": " + Describe(d);
    if (d.verdict != Verdict::kPermit) return last;
  }
  return last;
}

constexpr const char* kInterfaces = R"CFG(interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 203.0.113.1 255.255.255.0
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 10.0.0.1 255.255.255.0
interface GigabitEthernet0/2
 nameif dmz
 security-level 50
 ip address 198.51.100.1 255.255.255.0
)CFG";

TEST_CASE("cisco-asa: objects, groups and names in extended ACEs") {
  Imported fw = ImportClean(R"CFG(: Saved
ASA Version 9.8(4)
!
hostname fw1
names
name 192.0.2.13 WEB01 description legacy alias
object network WEB01
 host 192.0.2.5
object network NET-DMZ
 subnet 198.51.100.0 255.255.255.0
object network POOL
 range 203.0.113.10 203.0.113.20
object-group network SERVERS
 description web servers
 network-object object WEB01
 network-object host 192.0.2.14
 network-object 192.0.2.64 255.255.255.192
 group-object MORE
object-group network MORE
 network-object object POOL
object-group service WEB-PORTS tcp
 port-object eq www
 port-object range 8443 8444
access-list OUTSIDE_IN remark allow web
access-list OUTSIDE_IN extended permit tcp any object-group SERVERS object-group WEB-PORTS
access-list OUTSIDE_IN extended permit tcp any host WEB01 eq https log interval 1
access-list OUTSIDE_IN extended permit tcp any object WEB01 eq ssh log 6 interval 300
access-list OUTSIDE_IN extended permit udp any object NET-DMZ eq domain
access-list OUTSIDE_IN extended deny ip any any log
)CFG");
  // Groups, nested groups (MORE is defined after its use) and typed port groups.
  CHECK(Verdict(fw, "OUTSIDE_IN", Tcp("198.51.100.1", "192.0.2.14", 80)) == "permit line 25");
  CHECK(Verdict(fw, "OUTSIDE_IN", Tcp("198.51.100.1", "192.0.2.100", 8444)) == "permit line 25");
  CHECK(Verdict(fw, "OUTSIDE_IN", Tcp("198.51.100.1", "192.0.2.128", 80)) == "deny line 29");
  CHECK(Verdict(fw, "OUTSIDE_IN", Tcp("198.51.100.1", "203.0.113.20", 8443)) == "permit line 25");
  CHECK(Verdict(fw, "OUTSIDE_IN", Tcp("198.51.100.1", "203.0.113.21", 8443)) == "deny line 29");
  CHECK(Verdict(fw, "OUTSIDE_IN", Udp("198.51.100.1", "192.0.2.14", 80)) == "deny line 29");
  // `host WEB01` is the name (192.0.2.13); `object WEB01` is the object (192.0.2.5).
  CHECK(Verdict(fw, "OUTSIDE_IN", Tcp("198.51.100.1", "192.0.2.13", 443)) == "permit line 26");
  CHECK(Verdict(fw, "OUTSIDE_IN", Tcp("198.51.100.1", "192.0.2.5", 443)) == "deny line 29");
  CHECK(Verdict(fw, "OUTSIDE_IN", Tcp("198.51.100.1", "192.0.2.5", 22)) == "permit line 27");
  CHECK(Verdict(fw, "OUTSIDE_IN", Tcp("198.51.100.1", "192.0.2.5", 80)) == "permit line 25");
  CHECK(Verdict(fw, "OUTSIDE_IN", Udp("10.0.0.1", "198.51.100.77", 53)) == "permit line 28");
  // The ACL's own filter ends in the implicit deny; IPv6 packets meet it too.
  CHECK(Verdict(fw, "OUTSIDE_IN", Tcp("2001:db8::1", "2001:db8::2", 80)) == "deny line 29");
  CHECK(fw.filter("OUTSIDE_IN").entry().policy->name == "implicit deny");
  CHECK(fw.filter("OUTSIDE_IN").entry().rules.size() == 5);
}

TEST_CASE("cisco-asa: port operators are ASA's: lt and gt exclusive, range inclusive") {
  Imported fw = ImportClean(R"CFG(access-list A extended permit tcp any any lt 1024
access-list A extended permit tcp any any gt 60000
access-list A extended permit udp any eq 53 any neq 53
access-list A extended permit udp any any range bootps bootpc
access-list A extended permit tcp any range 1000 1001 any eq cifs
access-list A extended permit tcp any any eq kerberos
access-list A extended permit tcp any any eq lotusnotes
)CFG");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 1023)) == "permit line 1");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 1024)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 60000)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 60001)) == "permit line 2");
  CHECK(Verdict(fw, "A", Udp("10.0.0.1", "10.0.0.2", 54, 53)) == "permit line 3");
  CHECK(Verdict(fw, "A", Udp("10.0.0.1", "10.0.0.2", 53, 53)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Udp("10.0.0.1", "10.0.0.2", 67)) == "permit line 4");
  CHECK(Verdict(fw, "A", Udp("10.0.0.1", "10.0.0.2", 68)) == "permit line 4");
  CHECK(Verdict(fw, "A", Udp("10.0.0.1", "10.0.0.2", 69)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 3020, 1001)) == "permit line 5");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 3020, 1002)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 750)) == "permit line 1");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 1352)) == "permit line 7");
}

TEST_CASE("cisco-asa: service objects, untyped service groups, protocol and icmp-type groups") {
  Imported fw = ImportClean(R"CFG(object service SVC-ALT
 service tcp destination range 8080 8090
object service SVC-SRC
 service udp source eq 1024 destination eq 5000
object-group service MIXED
 service-object tcp destination eq https
 service-object udp destination range 33434 33534
 service-object object SVC-ALT
 service-object icmp echo
object-group protocol TCPUDP
 protocol-object tcp
 protocol-object udp
object-group icmp-type PINGS
 icmp-object echo
 icmp-object echo-reply
object-group service BOTH tcp-udp
 port-object eq domain
access-list A extended permit object-group MIXED any host 10.1.0.1
access-list A extended permit object SVC-SRC any host 10.1.0.2
access-list A extended permit object-group TCPUDP any host 10.1.0.3 eq sip
access-list A extended permit icmp any host 10.1.0.4 object-group PINGS
access-list A extended permit icmp any host 10.1.0.5 unreachable
access-list A extended permit tcp any host 10.1.0.6 object-group BOTH
access-list A extended permit 47 any host 10.1.0.7
access-list A extended permit gre any host 10.1.0.8
)CFG");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.1.0.1", 443)) == "permit line 18");
  CHECK(Verdict(fw, "A", Udp("10.0.0.1", "10.1.0.1", 443)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Udp("10.0.0.1", "10.1.0.1", 33534)) == "permit line 18");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.1.0.1", 8085)) == "permit line 18");
  CHECK(Verdict(fw, "A", Icmp("10.0.0.1", "10.1.0.1", 8)) == "permit line 18");
  CHECK(Verdict(fw, "A", Icmp("10.0.0.1", "10.1.0.1", 0)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Udp("10.0.0.1", "10.1.0.2", 5000, 1024)) == "permit line 19");
  CHECK(Verdict(fw, "A", Udp("10.0.0.1", "10.1.0.2", 5000, 1025)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.1.0.3", 5060)) == "permit line 20");
  CHECK(Verdict(fw, "A", Udp("10.0.0.1", "10.1.0.3", 5060)) == "permit line 20");
  CHECK(Verdict(fw, "A", Udp("10.0.0.1", "10.1.0.3", 5061)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Icmp("10.0.0.1", "10.1.0.4", 0)) == "permit line 21");
  CHECK(Verdict(fw, "A", Icmp("10.0.0.1", "10.1.0.4", 3)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Icmp("10.0.0.1", "10.1.0.5", 3, 1)) == "permit line 22");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.1.0.6", 53)) == "permit line 23");
  CHECK(Verdict(fw, "A", Udp("10.0.0.1", "10.1.0.6", 53)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Make("10.0.0.1", "10.1.0.7", protocol::kGre)) == "permit line 24");
  CHECK(Verdict(fw, "A", Make("10.0.0.1", "10.1.0.8", protocol::kGre)) == "permit line 25");
}

TEST_CASE("cisco-asa: any4 / any6, IPv6 prefixes and non-contiguous masks") {
  Imported fw = ImportClean(R"CFG(access-list A extended deny tcp any4 any eq 23
access-list A extended permit tcp any6 2001:db8:10::/64 eq 80
access-list A extended permit ip 128.168.0.0 191.255.255.128 any
access-list A extended permit ip host 2001:db8::5 any
)CFG");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 23)) == "deny line 1");
  CHECK(Verdict(fw, "A", Tcp("2001:db8::1", "2001:db8::2", 23)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Tcp("2001:db8::1", "2001:db8:10::9", 80)) == "permit line 2");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "2001:db8:10::9", 80)) == "deny (implicit deny)");
  // Non-contiguous: bit 30 and the low 7 bits are free.
  CHECK(Verdict(fw, "A", Tcp("192.168.0.5", "10.0.0.2", 80)) == "permit line 3");
  CHECK(Verdict(fw, "A", Tcp("128.168.0.127", "10.0.0.2", 80)) == "permit line 3");
  CHECK(Verdict(fw, "A", Tcp("128.168.0.128", "10.0.0.2", 80)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Tcp("2001:db8::5", "10.0.0.2", 80)) == "permit line 4");
  // The symbolic evaluator agrees with the concrete one on these conditions.
  PacketSet permitted =
      fw.filter("A").Analyze(PacketSet::All(), {}).WithVerdict(flowaudit::Verdict::kPermit);
  for (const Packet& p : {Tcp("10.0.0.1", "10.0.0.2", 23), Tcp("2001:db8::1", "2001:db8:10::9", 80),
                          Tcp("10.0.0.1", "2001:db8:10::9", 80), Tcp("192.168.0.5", "10.0.0.2", 80),
                          Tcp("128.168.0.128", "10.0.0.2", 80), Tcp("2001:db8::5", "10.0.0.2", 80),
                          Tcp("2001:db8::6", "10.0.0.2", 80)}) {
    CHECK_MESSAGE(permitted.Contains(p) ==
                      (fw.filter("A").Evaluate(p, {}).verdict == flowaudit::Verdict::kPermit),
                  p.ToString());
  }
}

TEST_CASE("cisco-asa: remarks, inactive entries and time-ranges") {
  Imported fw = Import(R"CFG(access-list A remark permit web to the DMZ
access-list A extended permit tcp any any eq 80 inactive
access-list A extended permit tcp any any eq 81 time-range WORKHOURS
access-list A extended permit tcp any any eq 82 log disable
)CFG");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 80)) == "deny (implicit deny)");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 81)) == "unknown (implicit deny)");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 82)) == "permit line 4");
  CHECK(fw.filter("A").entry().rules.size() == 2);
  CHECK(fw.Messages() ==
        R"(asa.cfg:3:1: warning: time-range 'WORKHOURS' is not modelled: the entry is UNKNOWN
access-list A extended permit tcp any any eq 81 time-range WORKHOURS
^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
asa.cfg:1:1: note: imported 2 access-list entries; 1 entry contains constructs flowaudit does not understand (UNKNOWN)
access-list A remark permit web to the DMZ
^
)");
}

TEST_CASE("cisco-asa: fqdn objects and interface operands") {
  Imported fw = Import(std::string(kInterfaces) + R"CFG(object network CDN
 fqdn v4 cdn.example.com
access-list A extended permit tcp any object CDN eq 443
access-list A extended permit tcp any interface dmz eq 22
)CFG");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "192.0.2.1", 443)) == "unknown (implicit deny)");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "198.51.100.1", 22)) == "permit line 16");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "198.51.100.2", 22)) == "deny (implicit deny)");
}

TEST_CASE("cisco-asa: access-group in and out, then the global ACL, then security levels") {
  Imported fw =
      ImportClean(std::string(kInterfaces) +
                  R"CFG(access-list OUTSIDE_IN extended permit tcp any host 198.51.100.10 eq www
access-list OUTSIDE_IN extended deny tcp any host 198.51.100.11 eq www
access-list DMZ_OUT extended deny tcp any any eq 8080
access-list DMZ_OUT extended permit ip any any
access-list GLOBAL extended permit tcp any any eq 8080
access-list GLOBAL extended permit tcp any host 198.51.100.11 eq www
access-group OUTSIDE_IN in interface outside
access-group DMZ_OUT out interface dmz
access-group GLOBAL global
)CFG");
  // The interface ACL first; where none of its entries match, the global ACL.
  CHECK(Forward(fw, Tcp("192.0.2.1", "198.51.100.10", 80), "outside", "dmz") ==
        "outbound access: permit line 16");
  CHECK(Forward(fw, Tcp("192.0.2.1", "198.51.100.11", 80), "outside", "dmz") ==
        "inbound access: deny line 14");
  CHECK(Forward(fw, Tcp("192.0.2.1", "198.51.100.12", 443), "outside", "dmz") ==
        "inbound access: deny (implicit deny)");
  // The outbound ACL of the egress interface still applies after the global permit.
  CHECK(Forward(fw, Tcp("192.0.2.1", "198.51.100.12", 8080), "outside", "dmz") ==
        "outbound access: deny line 15");
  CHECK(Forward(fw, Tcp("192.0.2.1", "10.0.0.5", 8080), "outside", "inside") ==
        "outbound access: permit (no outbound access-list)");
  // Without an inbound ACL the global ACL applies, not the security levels.
  CHECK(Forward(fw, Tcp("10.0.0.5", "192.0.2.1", 80), "inside", "outside") ==
        "inbound access: deny (implicit deny)");
  CHECK(Forward(fw, Tcp("10.0.0.5", "192.0.2.1", 8080), "inside", "outside") ==
        "outbound access: permit (no outbound access-list)");
  // Per-interface views for `flowaudit query`.
  CHECK(Verdict(fw, "outside:in", Tcp("192.0.2.1", "198.51.100.12", 8080)) == "permit line 17");
  CHECK(Verdict(fw, "dmz:out", Tcp("192.0.2.1", "198.51.100.12", 8080)) == "deny line 15");
  CHECK(Verdict(fw, "OUTSIDE_IN", Tcp("192.0.2.1", "198.51.100.12", 8080)) ==
        "deny (implicit deny)");
  CHECK(fw.device.filters.count("inside:in") == 0);
}

TEST_CASE("cisco-asa: without ACLs the security levels decide") {
  Imported fw = ImportClean(std::string(kInterfaces) + R"CFG(interface GigabitEthernet0/3
 nameif partner
 security-level 50
access-list OUTSIDE_IN extended permit tcp any any eq 22
access-group OUTSIDE_IN in interface outside
)CFG");
  Packet p = Tcp("10.0.0.5", "192.0.2.1", 80);
  CHECK(Forward(fw, p, "inside", "outside") ==
        "inbound access: permit (security-level 100 (inside) to 0 (outside))");
  CHECK(Forward(fw, p, "dmz", "inside") ==
        "inbound access: deny (security-level 50 (dmz) to 100 (inside))");
  CHECK(Forward(fw, p, "dmz", "partner") ==
        "inbound access: deny (security-level 50 (dmz) to 50 (partner))");
  CHECK(Forward(fw, p, "dmz", "dmz") ==
        "inbound access: deny (security-level 50 (dmz) to 50 (dmz))");
  // An inbound ACL replaces the levels: outside (0) may reach inside (100) on port 22 only.
  CHECK(Forward(fw, Tcp("192.0.2.1", "10.0.0.5", 22), "outside", "inside") ==
        "inbound access: permit line 16");
  CHECK(Forward(fw, Tcp("192.0.2.1", "10.0.0.5", 23), "outside", "inside") ==
        "inbound access: deny (implicit deny)");
  // An interface no nameif names: nothing is known.
  CHECK(Forward(fw, p, "", "") == "inbound access: unknown (unknown ingress interface)");

  Imported same = ImportClean(std::string(kInterfaces) + R"CFG(interface GigabitEthernet0/3
 nameif partner
 security-level 50
same-security-traffic permit inter-interface
)CFG");
  CHECK(Forward(same, p, "dmz", "partner") ==
        "inbound access: permit (security-level 50 (dmz) to 50 (partner))");
  CHECK(Forward(same, p, "dmz", "dmz") ==
        "inbound access: deny (security-level 50 (dmz) to 50 (dmz))");
}

TEST_CASE("cisco-asa: nameif inside defaults to level 100, others to 0") {
  Imported fw = Import(R"CFG(interface GigabitEthernet0/0
 nameif outside
interface GigabitEthernet0/1
 nameif inside
interface Management0/0
 shutdown
)CFG");
  CHECK(fw.Messages() ==
        R"(asa.cfg:1:1: note: ignored 1 line that does not affect filtering (interface shutdown)
interface GigabitEthernet0/0
^
)");
  Packet p = Tcp("10.0.0.5", "192.0.2.1", 80);
  CHECK(Forward(fw, p, "inside", "outside") ==
        "inbound access: permit (security-level 100 (inside) to 0 (outside))");
  CHECK(Forward(fw, p, "outside", "inside") ==
        "inbound access: deny (security-level 0 (outside) to 100 (inside))");
  // An interface without nameif is not part of any rule.
  CHECK(Forward(fw, p, "", "") == "inbound access: unknown (unknown ingress interface)");
  CHECK(fw.device.forward.size() == 1);
}

// The forward pipeline with NAT, concretely: the verdict and the packet as it leaves
// ("permit 10.0.0.10:80 <- 192.0.2.1:40000" shows destination and source).
std::string Through(const Imported& fw, const Packet& packet, const std::string& in,
                    const std::string& out) {
  HopContext hop{in, out, "", ""};
  ConcreteHop result = TraceForward(fw.device, packet, hop);
  std::string text = VerdictName(result.verdict);
  if (result.verdict == Verdict::kDeny) {
    for (const ConcreteStep& step : result.steps)
      text += " [" + step.stage + ": " + step.outcome + "]";
    return text;
  }
  if (result.out) {
    const Packet& p = *result.out;
    text += " " + IpAddress{p.family, p.dst}.ToString() + ":" + std::to_string(p.dst_port) +
            " <- " + IpAddress{p.family, p.src}.ToString() + ":" + std::to_string(p.src_port);
  }
  return text;
}

constexpr const char* kNatAcls = R"CFG(access-list OUT extended permit tcp any host 10.0.0.10 eq www
access-list OUT extended permit tcp any host 10.0.0.20 eq 8443
access-list OUT extended permit tcp any 10.0.5.0 255.255.255.252 eq 22
access-group OUT in interface outside
)CFG";

TEST_CASE("cisco-asa: object NAT, static and dynamic, in ASA's order; ACLs see real addresses") {
  Imported fw = ImportClean(std::string(kInterfaces) + R"CFG(object network WEB
 host 10.0.0.10
object network WEB
 nat (inside,outside) static 203.0.113.10
object network APP
 host 10.0.0.20
 nat (inside,outside) static 203.0.113.20 service tcp 8443 443
object network INSIDE-NET
 subnet 10.0.0.0 255.255.255.0
 nat (inside,outside) dynamic interface
object network SSH4
 subnet 10.0.5.0 255.255.255.252
 nat (inside,outside) static SSH4-MAPPED
object network SSH4-MAPPED
 subnet 203.0.113.64 255.255.255.252
)CFG" + kNatAcls);
  // Inbound: un-NAT before the ACL, which names the real address 10.0.0.10.
  CHECK(Through(fw, Tcp("192.0.2.1", "203.0.113.10", 80), "outside", "inside") ==
        "permit 10.0.0.10:80 <- 192.0.2.1:40000");
  // A static port forward: mapped 443 is real 8443.
  CHECK(Through(fw, Tcp("192.0.2.1", "203.0.113.20", 443), "outside", "inside") ==
        "permit 10.0.0.20:8443 <- 192.0.2.1:40000");
  // Subnet to subnet, address by address.
  CHECK(Through(fw, Tcp("192.0.2.1", "203.0.113.66", 22), "outside", "inside") ==
        "permit 10.0.5.2:22 <- 192.0.2.1:40000");
  // Not mapped: the ACL sees 203.0.113.11, which it does not permit.
  CHECK(Through(fw, Tcp("192.0.2.1", "203.0.113.11", 80), "outside", "inside") ==
        "deny [nat destination: no translation] [inbound access: deny]");
  // Outbound: the static NAT host keeps its mapped address (static before dynamic, although
  // the dynamic rule's subnet also holds it); the others take the interface address.
  CHECK(Through(fw, Tcp("10.0.0.10", "192.0.2.1", 25), "inside", "outside") ==
        "permit 192.0.2.1:25 <- 203.0.113.10:40000");
  CHECK(Through(fw, Tcp("10.0.0.77", "192.0.2.1", 25), "inside", "outside") ==
        "permit 192.0.2.1:25 <- 203.0.113.1:40000");
  // The port forward translates the source port of the server's own connections from 8443.
  CHECK(Through(fw, Tcp("10.0.0.20", "192.0.2.1", 25, 8443), "inside", "outside") ==
        "permit 192.0.2.1:25 <- 203.0.113.20:443");
  // Dynamic NAT does not open the inside: 203.0.113.1 is not un-NATted to anything.
  CHECK(Through(fw, Tcp("192.0.2.1", "203.0.113.1", 80), "outside", "inside") ==
        "deny [nat destination: no translation] [inbound access: deny]");
}

TEST_CASE("cisco-asa: twice NAT comes before object NAT; destination static; identity NAT") {
  Imported fw = ImportClean(std::string(kInterfaces) + R"CFG(object network WEB
 host 10.0.0.10
 nat (inside,outside) static 203.0.113.10
object network VPN-PEER
 subnet 172.16.0.0 255.255.0.0
object network LAN
 subnet 10.0.0.0 255.255.255.0
object network DNS-MAPPED
 host 203.0.113.53
object network DNS-REAL
 host 10.0.0.53
nat (inside,outside) source static LAN LAN destination static VPN-PEER VPN-PEER
nat (outside,inside) source dynamic any interface destination static DNS-MAPPED DNS-REAL
nat (inside,outside) after-auto source dynamic any interface
access-list OUT extended permit ip any any
access-group OUT in interface outside
)CFG");
  // Identity NAT (section 1) wins over WEB's object NAT for VPN traffic: nothing changes.
  CHECK(Through(fw, Tcp("10.0.0.10", "172.16.1.1", 443), "inside", "outside") ==
        "permit 172.16.1.1:443 <- 10.0.0.10:40000");
  // Elsewhere WEB's object NAT (section 2) comes before the after-auto rule (section 3).
  CHECK(Through(fw, Tcp("10.0.0.10", "192.0.2.1", 443), "inside", "outside") ==
        "permit 192.0.2.1:443 <- 203.0.113.10:40000");
  CHECK(Through(fw, Tcp("10.0.0.99", "192.0.2.1", 443), "inside", "outside") ==
        "permit 192.0.2.1:443 <- 203.0.113.1:40000");
  // Twice NAT from outside: destination 203.0.113.53 becomes 10.0.0.53, source the
  // inside interface's address.
  Packet dns = Tcp("192.0.2.9", "203.0.113.53", 53);
  CHECK(Through(fw, dns, "outside", "inside") == "permit 10.0.0.53:53 <- 10.0.0.1:40000");
}

TEST_CASE("cisco-asa: NAT it cannot model makes only its own packets UNKNOWN") {
  Imported fw = Import(std::string(kInterfaces) + R"CFG(object network BIG
 subnet 10.0.0.0 255.255.0.0
 nat (inside,outside) static SMALL
object network SMALL
 subnet 203.0.112.0 255.255.255.0
object network POOLED
 host 10.3.0.30
 nat (inside,outside) dynamic pat-pool OUTSIDE-POOL
nat (inside,outside) source static any any inactive
access-list OUT extended permit ip any any
access-group OUT in interface outside
)CFG");
  CHECK(fw.Messages() ==
        R"(asa.cfg:20:31: warning: 'pat-pool' is not modelled: packets this rule matches are UNKNOWN
 nat (inside,outside) dynamic pat-pool OUTSIDE-POOL
                              ^~~~~~~~
asa.cfg:15:1: warning: static NAT of more than 256 addresses is modelled only as identity NAT: packets this rule matches are UNKNOWN
 nat (inside,outside) static SMALL
^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
)");
  CHECK(Through(fw, Tcp("10.0.0.5", "192.0.2.1", 25), "inside", "outside") ==
        "unknown 192.0.2.1:25 <- 10.0.0.5:40000");
  CHECK(Through(fw, Tcp("10.3.0.30", "192.0.2.1", 25), "inside", "outside") ==
        "unknown 192.0.2.1:25 <- 10.3.0.30:40000");
  // The inactive identity rule does nothing; other sources are not translated.
  CHECK(Through(fw, Tcp("10.2.0.5", "192.0.2.1", 25), "inside", "outside") ==
        "permit 192.0.2.1:25 <- 10.2.0.5:40000");
}

TEST_CASE("cisco-asa: pre-8.3 NAT makes permitted paths UNKNOWN") {
  Imported fw =
      Import(std::string(kInterfaces) + R"CFG(static (inside,outside) 203.0.113.99 10.0.0.99
access-list OUT extended permit ip any any
access-group OUT in interface outside
)CFG");
  CHECK(
      fw.Messages() ==
      R"(asa.cfg:13:1: warning: pre-8.3 NAT ('static') is not modelled: paths through this device are UNKNOWN
static (inside,outside) 203.0.113.99 10.0.0.99
^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
)");
  CHECK(Through(fw, Tcp("192.0.2.1", "203.0.113.99", 80), "outside", "inside") ==
        "unknown 203.0.113.99:80 <- 192.0.2.1:40000");
}

TEST_CASE("cisco-asa: ignored lines get one note, unknown commands a warning each") {
  CHECK(Errors(R"CFG(: Saved
ASA Version 9.8(4)
logging enable
logging buffered informational
ntp server 10.0.0.5
policy-map global_policy
 class inspection_default
  inspect ftp
frobnicate now
 with a sub-line
access-list W webtype permit url http://example.com
)CFG") == R"(asa.cfg:9:1: warning: unknown command 'frobnicate'; ignored
frobnicate now
^~~~~~~~~~
asa.cfg:1:1: note: ignored 6 lines that do not affect filtering (class, inspect, logging, ntp, policy-map)
: Saved
^
asa.cfg:11:15: warning: 'webtype' access-lists are not traffic ACLs; not modelled
access-list W webtype permit url http://example.com
              ^~~~~~~
)");
}

TEST_CASE("cisco-asa: unknown references are errors, and their entries UNKNOWN") {
  Imported fw = Import(R"CFG(object-group network G
 network-object object MISSING
access-list A extended permit tcp any object NOPE eq 80
access-list A extended permit tcp any object-group NOGROUP eq 81
access-list A extended permit tcp any object-group G eq 82
access-list A extended permit object NOSVC any any
)CFG");
  CHECK(fw.Messages() == R"(asa.cfg:3:46: error: unknown network object 'NOPE'
access-list A extended permit tcp any object NOPE eq 80
                                             ^~~~
asa.cfg:4:52: error: unknown network object-group 'NOGROUP'
access-list A extended permit tcp any object-group NOGROUP eq 81
                                                   ^~~~~~~
asa.cfg:2:24: error: unknown network object 'MISSING'
 network-object object MISSING
                       ^~~~~~~
asa.cfg:6:38: error: unknown service object 'NOSVC'
access-list A extended permit object NOSVC any any
                                     ^~~~~
asa.cfg:1:1: note: imported 4 access-list entries; 4 entries contain constructs flowaudit does not understand (UNKNOWN)
object-group network G
^
)");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 80)) == "unknown (implicit deny)");
}

TEST_CASE("cisco-asa: group cycles are errors") {
  Imported fw = Import(R"CFG(object-group network A
 network-object host 10.0.0.1
 group-object B
object-group network B
 group-object A
access-list X extended permit ip object-group A any
)CFG");
  CHECK(fw.Messages() == R"(asa.cfg:5:15: error: object-group cycle: A -> B -> A
 group-object A
              ^
asa.cfg:1:1: note: imported 1 access-list entry; 1 entry contains constructs flowaudit does not understand (UNKNOWN)
object-group network A
^
)");
  CHECK(Verdict(fw, "X", Tcp("10.0.0.1", "10.0.0.2", 80)) == "permit line 6");
  CHECK(Verdict(fw, "X", Tcp("10.0.0.3", "10.0.0.2", 80)) == "unknown (implicit deny)");
}

TEST_CASE("cisco-asa: syntax errors, with exact text") {
  CHECK(FirstError("access-list A extended permit tcp any any eq htp\n") ==
        R"(asa.cfg:1:46: error: unknown tcp port name 'htp'; did you mean 'ftp'?
access-list A extended permit tcp any any eq htp
                                             ^~~
)");
  CHECK(FirstError("access-list A extended permit udp any any eq https\n") ==
        R"(asa.cfg:1:46: error: unknown udp port name 'https'
access-list A extended permit udp any any eq https
                                             ^~~~~
)");
  CHECK(FirstError("access-list A extended permit tcp any any eq 70000\n") ==
        R"(asa.cfg:1:46: error: port '70000' is out of range 0-65535
access-list A extended permit tcp any any eq 70000
                                             ^~~~~
)");
  CHECK(FirstError("access-list A extended permit tcp any any range 90 80\n") ==
        R"(asa.cfg:1:52: error: port range 90-80 is empty: the first port is greater than the last
access-list A extended permit tcp any any range 90 80
                                                   ^~
)");
  CHECK(FirstError("access-list A extended permit ip 10.0.0.0 255.0.0.x any\n") ==
        R"(asa.cfg:1:43: error: expected a netmask after '10.0.0.0', got '255.0.0.x'
access-list A extended permit ip 10.0.0.0 255.0.0.x any
                                          ^~~~~~~~~
)");
  CHECK(FirstError("access-list A extended permit tcp any\n") ==
        R"(asa.cfg:1:38: error: expected an address at the end of the line
access-list A extended permit tcp any
                                     ^
)");
  CHECK(FirstError("access-list A extended allow tcp any any\n") ==
        R"(asa.cfg:1:24: error: expected 'permit' or 'deny', got 'allow'
access-list A extended allow tcp any any
                       ^~~~~
)");
  CHECK(FirstError("access-list A extended permit tpc any any\n") ==
        R"(asa.cfg:1:31: error: unknown protocol 'tpc'
access-list A extended permit tpc any any
                              ^~~
)");
  CHECK(FirstError("access-list A extended permit tcp any any eq 80 frobnicate\n") ==
        R"(asa.cfg:1:49: error: unexpected 'frobnicate' in an access-list entry
access-list A extended permit tcp any any eq 80 frobnicate
                                                ^~~~~~~~~~
)");
  CHECK(FirstError("object-group service P tcp\n port-object eq 80\n"
                   "access-list A extended permit object-group P any any\n") ==
        R"(asa.cfg:3:44: error: object-group 'P' holds ports only; it cannot stand for the protocol
access-list A extended permit object-group P any any
                                           ^
)");
  CHECK(FirstError("access-list A extended permit object-group NOPE any any\n") ==
        R"(asa.cfg:1:44: error: unknown protocol or service object-group 'NOPE'
access-list A extended permit object-group NOPE any any
                                           ^~~~
)");
  CHECK(FirstError("access-group NOPE in interface outside\n") ==
        R"(asa.cfg:1:14: error: unknown access-list 'NOPE'
access-group NOPE in interface outside
             ^~~~
)");
  CHECK(FirstError("access-list A extended permit ip any any\naccess-group A in interface wan\n") ==
        R"(asa.cfg:2:1: error: unknown interface 'wan' (no interface has this nameif)
access-group A in interface wan
^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
)");
  CHECK(FirstError("object-group network G\n network-object host 10.0.0.1\n port-object eq 80\n") ==
        R"(asa.cfg:3:2: error: unexpected 'port-object' in a network object-group
 port-object eq 80
 ^~~~~~~~~~~
)");
  CHECK(FirstError("object-group network EMPTY\n") ==
        R"(asa.cfg:1:22: warning: object-group 'EMPTY' is empty: it matches nothing
object-group network EMPTY
                     ^~~~~
)");
}

TEST_CASE("cisco-asa: a bad entry is never dropped silently") {
  Imported fw = Import(R"CFG(access-list A extended permit tcp any any eq htp
access-list A extended deny ip any any
)CFG");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 80)) == "unknown line 2");
}

TEST_CASE("cisco-asa: sniff and table row") {
  CHECK(SniffCiscoAsa(": Saved\n:\nASA Version 9.8(4)\n"));
  CHECK(
      SniffCiscoAsa("interface G0/0\n nameif outside\naccess-list A extended permit ip any any\n"));
  CHECK_FALSE(SniffCiscoAsa("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"));
  const ImporterInfo* info = FindImporter("cisco-asa");
  REQUIRE(info != nullptr);
  CHECK(info->sniff(": Saved\nASA Version 9.8(4)\n"));
}

}  // namespace
}  // namespace flowaudit

namespace flowaudit {
namespace {

TEST_CASE("cisco-asa: clear configure access-list drops the entries read so far") {
  Imported fw = ImportClean(R"CFG(access-list A extended permit tcp any any eq www
access-list B extended permit tcp any any eq ssh
clear configure access-list A
access-list A extended deny tcp any any eq www
access-list A extended permit ip any any
)CFG");
  CHECK(Verdict(fw, "A", Tcp("10.0.0.1", "10.0.0.2", 80)) == "deny line 4");
  CHECK(Verdict(fw, "B", Tcp("10.0.0.1", "10.0.0.2", 22)) == "permit line 2");
  Imported all = ImportClean(R"CFG(access-list A extended permit tcp any any eq www
clear configure access-list
access-list B extended permit ip any any
)CFG");
  CHECK(all.device.filters.count("A") == 0);
  CHECK(Verdict(all, "B", Tcp("10.0.0.1", "10.0.0.2", 80)) == "permit line 3");
}

}  // namespace
}  // namespace flowaudit
