#include "importers/common/service_spec.h"

#include <charconv>

namespace flowaudit {
namespace {

std::optional<long> Number(std::string_view text) {
  long value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<uint16_t> Port(std::string_view text, std::string* error) {
  auto value = Number(text);
  if (!value) {
    *error = "'" + std::string(text) + "' is not a port number";
    return std::nullopt;
  }
  if (*value < 0 || *value > 65535) {
    *error = "port " + std::string(text) + " is out of range 0-65535";
    return std::nullopt;
  }
  return static_cast<uint16_t>(*value);
}

}  // namespace

std::optional<uint8_t> ParseProtocol(std::string_view text) {
  struct Name {
    const char* name;
    uint8_t number;
  };
  static const Name kNames[] = {{"tcp", protocol::kTcp},          {"udp", protocol::kUdp},
                                {"icmp", protocol::kIcmp},        {"icmpv6", protocol::kIcmpv6},
                                {"ipv6-icmp", protocol::kIcmpv6}, {"gre", protocol::kGre},
                                {"esp", protocol::kEsp},          {"ah", protocol::kAh},
                                {"sctp", protocol::kSctp}};
  for (const Name& n : kNames) {
    if (text == n.name) return n.number;
  }
  auto value = Number(text);
  if (value && *value >= 0 && *value <= 255) return static_cast<uint8_t>(*value);
  return std::nullopt;
}

std::optional<ServiceSpec> ParseServiceSpec(std::string_view text, std::string* error) {
  ServiceSpec spec;
  spec.text = std::string(text);
  if (text == "any") {
    spec.any_protocol = true;
    return spec;
  }
  size_t slash = text.find('/');
  std::string_view proto_text = text.substr(0, slash);
  auto proto = ParseProtocol(proto_text);
  if (!proto) {
    *error = "unknown protocol '" + std::string(proto_text) + "'";
    return std::nullopt;
  }
  spec.protocol = *proto;
  if (slash == std::string_view::npos) return spec;
  std::string_view rest = text.substr(slash + 1);
  if (*proto == protocol::kIcmp || *proto == protocol::kIcmpv6) {
    auto type = Number(rest);
    if (!type || *type < 0 || *type > 255) {
      *error = "ICMP type '" + std::string(rest) + "' must be a number 0-255";
      return std::nullopt;
    }
    spec.icmp_type = static_cast<uint8_t>(*type);
    return spec;
  }
  if (!HasPorts(*proto)) {
    *error = "protocol '" + std::string(proto_text) + "' has no ports";
    return std::nullopt;
  }
  size_t dash = rest.find('-');
  auto lo = Port(rest.substr(0, dash), error);
  if (!lo) return std::nullopt;
  auto hi = dash == std::string_view::npos ? lo : Port(rest.substr(dash + 1), error);
  if (!hi) return std::nullopt;
  if (*hi < *lo) {
    *error = "port range " + std::string(rest) + " is empty";
    return std::nullopt;
  }
  spec.ports = {*lo, *hi};
  return spec;
}

Match ServiceSpec::ToMatch() const {
  Match m;
  if (any_protocol) return m;
  m.Add(Term::FieldIs(Field::kProtocol, protocol));
  if (HasPorts(protocol) && !(ports.lo == 0 && ports.hi == 65535)) {
    m.Add(Term::FieldIn(Field::kDstPort, {ports}));
  }
  if (icmp_type) m.Add(Term::FieldIs(Field::kIcmpType, *icmp_type));
  return m;
}

PacketSet ServiceSpec::ToPacketSet() const { return ToMatch().ToSets({}).must & PacketSet::All(); }

}  // namespace flowaudit
