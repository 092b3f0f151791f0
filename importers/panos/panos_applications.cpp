#include "importers/panos/panos_applications.h"

namespace flowaudit::panos {

Match ProtocolIs(uint8_t protocol) { return Match({Term::FieldIs(Field::kProtocol, protocol)}); }

Match PortsOf(uint8_t protocol, std::vector<ValueRange> ports) {
  return ProtocolIs(protocol).Add(Term::FieldIn(Field::kDstPort, std::move(ports)));
}

Match IcmpTypeOf(uint8_t protocol, uint8_t type, std::optional<uint8_t> code) {
  Match match = ProtocolIs(protocol).Add(Term::FieldIs(Field::kIcmpType, type));
  if (code) match.Add(Term::FieldIs(Field::kIcmpCode, *code));
  return match;
}

namespace {

struct BuiltinPorts {
  uint8_t protocol;
  std::vector<ValueRange> ports;
};

// Applications on TCP/UDP: identified on any port of their protocols, standard ports from
// Applipedia. Kept small on purpose: unlisted applications stay wholly UNKNOWN.
struct PortApplication {
  const char* name;
  std::vector<BuiltinPorts> standard;
};

const std::vector<PortApplication>& PortApplications() {
  using namespace protocol;
  static const std::vector<PortApplication> table = {
      {"dns", {{kTcp, {{53, 53}}}, {kUdp, {{53, 53}}}}},
      {"ftp", {{kTcp, {{21, 21}}}}},
      {"ldap", {{kTcp, {{389, 389}}}, {kUdp, {{389, 389}}}}},
      {"ms-rdp", {{kTcp, {{3389, 3389}}}}},
      {"ntp", {{kUdp, {{123, 123}}}}},
      {"sip", {{kTcp, {{5060, 5061}}}, {kUdp, {{5060, 5060}}}}},
      {"smtp", {{kTcp, {{25, 25}}}}},
      {"snmp", {{kUdp, {{161, 162}}}}},
      {"ssh", {{kTcp, {{22, 22}}}}},
      {"ssl", {{kTcp, {{443, 443}}}}},
      {"web-browsing", {{kTcp, {{80, 80}}}}},
  };
  return table;
}

// Applications identified by IP protocol alone: their shape is exact, their standard
// "ports" are the protocol itself.
struct ProtocolApplication {
  const char* name;
  uint8_t protocol;
};

constexpr ProtocolApplication kProtocolApplications[] = {
    {"gre", protocol::kGre},
    {"icmp", protocol::kIcmp},
    {"igmp", 2},
    {"ipsec-ah", protocol::kAh},
    {"ipsec-esp", protocol::kEsp},
    {"ipv6-icmp", protocol::kIcmpv6},
    {"ospf", 89},
    {"sctp", protocol::kSctp},
};

}  // namespace

std::optional<ApplicationShape> BuiltinApplication(std::string_view name) {
  if (name == "ping") {  // echo request, both families
    std::vector<Match> echo = {IcmpTypeOf(protocol::kIcmp, 8), IcmpTypeOf(protocol::kIcmpv6, 128)};
    return ApplicationShape{"ping", echo, echo};
  }
  for (const ProtocolApplication& app : kProtocolApplications) {
    if (name == app.name) {
      std::vector<Match> shape = {ProtocolIs(app.protocol)};
      return ApplicationShape{app.name, shape, shape};
    }
  }
  for (const PortApplication& app : PortApplications()) {
    if (name != app.name) continue;
    ApplicationShape shape{app.name, std::vector<Match>(), std::vector<Match>()};
    for (const BuiltinPorts& p : app.standard) {
      shape.envelope->push_back(ProtocolIs(p.protocol));
      shape.default_ports->push_back(PortsOf(p.protocol, p.ports));
    }
    return shape;
  }
  return std::nullopt;
}

std::optional<std::vector<Match>> BuiltinService(std::string_view name) {
  if (name == "service-http")
    return std::vector<Match>{PortsOf(protocol::kTcp, {{80, 80}, {8080, 8080}})};
  if (name == "service-https") return std::vector<Match>{PortsOf(protocol::kTcp, {{443, 443}})};
  return std::nullopt;
}

}  // namespace flowaudit::panos
