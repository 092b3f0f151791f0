// The checker on small design-time sites written in flowaudit's own YAML: each test states a
// topology, a requirement and the exact outcome.
#include "src/check/checker.h"

#include <doctest/doctest.h>

#include "tests/temp_dir.h"

namespace flowaudit {
namespace {

using testing::TempDir;

// Zones and hosts shared by the tests; each test adds its devices and services.
const char* kBase = R"YAML(site: test
zones:
  internet: { subnets: ["0.0.0.0/0"], trust: untrusted }
  dmz:      { subnets: [203.0.113.0/24], trust: dmz }
  clients:  { subnets: [10.10.0.0/16], tags: [lync-clients] }
  servers:  { subnets: [10.1.0.0/24] }
hosts:
  fe01: { address: 10.1.0.11, roles: [front-end] }
  fe02: { address: 10.1.0.12, roles: [front-end] }
)YAML";

struct Run {
  TempDir dir;
  std::optional<Site> site;
  Diagnostics diagnostics;
  AuditResult result;

  Run(const std::string& site_rest, const std::string& pack) {
    std::string site_path = dir.Write("site.yaml", std::string(kBase) + site_rest);
    std::string pack_path = dir.Write("pack.yaml", pack);
    site = LoadSite(site_path, {}, diagnostics);
    for (const Diagnostic& d : diagnostics.All()) MESSAGE(FormatDiagnostic(d));
    REQUIRE(site.has_value());
    auto loaded = LoadPack(pack_path, diagnostics);
    for (const Diagnostic& d : diagnostics.All()) MESSAGE(FormatDiagnostic(d));
    REQUIRE(loaded.has_value());
    result = RunAudit(*site, {*loaded});
  }
  const RequirementResult& Get(const std::string& id) const {
    for (const RequirementResult& r : result.requirements) {
      if (r.id == id) return r;
    }
    FAIL("no requirement " << id);
    return result.requirements.front();
  }
};

const char* kWebPack = R"YAML(pack: t
requirements:
  - id: web-http
    severity: high
    check:
      kind: flow
      from: {tags: [lync-clients]}
      to: {roles: [front-end], prefer_vip: true, vip_roles: [web]}
      service: [tcp/80]
      expect: allow
  - id: web-listeners
    severity: critical
    check: {kind: listener, services: {roles: [web]}, ports: [tcp/80, tcp/443], members: all}
  - id: no-internet-web
    severity: critical
    check:
      kind: flow
      from: {trust: [untrusted]}
      to: {roles: [front-end], service_roles: [web]}
      service: [tcp/80, tcp/443]
      expect: deny
)YAML";

std::string Devices(const std::string& hlb_servers, const std::string& fw_rules) {
  return R"YAML(services:
  web: { vip: 10.1.0.100, members: [fe01, fe02], role: web, device: hlb }
devices:
  fw:
    kind: firewall
    interfaces: { in: clients, srv: servers, out: internet }
    rules:
)YAML" + fw_rules +
         R"YAML(  hlb:
    kind: load-balancer
    zone: servers
    virtual_servers:
)YAML" + hlb_servers;
}

const char* kFwAllowWeb =
    "      - { from: clients, to: servers, dst: 10.1.0.100, service: [tcp/80, tcp/443], action: "
    "permit }\n";
const char* kHlbBoth =
    "      - { vip: 10.1.0.100, port: 443, pool: [10.1.0.11:443, 10.1.0.12:443] }\n"
    "      - { vip: 10.1.0.100, port: 80, pool: [10.1.0.11:80, 10.1.0.12:80] }\n";

TEST_CASE("a load balancer that listens on 443 only fails the HTTP flow, naming VIP:80") {
  Run run(Devices("      - { vip: 10.1.0.100, port: 443, pool: [10.1.0.11:443, 10.1.0.12:443] }\n",
                  kFwAllowWeb),
          kWebPack);
  const RequirementResult& flow = run.Get("web-http");
  CHECK(flow.status == Status::kFail);
  CHECK(flow.message ==
        "zone clients cannot fully reach service web VIP 10.1.0.100 on tcp/80: no listener on "
        "10.1.0.100:80 at hlb");
  const RequirementResult& listeners = run.Get("web-listeners");
  CHECK(listeners.status == Status::kFail);
  REQUIRE(listeners.details.size() == 1);
  CHECK(listeners.details[0] == "service web: no listener on 10.1.0.100:80 (hlb)");
  CHECK(run.Get("no-internet-web").status == Status::kPass);
}

TEST_CASE("with both listeners every member is reached on every path") {
  Run run(Devices(kHlbBoth, kFwAllowWeb), kWebPack);
  const RequirementResult& flow = run.Get("web-http");
  CHECK(flow.status == Status::kPass);
  REQUIRE(flow.flows.size() == 1);
  // One path per pool member, each delivering.
  REQUIRE(flow.flows[0].paths.size() == 2);
  CHECK(flow.flows[0].paths[0].vertices ==
        std::vector<std::string>{"clients", "fw", "servers", "hlb", "servers"});
  CHECK(run.Get("web-listeners").status == Status::kPass);
}

TEST_CASE("a firewall rule that blocks port 80 is named with file and line") {
  Run run(Devices(kHlbBoth,
                  "      - { from: clients, to: servers, dst: 10.1.0.100, service: tcp/443, "
                  "action: permit }\n"
                  "      - { from: clients, to: servers, service: tcp/80, action: deny }\n"),
          kWebPack);
  const RequirementResult& flow = run.Get("web-http");
  CHECK(flow.status == Status::kFail);
  CHECK(flow.message.find("dropped by fw rules") != std::string::npos);
  CHECK(flow.message.find("site.yaml:18") != std::string::npos);
  REQUIRE_FALSE(flow.locations.empty());
  CHECK(flow.locations[0].line == 18);
}

TEST_CASE("a port forward from the Internet to a Front End fails the must-deny") {
  std::string devices =
      Devices(kHlbBoth, kFwAllowWeb) +
      "  edge-fw:\n    kind: firewall\n    interfaces: { o: internet, s: servers }\n"
      "    nat:\n      - { dst: 198.51.100.7, service: tcp/443, translate_destination: 10.1.0.11 "
      "}\n"
      "    rules:\n      - { to: servers, dst: 10.1.0.11, service: tcp/443, action: permit }\n";
  Run run(devices, kWebPack);
  const RequirementResult& deny = run.Get("no-internet-web");
  CHECK(deny.status == Status::kFail);
  CHECK(deny.message.find("zone internet can reach host fe01 (10.1.0.11) on tcp/443") == 0);
  // Two failing paths through edge-fw: the port forward of the public address, and the FE
  // itself, which the rule also lets through.
  std::string delivered;
  for (const FlowResult& f : deny.flows) {
    for (const PathResult& p : f.paths) {
      if (p.status != Status::kFail) continue;
      CHECK(p.vertices == std::vector<std::string>{"internet", "edge-fw", "servers"});
      for (const std::string& line : p.delivered) delivered += line + "\n";
    }
  }
  CHECK(delivered.find("-> 198.51.100.7 tcp/443") != std::string::npos);
  CHECK(delivered.find("-> 10.1.0.11 tcp/443") != std::string::npos);
}

TEST_CASE("conditions make requirements not applicable and parameters lower severity") {
  const char* pack = R"YAML(pack: t
requirements:
  - id: needs-edge
    severity: high
    when: {roles: [edge]}
    check: {kind: flow, from: {tags: [lync-clients]}, to: {roles: [edge]}, service: [tcp/443]}
  - id: lowered
    severity: medium
    severity_when:
      - {parameter: {name: keep_crls_up_to_date_for_peers, equals: false}, severity: info}
    check: {kind: flow, from: {tags: [lync-clients]}, to: {hosts: [fe01]}, service: [tcp/5061]}
)YAML";
  Run run(
      "parameters: { keep_crls_up_to_date_for_peers: false }\n" + Devices(kHlbBoth, kFwAllowWeb),
      pack);
  CHECK(run.Get("needs-edge").status == Status::kNotApplicable);
  CHECK(run.Get("needs-edge").message == "not applicable: no host has role edge");
  const RequirementResult& lowered = run.Get("lowered");
  CHECK(lowered.severity == Level::kInfo);
  CHECK(lowered.status == Status::kInfo);  // blocked, but only reported
}

TEST_CASE("the Internet is not a transit zone") {
  // Two firewalls both touch the Internet; a path clients -> fw -> internet -> fw2 -> servers
  // must not exist, so the only path is the direct one.
  std::string devices = Devices(kHlbBoth, kFwAllowWeb) +
                        "  fw2:\n    kind: firewall\n    interfaces: { o: internet, s: servers }\n"
                        "    default: permit\n";
  Run run(devices, kWebPack);
  const RequirementResult& flow = run.Get("web-http");
  CHECK(flow.status == Status::kPass);
  CHECK(flow.flows[0].paths.size() == 2);
}

}  // namespace
}  // namespace flowaudit

namespace flowaudit {
namespace {

TEST_CASE("a firewall with an iptables and an ip6tables dump filters each family with its own") {
  TempDir dir;
  dir.Write("fw.v4",
            "*filter\n:FORWARD DROP [0:0]\n-A FORWARD -p tcp --dport 80 -j ACCEPT\nCOMMIT\n");
  dir.Write("fw.v6",
            "*filter\n:FORWARD DROP [0:0]\n-A FORWARD -p tcp --dport 443 -j ACCEPT\nCOMMIT\n");
  std::string site_path = dir.Write("site.yaml", R"YAML(site: dual
zones:
  clients: { subnets: [10.10.0.0/16, "2001:db8:10::/48"] }
  servers: { subnets: [10.1.0.0/24, "2001:db8:1::/48"] }
hosts:
  web4: { address: 10.1.0.11 }
  web6: { address: "2001:db8:1::11" }
devices:
  fw:
    kind: firewall
    config: [{file: fw.v4, vendor: iptables}, {file: fw.v6, vendor: ip6tables}]
    interfaces: { in: clients, out: servers }
)YAML");
  std::string pack_path = dir.Write("pack.yaml", R"YAML(pack: t
requirements:
  - id: http
    severity: high
    check: {kind: flow, from: {zones: [clients]}, to: {hosts: [web4, web6]}, service: [tcp/80]}
  - id: https
    severity: high
    check: {kind: flow, from: {zones: [clients]}, to: {hosts: [web4, web6]}, service: [tcp/443]}
)YAML");
  Diagnostics diagnostics;
  auto site = LoadSite(site_path, {}, diagnostics);
  for (const Diagnostic& d : diagnostics.All()) MESSAGE(FormatDiagnostic(d));
  REQUIRE(site.has_value());
  CHECK(site->FindDevice("fw")->device.vendor == "iptables+ip6tables");
  auto pack = LoadPack(pack_path, diagnostics);
  REQUIRE(pack.has_value());
  AuditResult result = RunAudit(*site, {*pack});
  // Each family's flow is judged by its own dump: IPv4 allows 80 only, IPv6 443 only.
  for (const RequirementResult& r : result.requirements) {
    REQUIRE(r.flows.size() == 2);
    bool http = r.id == "http";
    CHECK(r.flows[0].to == "host web4 (10.1.0.11)");
    CHECK(r.flows[0].status == (http ? Status::kPass : Status::kFail));
    CHECK(r.flows[1].to == "host web6 (2001:db8:1::11)");
    CHECK(r.flows[1].status == (http ? Status::kFail : Status::kPass));
  }
}

TEST_CASE("two dumps of the same family on one device are an error") {
  TempDir dir;
  dir.Write("a.v4", "*filter\n:FORWARD DROP [0:0]\nCOMMIT\n");
  std::string site_path = dir.Write("site.yaml", R"YAML(site: dual
zones:
  a: { subnets: [10.0.0.0/8] }
devices:
  fw: { kind: firewall, vendor: iptables, config: [a.v4, a.v4], zone: a }
)YAML");
  Diagnostics diagnostics;
  CHECK_FALSE(LoadSite(site_path, {}, diagnostics).has_value());
  REQUIRE(diagnostics.ErrorCount() == 1);
  CHECK(diagnostics.All().back().message ==
        "device 'fw' lists several configs: each must cover one address family, and each "
        "family once (an iptables-save and an ip6tables-save dump)");
}

}  // namespace
}  // namespace flowaudit

namespace flowaudit {
namespace {

TEST_CASE("a flow that depends on an ipset whose contents are unknown is UNKNOWN, never a pass") {
  TempDir dir;
  dir.Write("fw.rules",
            "*filter\n:FORWARD DROP [0:0]\n"
            "-A FORWARD -m set --match-set blocked src -j DROP\n"
            "-A FORWARD -p tcp --dport 80 -j ACCEPT\nCOMMIT\n");
  std::string site_path = dir.Write("site.yaml", R"YAML(site: u
zones:
  clients: { subnets: [10.10.0.0/16] }
  servers: { subnets: [10.1.0.0/24] }
hosts:
  web: { address: 10.1.0.11 }
devices:
  fw: { kind: firewall, vendor: iptables, config: fw.rules, interfaces: { a: clients, b: servers } }
)YAML");
  std::string pack_path = dir.Write("pack.yaml", R"YAML(pack: t
requirements:
  - id: http
    severity: high
    check: {kind: flow, from: {zones: [clients]}, to: {hosts: [web]}, service: [tcp/80]}
  - id: ssh-closed
    severity: high
    check: {kind: flow, from: {zones: [clients]}, to: {hosts: [web]}, service: [tcp/22], expect: deny}
)YAML");
  Diagnostics diagnostics;
  auto site = LoadSite(site_path, {}, diagnostics);
  REQUIRE(site.has_value());
  CHECK(diagnostics.WarningCount() == 1);
  auto pack = LoadPack(pack_path, diagnostics);
  REQUIRE(pack.has_value());
  AuditResult result = RunAudit(*site, {*pack});
  CHECK(result.requirements[0].status == Status::kUnknown);
  CHECK(result.requirements[0].message.rfind(
            "zone clients may not reach host web (10.1.0.11) on tcp/80: UNKNOWN at fw", 0) == 0);
  // Dropped either way: the unknown DROP rule cannot make port 22 reachable.
  CHECK(result.requirements[1].status == Status::kPass);
  CHECK(result.HasFailureAtOrAbove(Level::kLow));  // UNKNOWN fails a CI gate

  SiteOptions strict;
  strict.strict = true;
  Diagnostics strict_diagnostics;
  CHECK_FALSE(LoadSite(site_path, strict, strict_diagnostics).has_value());
}

}  // namespace
}  // namespace flowaudit

namespace flowaudit {
namespace {

// A PAN-OS firewall names its own zones (trust, untrust) on its interfaces; the site's zones
// have other names. Rules must see the vendor's zones, or every rule would silently miss.
const char* kPanos = R"XML(<config version="10.2.0"><devices><entry name="localhost.localdomain">
<vsys><entry name="vsys1">
  <zone>
    <entry name="trust"><network><layer3><member>ethernet1/1</member></layer3></network></entry>
    <entry name="untrust"><network><layer3><member>ethernet1/2</member></layer3></network></entry>
  </zone>
  <rulebase><security><rules>
    <entry name="web to servers">
      <from><member>trust</member></from><to><member>untrust</member></to>
      <source><member>any</member></source><destination><member>10.1.0.0/24</member></destination>
      <application><member>any</member></application><service><member>service-http</member></service>
      <action>allow</action>
    </entry>
  </rules></security></rulebase>
</entry></vsys></entry></devices></config>
)XML";

TEST_CASE("vendor zones: rules see the firewall's own zone names, not the site's") {
  TempDir dir;
  dir.Write("fw.xml", kPanos);
  std::string site_path = dir.Write("site.yaml", std::string(kBase) + R"YAML(devices:
  fw:
    kind: firewall
    vendor: panos
    config: fw.xml
    interfaces: { ethernet1/1: clients, ethernet1/2: servers, ethernet1/9: internet }
)YAML");
  std::string pack_path = dir.Write("pack.yaml", R"YAML(pack: t
requirements:
  - id: web
    severity: high
    check: {kind: flow, from: {tags: [lync-clients]}, to: {roles: [front-end]}, service: [tcp/80], expect: allow}
  - id: no-ssh
    severity: high
    check: {kind: flow, from: {tags: [lync-clients]}, to: {roles: [front-end]}, service: [tcp/22], expect: deny}
)YAML");
  Diagnostics diagnostics;
  std::optional<Site> site = LoadSite(site_path, {}, diagnostics);
  REQUIRE(site.has_value());
  std::string messages;
  for (const Diagnostic& d : diagnostics.All()) messages += FormatDiagnostic(d);
  CHECK(messages.find("site.yaml:15:63: warning: interface 'ethernet1/9' is in no zone of the "
                      "config of device 'fw'; did you mean 'ethernet1/1'?") != std::string::npos);
  auto pack = LoadPack(pack_path, diagnostics);
  REQUIRE(pack.has_value());
  AuditResult result = RunAudit(*site, {*pack});
  REQUIRE(result.requirements.size() == 2);
  CHECK(result.requirements[0].status == Status::kPass);
  CHECK(result.requirements[1].status == Status::kPass);
}

}  // namespace
}  // namespace flowaudit
