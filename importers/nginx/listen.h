// The `listen` directive of an http or stream server: which address and port it binds, and
// the flags that change what a packet meets there.
#pragma once

#include <optional>
#include <string>

#include "importers/nginx/config_tree.h"
#include "models/ip_address.h"

namespace flowaudit::nginx {

struct Listen {
  std::optional<IpAddress> address;  // unset: all addresses ("*:80", "80", "[::]:80" is IPv6 any)
  Family wildcard_family = Family::kIpv4;  // for an unset address: "[::]" binds IPv6
  bool ipv6only = true;                    // "[::]:80" accepts IPv4 too only with ipv6only=off
  uint16_t port = 80;
  uint8_t protocol = 6;  // stream `listen 53 udp`: 17
  bool ssl = false;
  bool default_server = false;
  bool proxy_protocol = false;
  SourceRange range;
};

// Parses a listen directive's arguments; on an error or an unsupported form (unix: sockets)
// reports it at the directive and returns nullopt. `stream`: the stream module's listen
// (accepts `udp`, has no default_server).
std::optional<Listen> ParseListen(const Directive& d, bool stream, Diagnostics& diagnostics);

// nginx's listen when a server has none: *:80 (as root; *:8000 otherwise).
Listen DefaultListen(const Directive& server);

}  // namespace flowaudit::nginx
