// The load-balancing settings of a tmsh virtual server: idle timeout and TLS termination from
// its profiles, persistence, health monitors, and source address translation. Values come
// from `defaults-from` chains; a chain that ends in a built-in profile gets BIG-IP's default.
#include <map>

#include "importers/f5_bigip/pool_members.h"
#include "importers/f5_bigip/tmsh_builder.h"

namespace flowaudit::f5 {
namespace {

constexpr int kMaxChain = 32;

// Built-in profiles (profile_base.conf, not in bigip.conf) by type.
const std::map<std::string, std::string>& BuiltinProfiles() {
  static const std::map<std::string, std::string> types = {
      {"tcp", "tcp"},
      {"tcp-lan-optimized", "tcp"},
      {"tcp-wan-optimized", "tcp"},
      {"tcp-mobile-optimized", "tcp"},
      {"tcp-legacy", "tcp"},
      {"f5-tcp-progressive", "tcp"},
      {"f5-tcp-lan", "tcp"},
      {"f5-tcp-wan", "tcp"},
      {"f5-tcp-mobile", "tcp"},
      {"mptcp-mobile-optimized", "tcp"},
      {"fastL4", "fastl4"},
      {"udp", "udp"},
      {"http", "http"},
      {"http-explicit", "http"},
      {"http-transparent", "http"},
      {"http2", "http2"},
      {"clientssl", "client-ssl"},
      {"clientssl-secure", "client-ssl"},
      {"clientssl-insecure-compatible", "client-ssl"},
      {"serverssl", "server-ssl"},
      {"serverssl-insecure-compatible", "server-ssl"},
      {"oneconnect", "one-connect"},
      {"stream", "stream"},
      {"websecurity", "web-security"},
      {"httpcompression", "http-compression"},
      {"wan-optimized-compression", "http-compression"},
      {"optimized-caching", "web-acceleration"},
      {"webacceleration", "web-acceleration"},
      {"analytics", "analytics"},
      {"ftp", "ftp"},
      {"sip", "sip"},
      {"dns", "dns"},
      {"xml", "xml"},
  };
  return types;
}

// BIG-IP's default idle timeouts of the built-in layer-4 profiles.
std::optional<int64_t> DefaultIdleTimeout(const std::string& type) {
  if (type == "tcp" || type == "fastl4") return 300;
  if (type == "udp") return 60;
  return std::nullopt;
}

std::string MonitorType(const std::string& tmsh_type) {
  if (tmsh_type == "tcp" || tmsh_type == "tcp-half-open" || tmsh_type == "tcp-echo") return "tcp";
  if (tmsh_type == "http" || tmsh_type == "https" || tmsh_type == "udp") return tmsh_type;
  if (tmsh_type == "gateway-icmp" || tmsh_type == "icmp") return "icmp";
  return "other";
}

}  // namespace

std::string TmshBuilder::ProfileType(const std::string& name, const std::string& from) {
  if (const ProfileDef* def = config_.Find(config_.profiles, name, from)) return def->type;
  auto it = BuiltinProfiles().find(std::string(BaseName(name)));
  return it == BuiltinProfiles().end() ? "" : it->second;
}

void TmshBuilder::Profiles(const Virtual& v, VirtualServer& vs, bool* has_http) {
  bool l4 = false;
  for (const ProfileUse& use : v.profiles) {
    std::string type = ProfileType(use.ref.name, v.name.name);
    if (type.empty()) {
      WarnOnce(use.ref.at, "no profile named '" + use.ref.name +
                               "': neither defined here nor built in; its effect is unknown");
      continue;
    }
    if (type == "client-ssl") vs.settings.tls_terminated = true;
    if (type == "http" || type == "http2") *has_http = true;
    if ((type == "tcp" || type == "fastl4" || type == "udp") && use.context != "serverside" &&
        !l4) {
      l4 = true;
      IdleTimeout(use, type, vs);
    }
  }
  // Without a layer-4 profile BIG-IP attaches its own tcp (or udp) profile.
  if (!l4) {
    vs.settings.idle_timeout_s = v.ip_protocol && v.ip_protocol->name == "udp" ? 60 : 300;
  }
}

void TmshBuilder::IdleTimeout(const ProfileUse& use, const std::string& type, VirtualServer& vs) {
  std::string name = use.ref.name;
  std::string from = "/Common/x";
  for (int depth = 0; depth < kMaxChain; ++depth) {
    const ProfileDef* def = config_.Find(config_.profiles, name, from);
    if (!def) break;  // a built-in profile
    if (def->idle_timeout) {
      const std::string& value = def->idle_timeout->name;
      if (value == "indefinite") {
        vs.settings.idle_timeout_s.reset();
      } else if (value == "immediate") {
        vs.settings.idle_timeout_s = 0;
      } else if (!value.empty() && value.size() < 10 &&
                 value.find_first_not_of("0123456789") == std::string::npos) {
        vs.settings.idle_timeout_s = std::stoll(value);
      } else {
        diagnostics_.Error(
            def->idle_timeout->at,
            "idle-timeout must be seconds, 'indefinite' or 'immediate', got '" + value + "'");
        return;
      }
      vs.settings.idle_timeout_at = def->idle_timeout->at;
      return;
    }
    if (!def->defaults_from) break;
    from = def->name.name;
    name = def->defaults_from->name;
    if (FullName(name, from) == FullName(def->name.name, "/Common/x")) break;
  }
  vs.settings.idle_timeout_s = DefaultIdleTimeout(type);
}

void TmshBuilder::Persistence(const Virtual& v, VirtualServer& vs) {
  if (v.persist.empty()) return;
  const PersistUse* use = &v.persist.front();
  for (const PersistUse& p : v.persist) {
    if (p.is_default) use = &p;
  }
  LbSettings& s = vs.settings;
  s.persistence_at = use->ref.at;
  s.persistence_name = DisplayName(FullName(use->ref.name, v.name.name));
  // Walk the defaults-from chain to the built-in profile that gives the method; the first
  // profile in the chain that sets a cookie name or httponly wins.
  std::optional<std::string> cookie_name, httponly;
  std::string name = use->ref.name, from = v.name.name, type;
  for (int depth = 0; depth < kMaxChain; ++depth) {
    const PersistenceDef* def = config_.Find(config_.persistence, name, from);
    if (!def) {
      std::string base(BaseName(name));
      if (type.empty()) {
        if (base == "source_addr") type = "source-addr";
        if (base == "cookie") type = "cookie";
        if (base == "dest_addr" || base == "hash" || base == "msrdp" || base == "sip_info" ||
            base == "ssl" || base == "universal" || base == "host") {
          type = base;
        }
      }
      if (type.empty()) {
        WarnOnce(use->ref.at, "no persistence profile named '" + name + "'");
        s.persistence = Persistence::kOther;
        return;
      }
      break;
    }
    if (type.empty()) type = def->type;
    if (!cookie_name && def->cookie_name) cookie_name = def->cookie_name->name;
    if (!httponly && def->httponly) httponly = def->httponly->name;
    if (!def->defaults_from) break;
    from = def->name.name;
    name = def->defaults_from->name;
  }
  if (type == "source-addr") {
    s.persistence = Persistence::kSourceAddress;
  } else if (type == "cookie") {
    s.persistence = Persistence::kCookie;
    // BIG-IP's default cookie is named after the pool: BIGipServer<pool>.
    s.persistence_name = cookie_name
                             ? *cookie_name
                             : "BIGipServer" + (v.pool ? std::string(BaseName(v.pool->name)) : "");
    s.persistence_cookie_http_only = !httponly || *httponly == "enabled";
  } else {
    s.persistence = Persistence::kOther;
  }
}

std::vector<HealthMonitor> TmshBuilder::Monitors(const std::vector<Ref>& refs,
                                                 const std::string& from) {
  std::vector<HealthMonitor> out;
  for (const Ref& ref : refs) {
    if (std::optional<HealthMonitor> m = Monitor(ref, from)) out.push_back(*m);
  }
  return out;
}

std::optional<HealthMonitor> TmshBuilder::Monitor(const Ref& ref, const std::string& from) {
  HealthMonitor out;
  out.name = DisplayName(FullName(ref.name, from));
  out.location = ref.at;
  std::string name = ref.name, scope = from;
  std::optional<Ref> destination;
  bool first = true;
  for (int depth = 0; depth < kMaxChain; ++depth) {
    const MonitorDef* def = config_.Find(config_.monitors, name, scope);
    if (!def) {
      std::optional<std::string> builtin = BuiltinMonitorType(BaseName(name));
      if (!builtin) {
        diagnostics_.Error(ref.at, "no monitor named '" + name + "'");
        return std::nullopt;
      }
      if (first) out.type = *builtin;
      if (BaseName(name) == "https_443" && !destination) out.port = 443;
      break;
    }
    if (first) {
      out.type = MonitorType(def->type);
      out.location = def->name.at;
      first = false;
    }
    if (!destination && def->destination) destination = def->destination;
    if (!def->defaults_from) break;
    scope = def->name.name;
    name = def->defaults_from->name;
  }
  if (destination) {
    // `*:5061`, `*:*`; IPv6 monitors write `*.5061`.
    std::string text = destination->name;
    if (text.rfind("*.", 0) == 0) text[1] = ':';
    std::optional<EndpointText> e = SplitEndpoint(text);
    std::optional<uint16_t> port = e ? ParsePort(e->port_text) : std::nullopt;
    if (!port) {
      diagnostics_.Error(destination->at, "expected *:PORT, got '" + destination->name + "'");
      return std::nullopt;
    }
    out.port = *port;
    if (e->host != "*") {
      WarnOnce(destination->at, "monitor " + out.name + " probes " + e->host +
                                    ", not the member: the alias address is not modelled");
    }
  }
  return out;
}

void TmshBuilder::SourceNat(const Virtual& v, VirtualServer& vs) {
  // Pre-11.4 syntax: `snatpool NAME` on the virtual itself.
  std::string type = v.snat ? v.snat->name : v.snat_pool ? "snat" : "";
  if (type.empty() || type == "none") return;
  if (type == "automap") {
    vs.source_translation = SourceTranslation::kDeviceOwn;
    return;  // the self IP is chosen once the members are known (AutomapAddress)
  }
  if (type == "snat") {
    if (!v.snat_pool) return;  // reported by the reader
    const SnatPool* pool = config_.Find(config_.snat_pools, v.snat_pool->name, v.name.name);
    if (!pool) {
      diagnostics_.Error(v.snat_pool->at, "no snatpool named '" + v.snat_pool->name + "'");
      return;
    }
    vs.source_translation = SourceTranslation::kGiven;
    if (pool->members.empty()) return;
    AddressText a = ParseAddressText(BaseName(pool->members.front().name));
    std::optional<IpAddress> address = Address(pool->members.front(), a);
    if (!address) {
      diagnostics_.Error(pool->members.front().at,
                         "'" + pool->members.front().name + "' is not an IP address");
      return;
    }
    vs.source_nat = *address;
    if (pool->members.size() > 1) {
      NoteOnce(pool->name.at, "snatpool " + DisplayName(pool->name.name) + " has " +
                                  std::to_string(pool->members.size()) +
                                  " addresses: modelled with the first, " + address->ToString());
    }
    return;
  }
  WarnOnce(v.snat ? v.snat->at : v.name.at,
           "source-address-translation type '" + type + "' is not modelled");
  vs.source_translation = SourceTranslation::kDeviceOwn;
}

// Automap translates to a self IP of the VLAN toward the members, a floating one when there is
// one. The address is known when exactly one self IP's subnet holds the enabled members.
void TmshBuilder::AutomapAddress(VirtualServer& vs) {
  if (vs.source_translation != SourceTranslation::kDeviceOwn || config_.selfs.empty()) return;
  std::vector<IpAddress> addresses_floating, addresses_fixed;
  for (const SelfIp& self : config_.selfs) {
    if (!self.address) continue;
    std::string text = self.address->name;
    size_t percent = text.find('%'), slash = text.find('/');
    if (percent != std::string::npos)
      text.erase(percent, slash == std::string::npos ? slash : slash - percent);
    std::string error;
    std::optional<Prefix> prefix = ParsePrefix(text, &error);
    std::optional<IpAddress> own = ParseIpAddress(text.substr(0, text.find('/')));
    if (!prefix || !own) continue;
    bool holds_all = !vs.members.empty();
    for (const PoolMember& m : vs.members) {
      if (m.enabled && !prefix->Contains(m.address)) holds_all = false;
    }
    if (!holds_all) continue;
    (self.floating ? addresses_floating : addresses_fixed).push_back(*own);
  }
  const std::vector<IpAddress>& pick =
      addresses_floating.empty() ? addresses_fixed : addresses_floating;
  if (pick.size() == 1) vs.source_nat = pick.front();
}

}  // namespace flowaudit::f5
