// The address forms of HAProxy `bind` and `server` lines (configuration manual §11): an
// optional family prefix (ipv4@, ipv6@, quic4@, …), a bare or bracketed address, and a port
// after the last colon.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "importers/haproxy/haproxy_config.h"

namespace flowaudit::haproxy {

struct SplitAddress {
  std::string prefix;  // "ipv4", "ipv6", "quic4", … without '@'; empty when absent
  std::string host;    // without brackets
  std::string port;    // text after the last colon; empty when absent
  bool has_port = false;
};

SplitAddress SplitHostPort(std::string_view text);

// Parses "80" or "80-81" into an inclusive range; nullopt when not ports.
std::optional<std::pair<uint16_t, uint16_t>> ParsePortRange(std::string_view text);

// A duration with HAProxy's units (us, ms, s, m, h, d; bare numbers are ms), in ms.
std::optional<int64_t> ParseDurationMs(std::string_view text);

}  // namespace flowaudit::haproxy
