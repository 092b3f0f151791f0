// The junos importer: both syntaxes into one tree, SRX security policies with address books
// and applications, firewall filters with longest-match `except`, interface bindings on the
// forward pipeline, groups, inactive statements, and every diagnostic with its exact text.
#include <doctest/doctest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "importers/importer.h"
#include "importers/junos/junos_importer.h"
#include "tests/importers/importer_test_util.h"

namespace flowaudit {
namespace {

using namespace flowaudit::testing;

Imported Import(std::string_view text, std::string_view name = "srx.conf") {
  JunosImporter importer;
  return ImportText(importer, name, text);
}

Imported ImportClean(std::string_view text) {
  Imported out = Import(text);
  std::string messages;
  for (const Diagnostic& d : out.diagnostics.All()) {
    if (d.severity != Severity::kNote) messages += FormatDiagnostic(d);
  }
  CHECK_MESSAGE(messages.empty(), messages);
  return out;
}

// Every diagnostic but the coverage note.
std::string Problems(const Imported& fw) {
  std::string out;
  for (const Diagnostic& d : fw.diagnostics.All()) {
    if (d.severity != Severity::kNote) out += FormatDiagnostic(d);
  }
  return out;
}

MatchContext Zones(std::string from, std::string to) {
  MatchContext c;
  c.from_zone = std::move(from);
  c.to_zone = std::move(to);
  return c;
}

// "permit web-in line 7", "deny (default-policy deny-all)": the verdict, the deciding
// policy or term and its line.
std::string Describe(const Decision& d) {
  std::string out = VerdictName(d.verdict);
  if (d.verdict == Verdict::kUnknown && !d.uncertain.empty()) {
    const Rule* rule = d.uncertain.front();
    out += " (maybe " + rule->label + " line " + std::to_string(rule->location.Start().line) + ")";
  } else if (d.rule && d.rule->location.IsValid()) {
    out += " " + d.rule->label + " line " + std::to_string(d.rule->location.Start().line);
  } else if (d.rule) {
    out += " (" + d.rule->label + ")";
  } else {
    out += " (" + d.action.name + ")";
  }
  return out;
}

std::string Verdict(const Imported& fw, const std::string& filter, const Packet& packet,
                    const MatchContext& context = {}) {
  return Describe(fw.filter(filter).Evaluate(packet, context));
}

std::string Policy(const Imported& fw, const Packet& packet, const std::string& from,
                   const std::string& to) {
  return Verdict(fw, "security-policies", packet, Zones(from, to));
}

// The verdict and deciding label only (set and brace forms differ in lines).
std::string Outcome(const Imported& fw, const std::string& filter, const Packet& packet,
                    const MatchContext& context) {
  Decision d = fw.filter(filter).Evaluate(packet, context);
  return std::string(VerdictName(d.verdict)) + " " + (d.rule ? d.rule->label : d.action.name);
}

// The forward pipeline: the first stage that does not permit decides; when all permit, the
// last one is named.
std::string Forward(const Imported& fw, const Packet& packet, const MatchContext& context) {
  std::string last = "no stages";
  for (const Stage& stage : fw.device.forward) {
    Decision d = stage.filter.Evaluate(packet, context);
    last = stage.filter.name() + ": " + Describe(d);
    if (d.verdict != Verdict::kPermit) return last;
  }
  return last;
}

constexpr const char* kSrxBraces = R"CFG(## Last commit: 2024-01-01 by admin
version 21.4R3;
security {
    address-book {
        global {
            address WEB01 192.0.2.10/32;
            address WEB6 2001:db8::10/128;
            address POOL range-address 192.0.2.100 to 192.0.2.150;
            address ODD wildcard-address 10.0.1.0/255.255.0.255;
            address-set WEB { address WEB01; address-set MORE; }
            address-set MORE { address POOL; address WEB6; }
        }
    }
    zones {
        security-zone trust {
            address-book {
                address CLIENTS 10.10.0.0/16;
            }
            interfaces {
                ge-0/0/1.0;
            }
        }
        security-zone untrust { interfaces { ge-0/0/0.0; } }
        security-zone dmz { interfaces { ge-0/0/2.0 { host-inbound-traffic { system-services { ping; } } } } }
    }
    policies {
        from-zone untrust to-zone dmz {
            policy web-in {
                match {
                    source-address any;
                    destination-address [ WEB ODD ];
                    application [ junos-http junos-https tcp-8080 ];
                }
                then { permit; log { session-close; } }
            }
            inactive: policy old {
                match { source-address any; destination-address any; application any; }
                then { permit; }
            }
            policy no-ssh {
                match { source-address any; destination-address any; application junos-ssh; }
                then { reject; }
            }
        }
        from-zone trust to-zone untrust {
            /* clients out, except to the bad range */
            policy out {
                match {
                    source-address CLIENTS;
                    destination-address POOL;
                    destination-address-excluded;
                    application any;
                }
                then { permit { application-services { idp; } } count; }
            }
        }
        global {
            policy g-dns {
                match { source-address any; destination-address any; application [ multi ]; from-zone [ dmz trust ]; }
                then { permit; }
            }
            policy g-deny { match { source-address any; destination-address any; application any; } then { deny; } }
        }
        default-policy { permit-all; }
    }
}
applications {
    application tcp-8080 { protocol tcp; destination-port 8080-8081; }
    application multi { term t1 protocol tcp destination-port 22; term t2 protocol udp destination-port domain inactivity-timeout 60; }
}
)CFG";

TEST_CASE("junos: SRX zone-pair policies, address books, applications, global policies") {
  Imported fw = ImportClean(kSrxBraces);
  CHECK(fw.device.default_filter == "security-policies");
  // Address-set nesting, a range, IPv6 and a wildcard; predefined and custom applications.
  CHECK(Policy(fw, Tcp("198.51.100.1", "192.0.2.10", 80), "untrust", "dmz") ==
        "permit web-in line 28");
  CHECK(Policy(fw, Tcp("198.51.100.1", "192.0.2.150", 443), "untrust", "dmz") ==
        "permit web-in line 28");
  CHECK(Policy(fw, Tcp("2001:db8::1", "2001:db8::10", 8081), "untrust", "dmz") ==
        "permit web-in line 28");
  // wildcard-address 10.0.1.0/255.255.0.255: any third octet, the last one 0.
  CHECK(Policy(fw, Tcp("198.51.100.1", "10.0.7.0", 8080), "untrust", "dmz") ==
        "permit web-in line 28");
  CHECK(Policy(fw, Tcp("198.51.100.1", "10.0.7.1", 8080), "untrust", "dmz") ==
        "deny g-deny line 62");
  CHECK(Policy(fw, Tcp("198.51.100.1", "192.0.2.151", 80), "untrust", "dmz") ==
        "deny g-deny line 62");
  CHECK(Policy(fw, Tcp("198.51.100.1", "192.0.2.10", 8082), "untrust", "dmz") ==
        "deny g-deny line 62");
  // The inactive policy would permit everything; reject is a deny verdict.
  CHECK(Policy(fw, Tcp("198.51.100.1", "192.0.2.11", 22), "untrust", "dmz") ==
        "deny no-ssh line 40");
  // destination-address-excluded negates the list; `then permit { … }` still permits.
  CHECK(Policy(fw, Tcp("10.10.1.1", "8.8.8.8", 25), "trust", "untrust") == "permit out line 47");
  CHECK(Policy(fw, Tcp("10.10.1.1", "192.0.2.120", 25), "trust", "untrust") ==
        "deny g-deny line 62");
  // CLIENTS lives in trust's book: from another zone the name means nothing.
  CHECK(Policy(fw, Tcp("10.11.1.1", "8.8.8.8", 25), "trust", "untrust") == "deny g-deny line 62");
  // Global policies come after every zone pair, with their own from-zone match, and the
  // terms of a multi-term application are alternatives.
  CHECK(Policy(fw, Udp("10.10.1.1", "192.0.2.120", 53), "trust", "untrust") ==
        "permit g-dns line 58");
  CHECK(Policy(fw, Tcp("10.10.1.1", "192.0.2.120", 22), "trust", "untrust") ==
        "permit g-dns line 58");
  CHECK(Policy(fw, Udp("192.0.2.1", "10.10.1.1", 53), "untrust", "trust") == "deny g-deny line 62");
  CHECK(Policy(fw, Tcp("198.51.100.1", "192.0.2.10", 22), "untrust", "dmz") ==
        "deny no-ssh line 40");
  // Zones of interface units.
  CHECK(fw.device.interface_zones == std::map<std::string, std::string>{{"ge-0/0/0.0", "untrust"},
                                                                        {"ge-0/0/1.0", "trust"},
                                                                        {"ge-0/0/2.0", "dmz"}});
  CHECK(fw.device.coverage.unit == "statements");
  CHECK(fw.device.coverage.total == fw.device.coverage.understood);
}

TEST_CASE("junos: default-policy decides what no policy matches; intra-zone has no permit") {
  Imported deny = ImportClean(R"CFG(security {
    policies {
        from-zone trust to-zone untrust {
            policy web { match { source-address any; destination-address any; application junos-http; } then { permit; } }
        }
    }
    zones { security-zone trust; security-zone untrust; }
}
)CFG");
  CHECK(Policy(deny, Tcp("10.0.0.1", "10.0.0.2", 80), "trust", "untrust") == "permit web line 4");
  CHECK(Policy(deny, Tcp("10.0.0.1", "10.0.0.2", 443), "trust", "untrust") ==
        "deny (default-policy deny-all)");
  // trust -> trust is not implicitly permitted: the default policy applies.
  CHECK(Policy(deny, Tcp("10.0.0.1", "10.0.0.2", 80), "trust", "trust") ==
        "deny (default-policy deny-all)");
  CHECK(Policy(deny, Tcp("10.0.0.1", "10.0.0.2", 80), "", "") == "deny (default-policy deny-all)");

  Imported permit = ImportClean(R"CFG(set security policies default-policy permit-all
set security zones security-zone trust
)CFG");
  CHECK(Policy(permit, Tcp("10.0.0.1", "10.0.0.2", 80), "trust", "trust") ==
        "permit (default-policy permit-all)");
  CHECK(permit.filter("security-policies").entry().location.Start().line == 1);
}

// The same configuration as kSrxBraces, as `display set` prints it (policy order is the
// order of first mention).
constexpr const char* kSrxSet = R"CFG(set version 21.4R3
set security address-book global address WEB01 192.0.2.10/32
set security address-book global address WEB6 2001:db8::10/128
set security address-book global address POOL range-address 192.0.2.100 to 192.0.2.150
set security address-book global address ODD wildcard-address 10.0.1.0/255.255.0.255
set security address-book global address-set WEB address WEB01
set security address-book global address-set WEB address-set MORE
set security address-book global address-set MORE address POOL
set security address-book global address-set MORE address WEB6
set security zones security-zone trust address-book address CLIENTS 10.10.0.0/16
set security zones security-zone trust interfaces ge-0/0/1.0
set security zones security-zone untrust interfaces ge-0/0/0.0
set security zones security-zone dmz interfaces ge-0/0/2.0 host-inbound-traffic system-services ping
set security policies from-zone untrust to-zone dmz policy web-in match source-address any
set security policies from-zone untrust to-zone dmz policy web-in match destination-address WEB
set security policies from-zone untrust to-zone dmz policy web-in match destination-address ODD
set security policies from-zone untrust to-zone dmz policy web-in match application junos-http
set security policies from-zone untrust to-zone dmz policy web-in match application junos-https
set security policies from-zone untrust to-zone dmz policy web-in match application tcp-8080
set security policies from-zone untrust to-zone dmz policy web-in then permit
set security policies from-zone untrust to-zone dmz policy web-in then log session-close
set security policies from-zone untrust to-zone dmz policy old match source-address any
set security policies from-zone untrust to-zone dmz policy old match destination-address any
set security policies from-zone untrust to-zone dmz policy old match application any
set security policies from-zone untrust to-zone dmz policy old then permit
set security policies from-zone untrust to-zone dmz policy no-ssh match source-address any
set security policies from-zone untrust to-zone dmz policy no-ssh match destination-address any
set security policies from-zone untrust to-zone dmz policy no-ssh match application junos-ssh
set security policies from-zone untrust to-zone dmz policy no-ssh then reject
set security policies from-zone trust to-zone untrust policy out match source-address CLIENTS
set security policies from-zone trust to-zone untrust policy out match destination-address POOL
set security policies from-zone trust to-zone untrust policy out match destination-address-excluded
set security policies from-zone trust to-zone untrust policy out match application any
set security policies from-zone trust to-zone untrust policy out then permit application-services idp
set security policies from-zone trust to-zone untrust policy out then count
set security policies global policy g-dns match source-address any
set security policies global policy g-dns match destination-address any
set security policies global policy g-dns match application multi
set security policies global policy g-dns match from-zone dmz
set security policies global policy g-dns match from-zone trust
set security policies global policy g-dns then permit
set security policies global policy g-deny match source-address any
set security policies global policy g-deny match destination-address any
set security policies global policy g-deny match application any
set security policies global policy g-deny then deny
set security policies default-policy permit-all
set applications application tcp-8080 protocol tcp
set applications application tcp-8080 destination-port 8080-8081
set applications application multi term t1 protocol tcp
set applications application multi term t1 destination-port 22
set applications application multi term t2 protocol udp
set applications application multi term t2 destination-port domain
set applications application multi term t2 inactivity-timeout 60
deactivate security policies from-zone untrust to-zone dmz policy old
)CFG";

TEST_CASE("junos: set lines and curly braces give the same verdicts") {
  Imported braces = ImportClean(kSrxBraces);
  Imported set = ImportClean(kSrxSet);
  CHECK(Policy(set, Tcp("198.51.100.1", "192.0.2.10", 80), "untrust", "dmz") ==
        "permit web-in line 14");
  CHECK(Policy(set, Tcp("198.51.100.1", "192.0.2.11", 22), "untrust", "dmz") ==
        "deny no-ssh line 26");
  CHECK(set.device.interface_zones == braces.device.interface_zones);
  CHECK(set.device.coverage.total == set.device.coverage.understood);
  const char* zones[] = {"trust", "untrust", "dmz", ""};
  const char* addresses[] = {"10.10.1.1", "192.0.2.10", "192.0.2.120", "192.0.2.151",
                             "10.0.7.0",  "10.0.7.1",   "8.8.8.8",     "2001:db8::10"};
  const uint16_t ports[] = {22, 25, 53, 80, 443, 8080, 8081, 8082};
  int compared = 0;
  for (const char* from : zones) {
    for (const char* to : zones) {
      for (const char* src : addresses) {
        for (const char* dst : addresses) {
          if (ParseIpAddress(src)->family != ParseIpAddress(dst)->family) continue;
          for (uint16_t port : ports) {
            for (const Packet& p : {Tcp(src, dst, port), Udp(src, dst, port)}) {
              MatchContext c = Zones(from, to);
              CHECK_MESSAGE(Outcome(braces, "security-policies", p, c) ==
                                Outcome(set, "security-policies", p, c),
                            p.ToString(), " ", from, "->", to);
              ++compared;
            }
          }
        }
      }
    }
  }
  CHECK(compared > 4000);
}

TEST_CASE("junos: address-set and application-set cycles are errors") {
  Imported fw = Import(R"CFG(security {
    address-book {
        global {
            address A 10.0.0.1/32;
            address-set S1 { address A; address-set S2; }
            address-set S2 { address-set S1; }
        }
    }
    policies {
        from-zone a to-zone b {
            policy p { match { source-address S1; destination-address any; application loop1; } then { permit; } }
        }
    }
}
applications {
    application-set loop1 { application junos-http; application-set loop2; }
    application-set loop2 { application-set loop1; }
}
)CFG");
  CHECK(Problems(fw) ==
        "srx.conf:6:42: error: address-set cycle: S1 -> S2 -> S1\n"
        "            address-set S2 { address-set S1; }\n"
        "                                         ^~\n"
        "srx.conf:17:45: error: application-set cycle: loop1 -> loop2 -> loop1\n"
        "    application-set loop2 { application-set loop1; }\n"
        "                                            ^~~~~\n");
  // The member before the cycle still matches; the cycle's rest is UNKNOWN.
  CHECK(Policy(fw, Tcp("10.0.0.1", "10.9.9.9", 80), "a", "b") == "permit p line 11");
  CHECK(Policy(fw, Tcp("10.0.0.2", "10.9.9.9", 80), "a", "b") == "unknown (maybe p line 11)");
}

TEST_CASE("junos: unknown names, dns-name addresses and unlisted junos-* applications") {
  Imported fw = Import(R"CFG(set security address-book global address API dns-name api.example.com
set security policies from-zone a to-zone b policy p1 match source-address any
set security policies from-zone a to-zone b policy p1 match destination-address API
set security policies from-zone a to-zone b policy p1 match application junos-http
set security policies from-zone a to-zone b policy p1 then permit
set security policies from-zone a to-zone b policy p2 match source-address NOPE
set security policies from-zone a to-zone b policy p2 match destination-address any
set security policies from-zone a to-zone b policy p2 match application junos-made-up
set security policies from-zone a to-zone b policy p2 then permit
set security policies from-zone a to-zone b policy p3 match source-address any
set security policies from-zone a to-zone b policy p3 match destination-address any
set security policies from-zone a to-zone b policy p3 match application web
set security policies from-zone a to-zone b policy p3 then permit
)CFG");
  CHECK(Problems(fw) ==
        "srx.conf:1:46: warning: address 'API' is the DNS name 'api.example.com', resolved by "
        "the device at run time (UNKNOWN)\n"
        "set security address-book global address API dns-name api.example.com\n"
        "                                             ^~~~~~~~\n"
        "srx.conf:6:76: error: unknown address or address-set 'NOPE'\n"
        "set security policies from-zone a to-zone b policy p2 match source-address NOPE\n"
        "                                                                           ^~~~\n"
        "srx.conf:8:73: warning: predefined application 'junos-made-up' is not in flowaudit's "
        "table of junos-defaults (UNKNOWN)\n"
        "set security policies from-zone a to-zone b policy p2 match application junos-made-up\n"
        "                                                                        ^~~~~~~~~~~~~\n"
        "srx.conf:12:73: error: unknown application or application-set 'web'\n"
        "set security policies from-zone a to-zone b policy p3 match application web\n"
        "                                                                        ^~~\n");
  CHECK(Policy(fw, Tcp("10.0.0.1", "192.0.2.1", 80), "a", "b") == "unknown (maybe p1 line 2)");
  CHECK(Policy(fw, Udp("10.0.0.1", "192.0.2.1", 80), "a", "b") == "unknown (maybe p2 line 6)");
  CHECK(fw.device.coverage.understood < fw.device.coverage.total);
}

constexpr const char* kFilters = R"CFG(firewall {
    family inet {
        replace: filter edge-in {
            interface-specific;
            term allow-web {
                from {
                    destination-address {
                        192.0.2.0/24;
                        192.0.2.128/25 except;
                        192.0.2.200/32;
                    }
                    protocol tcp;
                    destination-port [ http https 8000-8080 ];
                }
                then accept;
            }
            term est {
                from { protocol tcp; tcp-established; }
                then accept;
            }
            term initial {
                from { protocol tcp; tcp-initial; destination-port ssh; source-prefix-list { MGMT; } }
                then { count ssh; accept; }
            }
            term skip {
                from { source-address { 10.9.0.0/16; } }
                then { count skipped; next term; }
            }
            term dns {
                from { source-address { 10.0.0.0/8; 10.1.0.0/16 except; 10.1.2.0/24; } protocol [ udp 6 ]; port domain; }
                then accept;
            }
            term icmp {
                from { protocol icmp; icmp-type [ echo-request unreachable ]; }
                then { reject; }
            }
            term counted { from { protocol 47; } then count gre; }
            inactive: term all { then accept; }
        }
    }
    family inet6 {
        filter v6-in {
            term t1 { from { source-address { 2001:db8::/32; } next-header icmp6; icmp-type echo-request; } then accept; }
            term t2 { from { next-header-except tcp; } then discard; }
            term t3 { from { destination-port-except 22; } then accept; }
        }
    }
}
policy-options {
    prefix-list MGMT { 10.8.0.0/24; 10.8.1.1/32; }
}
)CFG";

TEST_CASE("junos: firewall filter terms, longest-match except, ports, first-packet TCP flags") {
  Imported fw = ImportClean(kFilters);
  // The most specific listed prefix decides: /25 except inside /24, /32 inside the /25.
  CHECK(Verdict(fw, "edge-in", Tcp("1.1.1.1", "192.0.2.10", 80)) == "permit allow-web line 5");
  CHECK(Verdict(fw, "edge-in", Tcp("1.1.1.1", "192.0.2.130", 80)) == "deny (implicit discard)");
  CHECK(Verdict(fw, "edge-in", Tcp("1.1.1.1", "192.0.2.200", 443)) == "permit allow-web line 5");
  CHECK(Verdict(fw, "edge-in", Tcp("1.1.1.1", "192.0.2.10", 8080)) == "permit allow-web line 5");
  CHECK(Verdict(fw, "edge-in", Tcp("1.1.1.1", "192.0.2.10", 8081)) == "deny (implicit discard)");
  // tcp-established matches no first packet; tcp-initial matches every first TCP packet.
  CHECK(Verdict(fw, "edge-in", Tcp("10.8.1.1", "5.5.5.5", 22)) == "permit initial line 21");
  CHECK(Verdict(fw, "edge-in", Tcp("10.8.0.77", "5.5.5.5", 22)) == "permit initial line 21");
  CHECK(Verdict(fw, "edge-in", Tcp("10.8.1.2", "5.5.5.5", 22)) == "deny (implicit discard)");
  // `except` in a list, and `port` (source or destination).
  CHECK(Verdict(fw, "edge-in", Udp("10.1.0.5", "8.8.8.8", 53)) == "deny (implicit discard)");
  CHECK(Verdict(fw, "edge-in", Udp("10.1.2.5", "8.8.8.8", 53)) == "permit dns line 29");
  CHECK(Verdict(fw, "edge-in", Udp("10.2.0.1", "8.8.8.8", 53)) == "permit dns line 29");
  CHECK(Verdict(fw, "edge-in", Udp("10.2.0.1", "8.8.8.8", 1000, 53)) == "permit dns line 29");
  CHECK(Verdict(fw, "edge-in", Tcp("10.2.0.1", "8.8.8.8", 53)) == "permit dns line 29");
  CHECK(Verdict(fw, "edge-in", Udp("11.2.0.1", "8.8.8.8", 53)) == "deny (implicit discard)");
  // `next term` goes on; the count is not a decision.
  CHECK(Verdict(fw, "edge-in", Udp("10.9.1.1", "8.8.8.8", 53)) == "permit dns line 29");
  CHECK(Verdict(fw, "edge-in", Udp("10.9.1.1", "8.8.8.8", 54)) == "deny (implicit discard)");
  CHECK(Verdict(fw, "edge-in", Icmp("1.1.1.1", "2.2.2.2", 8)) == "deny icmp line 33");
  CHECK(Verdict(fw, "edge-in", Icmp("1.1.1.1", "2.2.2.2", 3, 1)) == "deny icmp line 33");
  CHECK(Verdict(fw, "edge-in", Icmp("1.1.1.1", "2.2.2.2", 0)) == "deny (implicit discard)");
  CHECK(fw.filter("edge-in").Evaluate(Icmp("1.1.1.1", "2.2.2.2", 8), {}).action.kind ==
        ActionKind::kReject);
  // A term with only a counter accepts; the inactive catch-all is not there.
  CHECK(Verdict(fw, "edge-in", Make("1.1.1.1", "2.2.2.2", protocol::kGre)) ==
        "permit counted line 37");
  CHECK(Verdict(fw, "edge-in", Make("1.1.1.1", "2.2.2.2", protocol::kEsp)) ==
        "deny (implicit discard)");
  // A family inet filter matches no IPv6 packet.
  CHECK(Verdict(fw, "edge-in", Tcp("2001:db8::1", "2001:db8::2", 80)) == "deny (implicit discard)");
  // inet6: next-header, ICMPv6 type names, -except conditions.
  CHECK(Verdict(fw, "v6-in", Icmp("2001:db8::1", "2001:db9::1", 128)) == "permit t1 line 43");
  CHECK(Verdict(fw, "v6-in", Icmp("2001:db9::1", "2001:db8::1", 128)) == "deny t2 line 44");
  CHECK(Verdict(fw, "v6-in", Udp("2001:db9::1", "2001:db8::1", 53)) == "deny t2 line 44");
  CHECK(Verdict(fw, "v6-in", Tcp("2001:db9::1", "2001:db8::1", 80)) == "permit t3 line 45");
  CHECK(Verdict(fw, "v6-in", Tcp("2001:db9::1", "2001:db8::1", 22)) == "deny (implicit discard)");
  CHECK(fw.device.default_filter.empty());
}

TEST_CASE("junos: TCP flag aliases on packets that are not TCP are UNKNOWN") {
  Imported fw = ImportClean(R"CFG(firewall {
    filter F {
        term est { from { tcp-established; } then discard; }
        term rest { then accept; }
    }
}
)CFG");
  CHECK(Verdict(fw, "F", Tcp("1.1.1.1", "2.2.2.2", 80)) == "permit rest line 4");
  CHECK(Verdict(fw, "F", Udp("1.1.1.1", "2.2.2.2", 80)) == "unknown (maybe est line 3)");
}

TEST_CASE("junos: deactivate lines and inactive: prefixes remove terms and policies") {
  Imported set = ImportClean(R"CFG(set firewall family inet filter F term a from protocol tcp
set firewall family inet filter F term a then accept
set firewall family inet filter F term b from source-address 10.0.0.0/8
set firewall family inet filter F term b from source-address 10.1.0.0/16 except
set firewall family inet filter F term b then accept
set firewall family inet filter F term c then discard
deactivate firewall family inet filter F term a
deactivate firewall family inet filter F term b from source-address 10.1.0.0/16
)CFG");
  CHECK(Verdict(set, "F", Tcp("1.1.1.1", "2.2.2.2", 80)) == "deny c line 6");
  CHECK(Verdict(set, "F", Tcp("10.1.1.1", "2.2.2.2", 80)) == "permit b line 3");
  CHECK(set.device.default_filter == "F");

  Imported braces = ImportClean(R"CFG(firewall {
    filter F {
        inactive: term a { from { protocol tcp; } then accept; }
        term b { from { source-address { 10.0.0.0/8; inactive: 10.1.0.0/16 except; } } then accept; }
        term c { then discard; }
    }
}
)CFG");
  CHECK(Verdict(braces, "F", Tcp("1.1.1.1", "2.2.2.2", 80)) == "deny c line 5");
  CHECK(Verdict(braces, "F", Tcp("10.1.1.1", "2.2.2.2", 80)) == "permit b line 4");
}

TEST_CASE("junos: interface filters and security policies on the forward pipeline") {
  Imported fw = ImportClean(R"CFG(interfaces {
    ge-0/0/0 {
        unit 0 {
            family inet { filter { input IN; } address 203.0.113.1/24; }
            family inet6 { filter { input IN; } }
        }
    }
    ge-0/0/1 { unit 0 { family inet { filter { output OUT; } } } }
}
firewall {
    family inet { filter IN { term no-telnet { from { protocol tcp; destination-port telnet; } then discard; } term rest { then accept; } } }
    family inet6 { filter IN { term only-web { from { next-header tcp; destination-port 80; } then accept; } } }
    filter OUT { term no-smtp { from { protocol tcp; destination-port smtp; } then reject; } term rest { then accept; } }
}
security {
    zones {
        security-zone untrust { interfaces { ge-0/0/0.0; } }
        security-zone trust { interfaces { ge-0/0/1.0; } }
    }
    policies {
        from-zone untrust to-zone trust {
            policy allow { match { source-address any; destination-address any; application [ junos-telnet junos-smtp junos-http junos-ssh ]; } then permit; }
        }
    }
}
)CFG");
  MatchContext c = Zones("untrust", "trust");
  c.in_interface = "ge-0/0/0.0";
  c.out_interface = "ge-0/0/1.0";
  REQUIRE(fw.device.forward.size() == 3);
  CHECK(fw.device.forward[0].filter.name() == "input filters");
  CHECK(fw.device.forward[1].filter.name() == "security-policies");
  CHECK(fw.device.forward[2].filter.name() == "output filters");
  CHECK(Forward(fw, Tcp("1.1.1.1", "10.0.0.1", 23), c) == "input filters: deny no-telnet line 11");
  CHECK(Forward(fw, Tcp("1.1.1.1", "10.0.0.1", 25), c) == "output filters: deny no-smtp line 13");
  CHECK(Forward(fw, Tcp("1.1.1.1", "10.0.0.1", 22), c) == "output filters: permit rest line 13");
  CHECK(Forward(fw, Tcp("1.1.1.1", "10.0.0.1", 443), c) ==
        "security-policies: deny (default-policy deny-all)");
  CHECK(Forward(fw, Tcp("2001:db8::1", "2001:db8::2", 22), c) ==
        "input filters: deny (implicit discard)");
  CHECK(Forward(fw, Tcp("2001:db8::1", "2001:db8::2", 80), c) ==
        "output filters: permit (no output filter)");
  // A unit without filters passes; the unit filters are also filters of their own.
  MatchContext other = c;
  other.in_interface = "ge-0/0/5.0";
  CHECK(Forward(fw, Tcp("1.1.1.1", "10.0.0.1", 23), other) ==
        "output filters: permit rest line 13");
  CHECK(Verdict(fw, "ge-0/0/0.0:in", Tcp("1.1.1.1", "10.0.0.1", 23)) == "deny no-telnet line 11");
  CHECK(Verdict(fw, "ge-0/0/0.0:in", Tcp("2001:db8::1", "2001:db8::2", 80)) ==
        "permit only-web line 12");
  CHECK(Verdict(fw, "ge-0/0/1.0:out", Tcp("1.1.1.1", "10.0.0.1", 25)) == "deny no-smtp line 13");
  // One name in both families: the filters are told apart by family.
  CHECK(fw.device.filters.count("inet/IN") == 1);
  CHECK(fw.device.filters.count("inet6/IN") == 1);
  CHECK(fw.device.filters.count("IN") == 0);
  CHECK(fw.device.filters.count("OUT") == 1);
}

TEST_CASE("junos: apply-groups merge group statements; wildcards and apply-groups-except") {
  Imported fw = ImportClean(R"CFG(groups {
    common-policies {
        security {
            policies {
                from-zone <*> to-zone untrust {
                    policy deny-smb { match { source-address any; destination-address any; application junos-smb; } then deny; }
                }
                default-policy { permit-all; }
            }
        }
    }
    mgmt-filter {
        firewall { filter <*> { term group-ssh { from { protocol tcp; destination-port ssh; } then accept; } } }
    }
}
apply-groups common-policies;
security {
    policies {
        from-zone trust to-zone untrust {
            policy web { match { source-address any; destination-address any; application junos-http; } then permit; }
        }
        from-zone dmz to-zone untrust {
            apply-groups-except common-policies;
            policy any-out { match { source-address any; destination-address any; application any; } then permit; }
        }
        default-policy { deny-all; }
    }
    zones { security-zone trust; security-zone dmz; security-zone untrust; }
}
firewall {
    filter F {
        apply-groups mgmt-filter;
        term web { from { protocol tcp; destination-port http; } then accept; }
    }
}
)CFG");
  // The group's policy comes after the explicit ones of the same zone pair.
  CHECK(Policy(fw, Tcp("10.0.0.1", "1.1.1.1", 80), "trust", "untrust") == "permit web line 20");
  CHECK(Policy(fw, Tcp("10.0.0.1", "1.1.1.1", 445), "trust", "untrust") == "deny deny-smb line 6");
  // apply-groups-except keeps the group out of dmz -> untrust.
  CHECK(Policy(fw, Tcp("10.0.0.1", "1.1.1.1", 445), "dmz", "untrust") == "permit any-out line 24");
  // The explicit default-policy wins over the group's.
  CHECK(Policy(fw, Tcp("10.0.0.1", "1.1.1.1", 445), "untrust", "trust") ==
        "deny (default-policy deny-all)");
  // A wildcard filter name in the group matches F.
  CHECK(Verdict(fw, "F", Tcp("10.0.0.1", "1.1.1.1", 22)) == "permit group-ssh line 13");
  CHECK(Verdict(fw, "F", Tcp("10.0.0.1", "1.1.1.1", 80)) == "permit web line 33");
  CHECK(Verdict(fw, "F", Tcp("10.0.0.1", "1.1.1.1", 81)) == "deny (implicit discard)");
}

TEST_CASE("junos: syntax errors are located") {
  CHECK(Problems(Import("security {\n    policies {\n        default-policy { deny-all; }\n}\n")) ==
        "srx.conf:1:10: error: missing '}' for this '{'\n"
        "security {\n"
        "         ^\n");
  CHECK(Problems(Import("firewall { filter F { term a { then accept; } } }\n}\n")) ==
        "srx.conf:2:1: error: unexpected '}' (no block is open)\n"
        "}\n"
        "^\n");
  CHECK(Problems(Import("system { host-name \"fw1; }\n")) ==
        "srx.conf:1:20: error: unterminated string\n"
        "system { host-name \"fw1; }\n"
        "                   ^\n");
  CHECK(Problems(Import("/* open\nsystem { }\n")) ==
        "srx.conf:1:1: error: unterminated comment\n"
        "/* open\n"
        "^~\n");
  CHECK(Problems(Import("firewall { filter F { term a { then accept } } }\n")) ==
        "srx.conf:1:44: error: expected ';' or '{' before '}'\n"
        "firewall { filter F { term a { then accept } } }\n"
        "                                           ^\n");
  CHECK(Problems(Import("set firewall filter F term a then accept\nshow firewall\n")) ==
        "srx.conf:2:1: error: expected 'set', 'deactivate', 'activate' or 'delete', got 'show'\n"
        "show firewall\n"
        "^~~~\n");
  CHECK(Problems(Import("set firewall filter F term a then { accept }\n")) ==
        "srx.conf:1:35: error: unexpected '{' in a set line\n"
        "set firewall filter F term a then { accept }\n"
        "                                  ^\n");
}

TEST_CASE("junos: statements not understood are warned about once and counted") {
  Imported fw = Import(R"CFG(system { host-name fw1; }
logical-systems { LS1 { security { policies { default-policy { permit-all; } } } } }
firewall {
    filter F {
        term t { from { protocol tcp; dscp af11; } then accept; }
        term u { from { protocol udp; } then { accept; encapsulate gre1; } }
    }
}
security {
    nat { source { rule-set rs1 { from zone a; to zone b; rule r1 { match { source-address 10.0.0.0/8; } then { source-nat { interface; } } } } } }
    policies { from-zone a to-zone b { policy p { match { source-address any; destination-address any; application any; source-identity admins; } then permit; } } }
}
)CFG");
  CHECK(Problems(fw) ==
        "srx.conf:11:121: warning: unsupported policy match 'source-identity' (UNKNOWN)\n"
        "    policies { from-zone a to-zone b { policy p { match { source-address any; "
        "destination-address any; application any; source-identity admins; } then permit; } } "
        "}\n"
        "                                                                                     "
        "                                   ^~~~~~~~~~~~~~~\n"
        "srx.conf:5:39: warning: unsupported filter match condition 'dscp' (UNKNOWN)\n"
        "        term t { from { protocol tcp; dscp af11; } then accept; }\n"
        "                                      ^~~~\n"
        "srx.conf:6:56: warning: unsupported filter action 'encapsulate' (UNKNOWN)\n"
        "        term u { from { protocol udp; } then { accept; encapsulate gre1; } }\n"
        "                                                       ^~~~~~~~~~~\n"
        "srx.conf:6:56: error: a term can have only one terminating action\n"
        "        term u { from { protocol udp; } then { accept; encapsulate gre1; } }\n"
        "                                                       ^~~~~~~~~~~\n"
        "srx.conf:10:64: warning: source NAT is not modelled: packets rule 'r1' matches are "
        "UNKNOWN\n"
        "    nat { source { rule-set rs1 { from zone a; to zone b; rule r1 { match { "
        "source-address 10.0.0.0/8; } then { source-nat { interface; } } } } } }\n"
        "                                                               ^~\n"
        "srx.conf:2:1: warning: statement not understood (ignored): 'logical-systems'\n"
        "logical-systems { LS1 { security { policies { default-policy { permit-all; } } } } }\n"
        "^~~~~~~~~~~~~~~\n");
  CHECK(Verdict(fw, "F", Tcp("1.1.1.1", "2.2.2.2", 80)) == "unknown (maybe t line 5)");
  CHECK(Policy(fw, Tcp("1.1.1.1", "2.2.2.2", 80), "a", "b") == "unknown (maybe p line 11)");
  // Source NAT: the packets its rule matches are UNKNOWN after the policies.
  REQUIRE(fw.device.forward.size() == 2);
  CHECK(fw.device.forward[1].kind == StageKind::kSourceNat);
  CHECK(Forward(fw, Tcp("10.1.1.1", "2.2.2.2", 80), Zones("a", "b")) ==
        "security-policies: unknown (maybe p line 11)");
  CHECK(Verdict(fw, "security-policies", Tcp("10.1.1.1", "2.2.2.2", 80), Zones("a", "b")) ==
        "unknown (maybe p line 11)");
  CHECK(Describe(fw.device.forward[1].filter.Evaluate(Tcp("10.1.1.1", "2.2.2.2", 80),
                                                      Zones("a", "b"))) == "unknown r1 line 10");
  CHECK(Describe(fw.device.forward[1].filter.Evaluate(
            Tcp("11.1.1.1", "2.2.2.2", 80), Zones("a", "b"))) == "permit (no source NAT)");
  CHECK(fw.device.coverage.unit == "statements");
  // Leaves: host-name; logical-systems (1); filter F (6: dscp and encapsulate not
  // understood); NAT (4: the source rule's 2 not); policy p (5: source-identity not).
  CHECK(fw.device.coverage.total == 17);
  CHECK(fw.device.coverage.understood == 11);
}

TEST_CASE("junos: sniff and the importer table") {
  CHECK(SniffJunos("set version 21.4R3\nset security policies default-policy deny-all\n"));
  CHECK(SniffJunos("## Last commit\nversion 21.4R3;\nsystem { host-name a; }\n"));
  CHECK(SniffJunos("firewall {\n    filter F { term a { then accept; } }\n}\n"));
  CHECK(SniffJunos("set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24\n"));
  CHECK_FALSE(SniffJunos("*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n"));
  CHECK_FALSE(SniffJunos("config firewall policy\n    edit 1\n        set srcintf \"port1\"\n"));
  const ImporterInfo* info = FindImporter("junos");
  REQUIRE(info != nullptr);
  CHECK(std::string(MaturityName(info->status)) == "alpha");
  CHECK(SniffImporter("set security zones security-zone trust\n") == info);
}

// Capirca's output for the policies in tests/importers/data/junos/capirca/pol: read cleanly and
// completely, with the verdicts the policies mean.
Imported ImportCapirca(const std::string& name) {
  std::ifstream in(std::string(FLOWAUDIT_SOURCE_DIR) + "/tests/importers/data/junos/capirca/" +
                   name);
  REQUIRE_MESSAGE(in.good(), name);
  std::stringstream text;
  text << in.rdbuf();
  Imported out = Import(text.str(), name);
  CHECK_MESSAGE(Problems(out).empty(), Problems(out));
  CHECK(out.device.coverage.total > 0);
  CHECK(out.device.coverage.understood == out.device.coverage.total);
  return out;
}

TEST_CASE("junos: capirca juniper filters (replace:, except, tcp-established, icmp, inactive)") {
  Imported fw = ImportCapirca("filter.conf");
  CHECK(Verdict(fw, "edge-inbound", Tcp("1.1.1.1", "192.0.2.10", 443)) ==
        "permit allow-web line 15");
  CHECK(Verdict(fw, "edge-inbound", Tcp("1.1.1.1", "192.0.2.10", 22)) ==
        "deny default-deny line 62");
  CHECK(Verdict(fw, "edge-inbound", Udp("172.16.0.1", "8.8.8.8", 53)) == "permit excl line 32");
  CHECK(Verdict(fw, "edge-inbound", Udp("10.1.0.1", "8.8.8.8", 53)) == "deny default-deny line 62");
  CHECK(Verdict(fw, "edge-inbound", Icmp("1.1.1.1", "8.8.8.8", 0)) == "permit ping line 44");
  CHECK(Verdict(fw, "edge-inbound", Tcp("1.1.1.1", "8.8.8.8", 1024)) ==
        "deny inactive-term line 51");

  Imported mixed = ImportCapirca("filter-mixed.conf");
  CHECK(Verdict(mixed, "mixed-in4", Tcp("1.1.1.1", "192.0.2.10", 443, 1024)) ==
        "permit v6-web line 12");
  CHECK(Verdict(mixed, "mixed-in4", Tcp("1.1.1.1", "192.0.2.10", 443, 1023)) ==
        "deny deny-rest line 52");
  CHECK(Verdict(mixed, "mixed-in4", Udp("1.1.1.1", "192.0.2.10", 53)) ==
        "deny deny-rest line 52");  // the inactive term
  CHECK(Verdict(mixed, "mixed-in4", Udp("10.0.0.1", "192.0.2.10", 53)) == "deny rej line 33");
  CHECK(Verdict(mixed, "mixed-in4", Udp("10.1.0.1", "192.0.2.10", 53)) == "deny deny-rest line 52");
  CHECK(Verdict(mixed, "mixed-in6", Tcp("2001:db8::1", "2001:db8::10", 80, 2000)) ==
        "permit v6-web line 72");
  CHECK(Verdict(mixed, "mixed-in6", Icmp("2001:db8::1", "2001:db8::10", 128)) ==
        "permit icmp6 line 86");
  CHECK(Verdict(mixed, "mixed-in6", Icmp("2001:db8::1", "2001:db8::10", 129)) ==
        "deny deny-rest line 107");
}

TEST_CASE("junos: capirca SRX policies (global and zone address books, application sets)") {
  Imported fw = ImportCapirca("srx.conf");
  CHECK(Policy(fw, Tcp("1.1.1.1", "192.0.2.10", 443), "trust", "untrust") ==
        "permit allow-web line 28");
  CHECK(Policy(fw, Tcp("1.1.1.1", "2001:db8::10", 443), "trust", "untrust") ==
        "deny deny-all line 61");
  CHECK(Policy(fw, Tcp("2001:db8::1", "2001:db8::10", 443), "trust", "untrust") ==
        "permit allow-web line 28");
  CHECK(Policy(fw, Tcp("172.16.0.1", "8.8.8.8", 53), "trust", "untrust") ==
        "permit allow-dns line 38");
  CHECK(Policy(fw, Icmp("1.1.1.1", "8.8.8.8", 8), "trust", "untrust") == "permit ping line 51");
  CHECK(Policy(fw, Icmp("1.1.1.1", "8.8.8.8", 0), "trust", "untrust") == "deny deny-all line 61");
  CHECK(Policy(fw, Icmp("1.1.1.1", "8.8.8.8", 8), "untrust", "trust") ==
        "deny (default-policy deny-all)");

  Imported zones = ImportCapirca("srx-zone-books.conf");
  CHECK(Policy(zones, Tcp("10.1.1.1", "192.0.2.10", 80, 1024), "trust", "untrust") ==
        "permit web line 34");
  CHECK(Policy(zones, Udp("10.1.1.1", "192.0.2.10", 53, 1024), "trust", "untrust") ==
        "permit web line 34");
  CHECK(Policy(zones, Tcp("10.1.1.1", "192.0.2.10", 80, 1023), "trust", "untrust") ==
        "deny rj line 58");
  CHECK(Policy(zones, Icmp("2001:db8::1", "2001:db8::2", 129), "trust", "untrust") ==
        "permit icmp6 line 48");

  Imported global = ImportCapirca("srx-global-inet6.conf");
  CHECK(Policy(global, Tcp("2001:db8::1", "2001:db8::10", 443), "x", "y") == "permit g6 line 20");
  CHECK(Policy(global, Tcp("2001:db8::1", "2001:db8::10", 80), "x", "y") == "deny gd line 30");
}

TEST_CASE("junos: comments, quotes, protect:, named address books attached to zones") {
  Imported fw = ImportClean(R"CFG(/* annotation
   over two lines */
# a comment line
security {
    protect: address-book {
        dmz-book {
            address "WEB 1" 192.0.2.10;
            attach { zone dmz; }
        }
        global { address WEB2 192.0.2.20/32; }
    }
    policies {
        from-zone untrust to-zone dmz {
            policy "web in" {
                description "allow \"web\"; and more";
                match { source-address any; destination-address [ "WEB 1" WEB2 ]; application junos-https; }
                then { permit; }
            }
        }
    }
}
)CFG");
  CHECK(Policy(fw, Tcp("1.1.1.1", "192.0.2.10", 443), "untrust", "dmz") == "permit web in line 14");
  CHECK(Policy(fw, Tcp("1.1.1.1", "192.0.2.20", 443), "untrust", "dmz") == "permit web in line 14");
  CHECK(Policy(fw, Tcp("1.1.1.1", "192.0.2.11", 443), "untrust", "dmz") ==
        "deny (default-policy deny-all)");
  // The dmz book is not the untrust zone's: from there "WEB 1" is unknown.
  Imported wrong = Import(R"CFG(set security address-book dmz-book address W 192.0.2.10/32
set security address-book dmz-book attach zone dmz
set security policies from-zone dmz to-zone untrust policy p match source-address any
set security policies from-zone dmz to-zone untrust policy p match destination-address W
set security policies from-zone dmz to-zone untrust policy p match application any
set security policies from-zone dmz to-zone untrust policy p then permit
)CFG");
  CHECK(
      Problems(wrong) ==
      "srx.conf:4:88: error: unknown address or address-set 'W'\n"
      "set security policies from-zone dmz to-zone untrust policy p match destination-address "
      "W\n"
      "                                                                                       ^\n");
}

TEST_CASE("junos: hostile input: deep nesting, long statements, random mutations") {
  std::string deep;
  for (int i = 0; i < 100000; ++i) deep += "a { ";
  CHECK(Problems(Import(deep))
            .find("srx.conf:1:803: error: blocks are nested too deeply (more "
                  "than 200)") == 0);
  CHECK(Problems(Import(std::string(100000, '{')))
            .find("srx.conf:1:1: error: a block needs a "
                  "name before '{'") == 0);
  std::string long_line = "set";
  for (int i = 0; i < 100000; ++i) long_line += " w";
  CHECK(Problems(Import(long_line + "\n"))
            .find("srx.conf:1:1: error: statement longer than 500 "
                  "words") == 0);
  // Random edits of realistic configs: the importer returns, and every message has a place.
  std::mt19937 rng(7);
  for (const char* seed : {kSrxBraces, kSrxSet, kFilters}) {
    for (int round = 0; round < 300; ++round) {
      std::string text = seed;
      for (int edit = 0; edit < 4 && !text.empty(); ++edit) {
        size_t at = rng() % text.size();
        static const char* kPieces[] = {
            "{",      "}", ";",  "[", "]", "\"", "/*", "#", "inactive: ", "\n", "apply-groups x;",
            "except", "-", "<*>"};
        if (rng() % 2) {
          text.insert(at, kPieces[rng() % std::size(kPieces)]);
        } else {
          text.erase(at, 1 + rng() % 30);
        }
      }
      Imported fw;
      CHECK_NOTHROW(fw = Import(text));
      for (const Diagnostic& d : fw.diagnostics.All()) CHECK(d.location.IsValid());
    }
  }
}

TEST_CASE("junos: destination and static NAT before the policies") {
  Imported fw = ImportClean(R"CFG(security {
    nat {
        destination {
            pool web-pool { address 10.1.1.10/32 port 8080; }
            rule-set from-internet {
                from zone untrust;
                rule web { match { destination-address 203.0.113.10/32; destination-port { 80; } protocol tcp; } then { destination-nat { pool { web-pool; } } } }
                rule keep { match { destination-address 203.0.113.0/24; } then { destination-nat off; } }
            }
        }
        static {
            rule-set st { from zone untrust; rule s1 { match { destination-address 203.0.113.20/32; } then { static-nat { prefix { 10.1.1.20/32; } } } } }
        }
    }
    policies { from-zone untrust to-zone trust { policy web { match { source-address any; destination-address any; application any; } then permit; } } }
}
)CFG");
  REQUIRE(fw.device.forward.size() == 3);
  CHECK(fw.device.forward[0].kind == StageKind::kDestinationNat);
  CHECK(fw.device.forward[1].filter.name() == "security-policies");
  CHECK(fw.device.forward[2].kind == StageKind::kSourceNat);  // the reverse of static NAT
  const Filter& dnat = fw.device.forward[0].filter;
  MatchContext in = Zones("untrust", "trust");
  Decision web = dnat.Evaluate(Tcp("1.1.1.1", "203.0.113.10", 80), in);
  CHECK(Describe(web) == "permit web line 7");
  CHECK(web.action.kind == ActionKind::kDnat);
  CHECK(web.action.nat.ToString() == "10.1.1.10:8080");
  // Static NAT takes precedence over destination NAT, wherever it is written.
  Decision s1 = dnat.Evaluate(Tcp("1.1.1.1", "203.0.113.20", 80), in);
  CHECK(Describe(s1) == "permit s1 line 12");
  CHECK(s1.action.nat.ToString() == "10.1.1.20");
  CHECK(Describe(dnat.Evaluate(Tcp("1.1.1.1", "203.0.113.10", 81), in)) == "permit keep line 8");
  CHECK(dnat.Evaluate(Tcp("1.1.1.1", "203.0.113.10", 81), in).action.kind == ActionKind::kAccept);
  // Another ingress zone: no rule-set applies.
  CHECK(Describe(dnat.Evaluate(Tcp("1.1.1.1", "203.0.113.10", 80), Zones("trust", "untrust"))) ==
        "permit (no destination NAT)");
  // The static host answers for its mapped address on the way out: not modelled, UNKNOWN.
  CHECK(Describe(fw.device.forward[2].filter.Evaluate(Tcp("10.1.1.20", "8.8.8.8", 53),
                                                      Zones("trust", "untrust"))) ==
        "unknown s1 (reverse) line 12");
}

}  // namespace
}  // namespace flowaudit
