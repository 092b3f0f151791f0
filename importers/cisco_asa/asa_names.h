// Cisco ASA's own names for ports, protocols and ICMP types. ASA does not use /etc/services:
// its port names are a fixed table with ASA-specific numbers (`cifs` is 3020, `kerberos` 750,
// `radius` 1645), and some names mean different ports for TCP and UDP. Used by the ASA
// importer only; other vendors ship their own tables.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace flowaudit::asa {

// The port `name` (or a number 0-65535) names for `ip_protocol` (tcp, udp or sctp; for the
// `tcp-udp` service groups pass 0: the name must mean the same port for both).
std::optional<uint16_t> LookUpPort(std::string_view name, uint8_t ip_protocol);
// Every port name, for "did you mean …?".
std::vector<std::string> PortNames();

// ip, tcp, udp, icmp, icmp6, gre, esp, ah, sctp, ospf, pim, … or 0-255. `ip` gives nullopt
// with *any set.
std::optional<uint8_t> LookUpProtocol(std::string_view name, bool* any);

// echo, echo-reply, unreachable, … or 0-255 (ICMP for IPv4; ICMPv6 names for icmp6).
std::optional<uint8_t> LookUpIcmpType(std::string_view name, bool icmp6);

}  // namespace flowaudit::asa
