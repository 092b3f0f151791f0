#include "importers/nginx/listen.h"

#include <charconv>

namespace flowaudit::nginx {
namespace {

std::optional<uint16_t> ParsePort(std::string_view text) {
  unsigned value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > 65535) {
    return std::nullopt;
  }
  return static_cast<uint16_t>(value);
}

bool IsDigits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// Flags that do not change where or whether a packet is accepted.
bool IsHarmlessFlag(std::string_view flag) {
  for (std::string_view known : {"http2", "quic", "reuseport", "deferred", "bind", "spdy"}) {
    if (flag == known) return true;
  }
  for (std::string_view prefix : {"backlog=", "rcvbuf=", "sndbuf=", "so_keepalive=", "fastopen=",
                                  "accept_filter=", "setfib="}) {
    if (flag.substr(0, prefix.size()) == prefix) return true;
  }
  return false;
}

}  // namespace

std::optional<Listen> ParseListen(const Directive& d, bool stream, Diagnostics& diagnostics) {
  if (d.args.empty()) {
    diagnostics.Error(d.name.range, "invalid number of arguments in \"listen\" directive");
    return std::nullopt;
  }
  Listen listen;
  listen.range = d.range;
  const Token& where = d.args[0];
  std::string_view text = where.text;
  auto bad = [&](const std::string& what) {
    diagnostics.Error(where.range, what + " in \"" + where.text + "\" of the \"listen\" directive");
    return std::nullopt;
  };
  if (text.empty()) return bad("invalid host");
  if (text.substr(0, 5) == "unix:") {
    diagnostics.Warning(where.range,
                        "listen on a unix socket is not reachable by packets; ignored");
    return std::nullopt;
  }
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return bad("invalid IPv6 address");
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad("invalid host");
      port = rest.substr(1);
    }
    auto address = ParseIpAddress(host);
    if (!address || address->family != Family::kIpv6) return bad("invalid IPv6 address");
    if (address->value == 0) {
      listen.wildcard_family = Family::kIpv6;
    } else {
      listen.address = address;
    }
  } else if (IsDigits(text)) {
    port = text;
  } else {
    size_t colon = text.rfind(':');
    host = colon == std::string_view::npos ? text : text.substr(0, colon);
    if (colon != std::string_view::npos) port = text.substr(colon + 1);
    if (host != "*") {
      auto address = ParseIpAddress(host);
      if (!address || address->family != Family::kIpv4) {
        diagnostics.Warning(where.range, "listen on host name \"" + std::string(host) +
                                             "\" is not resolved; ignored");
        return std::nullopt;
      }
      if (address->value != 0) listen.address = address;
    }
  }
  if (!port.empty() || text.back() == ':') {
    auto value = ParsePort(port);
    if (!value) return bad("invalid port");
    listen.port = *value;
  }
  for (size_t i = 1; i < d.args.size(); ++i) {
    const std::string& flag = d.args[i].text;
    if (flag == "ssl") {
      listen.ssl = true;
    } else if (flag == "default_server" || (!stream && flag == "default")) {
      if (stream) {
        diagnostics.Error(d.args[i].range, "invalid parameter \"" + flag + "\"");
        return std::nullopt;
      }
      listen.default_server = true;
    } else if (flag == "proxy_protocol") {
      listen.proxy_protocol = true;
    } else if (stream && flag == "udp") {
      listen.protocol = 17;
    } else if (flag == "ipv6only=on" || flag == "ipv6only=off") {
      listen.ipv6only = flag == "ipv6only=on";
    } else if (!IsHarmlessFlag(flag)) {
      diagnostics.Error(d.args[i].range, "invalid parameter \"" + flag + "\"");
      return std::nullopt;
    }
  }
  return listen;
}

Listen DefaultListen(const Directive& server) {
  Listen listen;
  listen.range = server.name.range;
  return listen;
}

}  // namespace flowaudit::nginx
