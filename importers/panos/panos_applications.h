// Applications as flowaudit sees them. PAN-OS identifies applications with App-ID, at layer 7,
// which flowaudit cannot see from packet headers; so a rule naming an application always
// keeps an UNKNOWN condition (an allow rule for `ssl` on 443 does not match non-TLS traffic to
// 443, and flowaudit cannot tell which is which). What flowaudit can know is the layer-4
// shape: `web-browsing` is TCP on any port, `ping` is ICMP echo, and for
// `service application-default` the application's standard ports. That shape makes packets
// outside it a certain non-match instead of UNKNOWN.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/match.h"

namespace flowaudit::panos {

struct ApplicationShape {
  std::string name;
  // The packets the application can at most be; nullopt: any packet.
  std::optional<std::vector<Match>> envelope;
  // Its standard ports, for `service application-default`; nullopt: not known.
  std::optional<std::vector<Match>> default_ports;
};

// The built-in applications flowaudit knows the shape of, or nullopt. Their standard ports
// are those Palo Alto Networks' Applipedia lists; an App-ID content update may change them.
std::optional<ApplicationShape> BuiltinApplication(std::string_view name);

// Built-in services: `service-http` (tcp/80,8080) and `service-https` (tcp/443).
std::optional<std::vector<Match>> BuiltinService(std::string_view name);

// Protocol (and ICMP type) conditions.
Match ProtocolIs(uint8_t protocol);
Match PortsOf(uint8_t protocol, std::vector<ValueRange> ports);
Match IcmpTypeOf(uint8_t protocol, uint8_t type, std::optional<uint8_t> code = std::nullopt);

}  // namespace flowaudit::panos
