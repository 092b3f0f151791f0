// Service specs as flowaudit's own YAML formats write them: "tcp/80", "tcp/50000-59999",
// "udp/3478", "icmp", "icmp/8", "gre", "47", "any".
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "models/match.h"

namespace flowaudit {

struct ServiceSpec {
  bool any_protocol = false;
  uint8_t protocol = 0;
  ValueRange ports{0, 65535};        // destination ports (port protocols)
  std::optional<uint8_t> icmp_type;  // icmp/TYPE
  std::string text;

  // The condition this spec puts on packets, as match terms.
  Match ToMatch() const;
  PacketSet ToPacketSet() const;
};

// nullopt with *error set ("port 70000 is out of range 0-65535", "unknown protocol 'tpc'").
std::optional<ServiceSpec> ParseServiceSpec(std::string_view text, std::string* error);

// Protocol by name (tcp, udp, icmp, icmpv6, ipv6-icmp, gre, esp, ah, sctp) or number.
std::optional<uint8_t> ParseProtocol(std::string_view text);

}  // namespace flowaudit
