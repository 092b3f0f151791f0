// nft's own names for values (src/proto.c and src/ct.c of nftables 1.0.6): ICMP and ICMPv6
// types, which differ from iptables' for ICMPv6, and conntrack states. Used by the nftables
// importer only.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "models/packet.h"

namespace flowaudit::nftables {

std::optional<uint8_t> IcmpType(std::string_view name);
std::optional<uint8_t> Icmpv6Type(std::string_view name);
// The conntrack state bit (importers/iptables/conntrack_state.h) of "new", "established"…
std::optional<uint8_t> ConntrackState(std::string_view name);

// Transport protocols whose header starts with source and destination ports (`th`).
inline constexpr uint8_t kPortProtocols[] = {protocol::kTcp, protocol::kUdp, protocol::kUdplite,
                                             protocol::kSctp, protocol::kDccp};

}  // namespace flowaudit::nftables
