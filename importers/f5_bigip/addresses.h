// F5 address and port notation: `ADDR[%RD]:PORT` for IPv4 and `ADDR[%RD].PORT` for IPv6 (the
// colons belong to the address), ports by number or by the service names BIG-IP prints
// (`http`, `https`, `webcache`, `any` …), partition paths (`/Common/10.1.0.100:443`), and route
// domain suffixes (`%2`), which are parsed and dropped: route domains are not modelled.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/ip_address.h"

namespace flowaudit::f5 {

// A port by number (0-65535) or name; nullopt when neither. `any` and `*` are 0.
std::optional<uint16_t> ParsePort(std::string_view text);
// The names ParsePort knows, for "did you mean".
std::vector<std::string> PortNames();

// The last path component: "/Common/web1" -> "web1", "web1" -> "web1".
std::string_view BaseName(std::string_view name);

struct AddressText {
  std::optional<IpAddress> address;  // nullopt: not an address (a node or virtual-address name)
  std::string host;                  // the part before the route domain, as written
  int route_domain = 0;              // 0 when no `%N`
};

// "10.1.0.11", "10.1.0.11%2", "2001:db8::20%3" (no port, no partition).
AddressText ParseAddressText(std::string_view text);

struct EndpointText {
  std::string host;        // address or name, route domain removed, partition removed
  std::string port_text;   // as written
  size_t port_offset = 0;  // where port_text starts inside the original text
  AddressText address;
};

// Splits "/Common/10.1.0.100%2:443", "2001:db8::100.443", "web1:80" into host and port; nullopt
// when there is no port separator.
std::optional<EndpointText> SplitEndpoint(std::string_view text);

}  // namespace flowaudit::f5
