#include "importers/nginx/upstreams.h"

#include <charconv>

#include "importers/nginx/known_directives.h"

namespace flowaudit::nginx {
namespace {

bool IsHarmlessMemberFlag(std::string_view flag) {
  for (std::string_view prefix :
       {"weight=", "max_fails=", "fail_timeout=", "max_conns=", "slow_start=", "route="}) {
    if (flag.substr(0, prefix.size()) == prefix) return true;
  }
  return flag == "resolve";
}

}  // namespace

std::optional<PoolMember> ParseEndpoint(const Token& token, std::optional<uint16_t> default_port,
                                        std::string* error) {
  std::string_view text = token.text;
  std::string_view host = text, port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) {
      *error = "invalid IPv6 address";
      return std::nullopt;
    }
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty() && rest.front() == ':') port = rest.substr(1);
  } else if (size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  PoolMember member;
  member.name = std::string(text);
  member.location = token.range;
  if (!port.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc() || end != port.data() + port.size() || value < 1 || value > 65535) {
      *error = "invalid port";
      return std::nullopt;
    }
    member.port = static_cast<uint16_t>(value);
  } else if (default_port) {
    member.port = *default_port;
  } else {
    *error = "no port";
    return std::nullopt;
  }
  auto address = ParseIpAddress(host);
  if (!address) return std::nullopt;  // a host name: resolved by nginx at startup
  member.address = *address;
  return member;
}

Upstreams ReadUpstreams(const std::vector<Directive>& context, bool stream,
                        Diagnostics& diagnostics) {
  Upstreams upstreams;
  for (const Directive& block : context) {
    if (block.Name() != "upstream" || !block.has_block) continue;
    Upstream up;
    up.name = block.Arg(0);
    up.range = block.range;
    for (const Directive& d : block.block) {
      if (d.Name() == "ip_hash" || (d.Name() == "hash" && d.Arg(0) == "$remote_addr")) {
        up.persistence = Persistence::kSourceAddress;
        up.persistence_at = d.range;
      } else if (d.Name() == "hash" || d.Name() == "sticky") {
        up.persistence = Persistence::kOther;
        up.persistence_at = d.range;
      }
      if (d.Name() != "server") {
        if (!IsHarmlessDirective(d.Name()) && d.Name() != "keepalive_requests") {
          diagnostics.Warning(d.name.range, "unknown directive \"" + d.Name() +
                                                "\" in upstream (not modelled; ignored)");
        }
        continue;
      }
      if (d.args.empty()) {
        diagnostics.Error(d.name.range, "invalid number of arguments in \"server\" directive");
        continue;
      }
      bool down = false, backup = false, flags_ok = true;
      for (size_t i = 1; i < d.args.size(); ++i) {
        if (d.Arg(i) == "down") {
          down = true;
        } else if (d.Arg(i) == "backup") {
          backup = true;
        } else if (!IsHarmlessMemberFlag(d.Arg(i))) {
          diagnostics.Error(d.args[i].range, "invalid parameter \"" + d.Arg(i) + "\"");
          flags_ok = false;
        }
      }
      if (!flags_ok) continue;
      if (d.Arg(0).substr(0, 5) == "unix:") {
        diagnostics.Warning(d.args[0].range, "unix socket member is not a network endpoint");
        up.complete = false;
        continue;
      }
      std::string error;
      auto member =
          ParseEndpoint(d.args[0], stream ? std::nullopt : std::optional<uint16_t>(80), &error);
      if (!member) {
        if (error.empty()) {
          diagnostics.Warning(d.args[0].range,
                              "host name \"" + d.Arg(0) + "\" is not resolved; member left out");
          up.complete = false;
        } else {
          diagnostics.Error(d.args[0].range, error + " in upstream \"" + d.Arg(0) + "\"");
        }
        continue;
      }
      member->enabled = !down;  // `down`: never receives traffic
      member->backup = backup;
      up.members.push_back(std::move(*member));
    }
    if (upstreams.count(up.name)) {
      diagnostics.Error(block.range, "duplicate upstream \"" + up.name + "\"");
      continue;
    }
    upstreams.emplace(up.name, std::move(up));
  }
  return upstreams;
}

}  // namespace flowaudit::nginx
