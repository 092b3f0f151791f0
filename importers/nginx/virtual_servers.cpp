#include "importers/nginx/virtual_servers.h"

#include <cctype>
#include <map>
#include <optional>
#include <tuple>

#include "importers/nginx/behaviour.h"
#include "importers/nginx/directive_check.h"
#include "importers/nginx/listen.h"
#include "importers/nginx/upstreams.h"

namespace flowaudit::nginx {
namespace {

struct Key {
  IpAddress address;  // unspecified address: all addresses of the family
  uint8_t protocol = 6;
  uint16_t port = 0;
  bool operator==(const Key&) const = default;
};

struct Entry {
  const Directive* server = nullptr;
  const Directive* context = nullptr;
  LbSettings settings;  // idle timeout so far
  Listen listen;
  Behaviour behaviour;
  std::string server_name;             // the first name, "" when none
  const Directive* unknown = nullptr;  // a directive not understood that may change the answer
};

struct Group {
  Key key;
  std::vector<Entry> entries;
};

std::vector<Key> KeysOf(const Listen& listen) {
  std::vector<Key> keys;
  auto add = [&](IpAddress address) { keys.push_back({address, listen.protocol, listen.port}); };
  if (listen.address) {
    add(*listen.address);
  } else if (listen.wildcard_family == Family::kIpv6) {
    add(IpAddress{Family::kIpv6, 0});
    if (!listen.ipv6only) add(IpAddress{Family::kIpv4, 0});
  } else {
    add(IpAddress{Family::kIpv4, 0});
  }
  return keys;
}

std::string EndpointOf(const Key& key) {
  VirtualServer vs;
  vs.address = key.address;
  vs.port = key.port;
  return vs.Endpoint();
}

// nginx time: "30m", "600s", "600", "1h 30m" (units ms s m h d w M y; no unit: seconds).
std::optional<int64_t> ParseSeconds(const std::string& text) {
  static const std::map<char, int64_t> kUnit = {{'s', 1},       {'m', 60},     {'h', 3600},
                                                {'d', 86400},   {'w', 604800}, {'M', 2592000},
                                                {'y', 31536000}};
  int64_t total = 0;
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == ' ') {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (start == i || i - start > 9) return std::nullopt;
    int64_t value = std::stoll(text.substr(start, i - start));
    if (text.compare(i, 2, "ms") == 0) {
      total += value / 1000, i += 2;
    } else if (i < text.size() && kUnit.count(text[i])) {
      total += value * kUnit.at(text[i++]);
    } else if (i == text.size()) {
      total += value;
    } else {
      return std::nullopt;
    }
  }
  return total;
}

// The idle timeout towards the members: `proxy_timeout` (stream, default 10m) or
// `proxy_read_timeout` (http, default 60s), the server's own before the context's.
void SetIdleTimeout(const Directive& context, const Directive& server, bool stream,
                    LbSettings& settings, Diagnostics& diagnostics) {
  const char* name = stream ? "proxy_timeout" : "proxy_read_timeout";
  settings.idle_timeout_s = stream ? 600 : 60;
  for (const std::vector<Directive>* block : {&context.block, &server.block}) {
    for (const Directive& d : *block) {
      if (d.Name() != name) continue;
      auto seconds = ParseSeconds(d.Arg(0));
      if (!seconds) {
        diagnostics.Error(d.args.empty() ? d.name.range : d.args[0].range,
                          "invalid value \"" + d.Arg(0) + "\" in \"" + name + "\" directive");
        continue;
      }
      settings.idle_timeout_s = *seconds;
      settings.idle_timeout_at = d.range;
    }
  }
}

// `proxy_bind ADDRESS` (connections to members leave from ADDRESS) or `proxy_bind
// $remote_addr transparent` (the client's address), the server's own before the context's;
// without it nginx connects from its own address.
void SetSourceTranslation(const Directive& context, const Directive& server, VirtualServer& vs,
                          Diagnostics& diagnostics) {
  vs.source_translation = SourceTranslation::kDeviceOwn;
  for (const std::vector<Directive>* block : {&context.block, &server.block}) {
    for (const Directive& d : *block) {
      if (d.Name() != "proxy_bind") continue;
      if (d.Arg(0) == "off") {
        vs.source_translation = SourceTranslation::kDeviceOwn;
        vs.source_nat.reset();
      } else if (d.Arg(0) == "$remote_addr" && d.Arg(1) == "transparent") {
        vs.source_translation = SourceTranslation::kNone;
        vs.source_nat.reset();
      } else if (auto address = ParseIpAddress(d.Arg(0))) {
        vs.source_translation = SourceTranslation::kGiven;
        vs.source_nat = address;
      } else {
        diagnostics.Warning(d.range, "proxy_bind " + d.Arg(0) +
                                         " is decided per request; the source address is not "
                                         "modelled");
      }
    }
  }
}

class Builder {
 public:
  explicit Builder(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

  void AddServers(const Directive& context, bool stream) {
    Upstreams upstreams = ReadUpstreams(context.block, stream, diagnostics_);
    for (const Directive& server : context.block) {
      if (server.Name() != "server" || !server.has_block) continue;
      Entry entry;
      entry.server = &server;
      entry.context = &context;
      SetIdleTimeout(context, server, stream, entry.settings, diagnostics_);
      entry.behaviour = stream ? StreamServerBehaviour(server, upstreams, diagnostics_)
                               : HttpServerBehaviour(server, upstreams, diagnostics_);
      std::vector<Listen> listens;
      for (const Directive& d : server.block) {
        if (d.Name() == "server_name" && entry.server_name.empty()) entry.server_name = d.Arg(0);
        if (d.Name() != "listen") continue;
        if (auto listen = ParseListen(d, stream, diagnostics_)) listens.push_back(*listen);
      }
      entry.unknown = FirstUnknownDirective(context, server, stream);
      bool has_listen = false;
      for (const Directive& d : server.block) has_listen |= d.Name() == "listen";
      if (!has_listen && entry.unknown) {
        // nginx refuses a directive it does not know; here it may have been the listen.
        diagnostics_.Error(entry.unknown->name.range,
                           "unknown directive \"" + entry.unknown->Name() +
                               "\" in a server without \"listen\": where it listens is not known");
        continue;
      }
      if (!has_listen) {
        if (stream) {
          diagnostics_.Error(server.name.range, "no \"listen\" is defined for server");
          continue;
        }
        listens.push_back(DefaultListen(server));  // *:80 when nginx runs as root
      }
      for (const Listen& listen : listens) {
        if (listen.proxy_protocol) {
          diagnostics_.Note(listen.range,
                            "proxy_protocol: connections must start with a PROXY "
                            "protocol header (sent by a load balancer in front); "
                            "direct clients fail");
        }
        for (const Key& key : KeysOf(listen)) {
          entry.listen = listen;
          GroupOf(key, stream, listen).entries.push_back(entry);
        }
      }
    }
  }

  std::vector<VirtualServer> Emit() {
    std::vector<VirtualServer> out;
    for (const Group& group : groups_) out.push_back(Emit(group));
    return out;
  }

 private:
  Group& GroupOf(const Key& key, bool stream, const Listen& listen) {
    for (Group& g : groups_) {
      if (g.key == key) {
        if (stream) {
          diagnostics_.Error(listen.range,
                             "duplicate \"" + EndpointOf(key) + "\" address and port pair");
        }
        return g;
      }
    }
    groups_.push_back(Group{key, {}});
    return groups_.back();
  }

  VirtualServer Emit(const Group& group) {
    const Entry* chosen = &group.entries.front();
    for (const Entry& e : group.entries) {
      if (!e.listen.default_server) continue;
      if (chosen->listen.default_server && chosen != &e) {
        diagnostics_.Error(e.listen.range,
                           "a duplicate default server for " + EndpointOf(group.key));
        continue;
      }
      chosen = &e;
    }
    bool ssl = chosen->listen.ssl;
    Behaviour answer = chosen->behaviour;
    answer.redirect_location = ResolveScheme(answer.redirect_location, ssl);
    std::string others;
    for (const Entry& e : group.entries) {
      if (&e == chosen) continue;
      Behaviour b = e.behaviour;
      b.redirect_location = ResolveScheme(b.redirect_location, ssl);
      if (b.SameAs(answer)) continue;
      others += (others.empty() ? "" : "; ") + NameOf(e) + ": " + b.Describe();
    }
    VirtualServer vs;
    vs.address = group.key.address;
    vs.any_address = group.key.address.value == 0;  // `listen 80`, `listen [::]:80`, 0.0.0.0
    vs.protocol = group.key.protocol;
    vs.port = group.key.port;
    vs.mode = answer.mode;
    vs.members = answer.members;
    vs.settings = chosen->settings;
    vs.settings.persistence = answer.persistence;
    vs.settings.persistence_at = answer.persistence_at;
    vs.settings.tls_terminated = ssl;
    if (vs.mode == VirtualServer::Mode::kForward) {
      SetSourceTranslation(*chosen->context, *chosen->server, vs, diagnostics_);
    }
    vs.redirect_status = answer.redirect_status;
    vs.redirect_location = answer.redirect_location;
    vs.location = answer.decided_by.IsValid() ? answer.decided_by : chosen->listen.range;
    vs.name = chosen->server_name.empty() || chosen->server_name == "_" ? vs.Endpoint()
                                                                        : chosen->server_name;
    if (chosen->unknown) {
      vs.mode = VirtualServer::Mode::kUnknown;
      vs.unknown_reason = "directive \"" + chosen->unknown->Name() + "\" is not understood";
      vs.unknown_at = chosen->unknown->range;
    }
    if (!others.empty()) {
      vs.name += " (default server; others by Host header)";
      diagnostics_.Warning(chosen->listen.range, "servers on " + EndpointOf(group.key) +
                                                     " answer differently by Host header (" +
                                                     others + "); modelled the default server " +
                                                     NameOf(*chosen) + ": " + answer.Describe());
    }
    return vs;
  }

  static std::string NameOf(const Entry& e) {
    return e.server_name.empty() ? "\"\"" : "\"" + e.server_name + "\"";
  }

  Diagnostics& diagnostics_;
  std::vector<Group> groups_;
};

}  // namespace

std::vector<VirtualServer> BuildVirtualServers(const std::vector<Directive>& main,
                                               Diagnostics& diagnostics) {
  Builder builder(diagnostics);
  for (const Directive& d : main) {
    if (!d.has_block) continue;
    if (d.Name() == "http") builder.AddServers(d, /*stream=*/false);
    if (d.Name() == "stream") builder.AddServers(d, /*stream=*/true);
  }
  return builder.Emit();
}

}  // namespace flowaudit::nginx
