// Concrete packets and the header fields flowaudit reasons about. Verdicts are always for the
// first packet of a connection (TCP SYN, conntrack state NEW), so connection state and TCP
// flags are not fields: importers resolve such matches against that first packet.
#pragma once

#include <cstdint>
#include <string>

#include "models/ip_address.h"
#include "models/uint128.h"

namespace flowaudit {

// Header fields, in the BDD variable order (destination first: what most rules constrain).
enum class Field : uint8_t {
  kFamily,
  kDstAddress,
  kDstPort,
  kProtocol,
  kSrcAddress,
  kSrcPort,
  kIcmpType,
  kIcmpCode,
};
inline constexpr int kFieldCount = 8;

int FieldWidth(Field field);
const char* FieldName(Field field);

namespace protocol {
inline constexpr uint8_t kIcmp = 1;
inline constexpr uint8_t kTcp = 6;
inline constexpr uint8_t kUdp = 17;
inline constexpr uint8_t kDccp = 33;
inline constexpr uint8_t kGre = 47;
inline constexpr uint8_t kEsp = 50;
inline constexpr uint8_t kAh = 51;
inline constexpr uint8_t kIcmpv6 = 58;
inline constexpr uint8_t kSctp = 132;
inline constexpr uint8_t kUdplite = 136;
}  // namespace protocol

// Protocols whose headers carry source and destination ports.
bool HasPorts(uint8_t ip_protocol);
// "tcp", "udp", "icmp", "ipv6-icmp"… or the number.
std::string ProtocolName(uint8_t ip_protocol);

struct Packet {
  Family family = Family::kIpv4;
  uint128 src = 0;
  uint128 dst = 0;
  uint8_t protocol = protocol::kTcp;
  uint16_t src_port = 0;
  uint16_t dst_port = 0;
  uint8_t icmp_type = 0;
  uint8_t icmp_code = 0;

  uint128 Get(Field field) const;
  void Set(Field field, uint128 value);
  IpAddress Source() const { return {family, src}; }
  IpAddress Destination() const { return {family, dst}; }
  bool IsIcmp() const;  // ICMP for IPv4, ICMPv6 for IPv6
  // "10.10.0.1:49152 -> 10.1.0.100:80 tcp", "10.0.0.1 -> 10.0.0.2 icmp 8/0"
  std::string ToString() const;
  bool operator==(const Packet&) const = default;
};

}  // namespace flowaudit
