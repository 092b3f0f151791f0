#include "models/packet.h"

namespace flowaudit {

int FieldWidth(Field field) {
  switch (field) {
    case Field::kFamily:
      return 1;
    case Field::kDstAddress:
    case Field::kSrcAddress:
      return 128;
    case Field::kDstPort:
    case Field::kSrcPort:
      return 16;
    case Field::kProtocol:
    case Field::kIcmpType:
    case Field::kIcmpCode:
      return 8;
  }
  return 0;
}

const char* FieldName(Field field) {
  switch (field) {
    case Field::kFamily:
      return "family";
    case Field::kDstAddress:
      return "dst";
    case Field::kDstPort:
      return "dport";
    case Field::kProtocol:
      return "protocol";
    case Field::kSrcAddress:
      return "src";
    case Field::kSrcPort:
      return "sport";
    case Field::kIcmpType:
      return "icmp-type";
    case Field::kIcmpCode:
      return "icmp-code";
  }
  return "?";
}

bool HasPorts(uint8_t p) {
  return p == protocol::kTcp || p == protocol::kUdp || p == protocol::kSctp ||
         p == protocol::kUdplite || p == protocol::kDccp;
}

std::string ProtocolName(uint8_t p) {
  switch (p) {
    case protocol::kIcmp:
      return "icmp";
    case protocol::kTcp:
      return "tcp";
    case protocol::kUdp:
      return "udp";
    case protocol::kGre:
      return "gre";
    case protocol::kEsp:
      return "esp";
    case protocol::kAh:
      return "ah";
    case protocol::kIcmpv6:
      return "icmpv6";
    case protocol::kSctp:
      return "sctp";
    default:
      return std::to_string(p);
  }
}

uint128 Packet::Get(Field field) const {
  switch (field) {
    case Field::kFamily:
      return family == Family::kIpv6 ? 1 : 0;
    case Field::kDstAddress:
      return dst;
    case Field::kDstPort:
      return dst_port;
    case Field::kProtocol:
      return protocol;
    case Field::kSrcAddress:
      return src;
    case Field::kSrcPort:
      return src_port;
    case Field::kIcmpType:
      return icmp_type;
    case Field::kIcmpCode:
      return icmp_code;
  }
  return 0;
}

void Packet::Set(Field field, uint128 value) {
  switch (field) {
    case Field::kFamily:
      family = value ? Family::kIpv6 : Family::kIpv4;
      break;
    case Field::kDstAddress:
      dst = value;
      break;
    case Field::kDstPort:
      dst_port = static_cast<uint16_t>(value);
      break;
    case Field::kProtocol:
      protocol = static_cast<uint8_t>(value);
      break;
    case Field::kSrcAddress:
      src = value;
      break;
    case Field::kSrcPort:
      src_port = static_cast<uint16_t>(value);
      break;
    case Field::kIcmpType:
      icmp_type = static_cast<uint8_t>(value);
      break;
    case Field::kIcmpCode:
      icmp_code = static_cast<uint8_t>(value);
      break;
  }
}

bool Packet::IsIcmp() const {
  return (family == Family::kIpv4 && protocol == protocol::kIcmp) ||
         (family == Family::kIpv6 && protocol == protocol::kIcmpv6);
}

std::string Packet::ToString() const {
  auto endpoint = [&](uint128 address, uint16_t port) {
    std::string text = IpAddress{family, address}.ToString();
    if (!HasPorts(protocol)) return text;
    if (family == Family::kIpv6) text = "[" + text + "]";
    return text + ":" + std::to_string(port);
  };
  std::string out =
      endpoint(src, src_port) + " -> " + endpoint(dst, dst_port) + " " + ProtocolName(protocol);
  if (IsIcmp()) out += " " + std::to_string(icmp_type) + "/" + std::to_string(icmp_code);
  return out;
}

}  // namespace flowaudit
