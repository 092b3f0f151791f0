// Virtual servers from tmsh: endpoints (destination, mask, ip-protocol), pool members, and
// what the virtual does with a connection (forward, redirect by iRule, reject, unknown).
#include <algorithm>

#include "importers/common/suggest.h"
#include "importers/f5_bigip/irule.h"
#include "importers/f5_bigip/pool_members.h"
#include "importers/f5_bigip/tmsh_builder.h"

namespace flowaudit::f5 {
namespace {

SourceRange Sub(const SourceRange& at, size_t offset, size_t length) {
  SourceRange r = at;
  r.offset += static_cast<uint32_t>(std::min<size_t>(offset, at.length));
  r.length = static_cast<uint32_t>(length);
  return r;
}

bool IsHostMask(const std::string& mask, Family family) {
  if (family == Family::kIpv4) return mask == "255.255.255.255";
  std::optional<IpAddress> m = ParseIpAddress(mask);
  return m && m->family == Family::kIpv6 && m->value == ~uint128(0);
}

}  // namespace

std::string DisplayName(const std::string& name) {
  return name.rfind("/Common/", 0) == 0 ? name.substr(8) : name;
}

void TmshBuilder::WarnOnce(const SourceRange& at, const std::string& message) {
  if (said_.insert({at.offset, message}).second) diagnostics_.Warning(at, message);
}

void TmshBuilder::NoteOnce(const SourceRange& at, const std::string& message) {
  if (said_.insert({at.offset, message}).second) diagnostics_.Note(at, message);
}

std::vector<VirtualServer> TmshBuilder::Build() {
  for (const Virtual& v : config_.virtuals) AddVirtual(v);
  return std::move(out_);
}

// An address as written (route domain allowed); warns once that route domains are not modelled.
std::optional<IpAddress> TmshBuilder::Address(const Ref& ref, const AddressText& a) {
  if (a.address && a.route_domain != 0 && !route_domain_warned_) {
    route_domain_warned_ = true;
    diagnostics_.Warning(ref.at, "route domain %" + std::to_string(a.route_domain) +
                                     " is not modelled: addresses are taken as written, "
                                     "without their route domain");
  }
  return a.address;
}

std::vector<uint8_t> TmshBuilder::Protocols(const Virtual& v) {
  if (!v.ip_protocol) return {6};  // tmsh's default for a standard virtual server
  const std::string& p = v.ip_protocol->name;
  if (p == "tcp" || p == "6") return {6};
  if (p == "udp" || p == "17") return {17};
  if (p == "sctp" || p == "132") return {132};
  if (p == "any") {
    NoteOnce(v.ip_protocol->at, "ip-protocol any: modelled as a tcp and a udp virtual server");
    return {6, 17};
  }
  WarnOnce(v.ip_protocol->at, "ip-protocol '" + p + "' is not modelled; virtual server skipped");
  return {};
}

bool TmshBuilder::Destination(const Virtual& v, VirtualServer& vs) {
  const Ref& dest = *v.destination;
  std::optional<EndpointText> e = SplitEndpoint(dest.name);
  if (!e) {
    diagnostics_.Error(dest.at,
                       "expected ADDRESS:PORT (IPv6: ADDRESS.PORT), got '" + dest.name + "'");
    return false;
  }
  std::optional<uint16_t> port = ParsePort(e->port_text);
  if (!port) {
    diagnostics_.Error(
        Sub(dest.at, e->port_offset, e->port_text.size()),
        "unknown port name '" + e->port_text + "'" + DidYouMean(e->port_text, PortNames()));
    return false;
  }
  std::optional<IpAddress> address = Address(dest, e->address);
  if (!address) {
    // A named virtual address: `destination /Common/vip1:443`.
    const VirtualAddressDef* def = config_.Find(config_.virtual_addresses, e->host, v.name.name);
    if (def && def->address) address = Address(*def->address, ParseAddressText(def->address->name));
    if (!address) {
      diagnostics_.Error(dest.at, "'" + e->host + "' is neither an address nor a virtual-address");
      return false;
    }
  }
  vs.address = *address;
  vs.port = *port;
  vs.any_port = *port == 0;
  bool unspecified = address->value == 0;
  if (v.mask) {
    const std::string& mask = v.mask->name;
    if (mask == "any" || mask == "any6" || (unspecified && (mask == "0.0.0.0" || mask == "::"))) {
      vs.any_address = true;
    } else if (!IsHostMask(mask, address->family)) {
      // A network virtual server listens on part of the addresses: not expressible.
      WarnOnce(v.mask->at, "network virtual server (mask " + mask +
                               ") is not modelled: its answer is unknown on every address");
      vs.any_address = true;
      vs.mode = VirtualServer::Mode::kUnknown;
      vs.unknown_reason = "network virtual server " + DisplayName(v.name.name) + " (mask " + mask +
                          ") is not modelled";
      vs.unknown_at = v.mask->at;
    }
  } else if (unspecified) {
    vs.any_address = true;
  }
  return true;
}

void TmshBuilder::AddVirtual(const Virtual& v) {
  std::string name = DisplayName(v.name.name);
  if (v.disabled) {
    diagnostics_.Note(v.name.at, "virtual " + name + " is disabled: it does not listen");
    return;
  }
  if (v.kind && (v.kind->name == "internal" || v.kind->name == "dhcp-relay")) {
    diagnostics_.Note(
        v.kind->at, "virtual " + name + " is " + v.kind->name + ": it takes no client connections");
    return;
  }
  if (!v.destination && v.not_understood) {
    // tmsh refuses an unknown property; this one may be the damaged destination.
    diagnostics_.Error(v.not_understood->at, "unknown property '" + v.not_understood->name +
                                                 "' in virtual " + name +
                                                 ", which has no destination: where it listens "
                                                 "is not known");
    return;
  }
  if (!v.destination) {
    if (v.traffic_matching) {
      diagnostics_.Warning(
          v.traffic_matching->at,
          "traffic-matching-criteria is not modelled; virtual " + name + " skipped");
    } else {
      diagnostics_.Warning(v.name.at, "virtual " + name + " has no destination; skipped");
    }
    return;
  }
  VirtualServer base;
  base.name = name;
  base.location = v.name.at;
  if (!Destination(v, base)) return;
  if (v.source && v.source->name != "0.0.0.0/0" && v.source->name != "::/0") {
    WarnOnce(v.source->at, "source restriction " + v.source->name +
                               " is not modelled: every client is assumed to match");
  }
  if (v.vlans_enabled && !v.vlans.empty()) {
    WarnOnce(v.vlans_enabled->at, "virtual " + name +
                                      " listens only on some VLANs; VLANs are not modelled, "
                                      "it is assumed to listen on every VLAN");
  } else if (v.vlans_disabled && !v.vlans.empty()) {
    WarnOnce(v.vlans_disabled->at, "virtual " + name +
                                       " is disabled on some VLANs; VLANs are not modelled, "
                                       "it is assumed to listen on every VLAN");
  }
  bool has_http = false;
  Profiles(v, base, &has_http);
  Persistence(v, base);
  SourceNat(v, base);
  if (v.pool) {
    const Pool* pool = config_.Find(config_.pools, v.pool->name, v.name.name);
    if (!pool) {
      std::vector<std::string> names;
      for (const auto& entry : config_.pools) names.push_back(DisplayName(entry.first));
      diagnostics_.Error(v.pool->at, "no pool named '" + v.pool->name + "'" +
                                         DidYouMean(DisplayName(v.pool->name), names));
      return;
    }
    AddMembers(v, *pool, base);
    base.settings.monitors = Monitors(pool->monitors, pool->name.name);
    AutomapAddress(base);
  }
  DecideMode(v, has_http, base);
  NotUnderstood(v, base);
  for (uint8_t protocol : Protocols(v)) {
    VirtualServer vs = base;
    vs.protocol = protocol;
    out_.push_back(std::move(vs));
  }
}

void TmshBuilder::AddMembers(const Virtual& v, const Pool& pool, VirtualServer& vs) {
  bool translate_port = !(v.translate_port && v.translate_port->name == "disabled");
  std::vector<int> priorities;
  for (const Member& m : pool.members) {
    if (m.fqdn && !m.address) {
      WarnOnce(m.fqdn->at, "FQDN member " + m.name.name +
                               " gets its addresses from DNS at run time: not modelled");
      if (vs.mode != VirtualServer::Mode::kUnknown) {
        vs.mode = VirtualServer::Mode::kUnknown;
        vs.unknown_reason = "pool " + DisplayName(pool.name.name) + " has FQDN members";
        vs.unknown_at = m.fqdn->at;
      }
      continue;
    }
    std::optional<PoolMember> member = MakeMember(m, pool, vs, translate_port);
    if (!member) continue;
    vs.members.push_back(std::move(*member));
    priorities.push_back(m.priority_group);
  }
  MarkPriorityBackups(vs.members, priorities, pool.min_active_members);
  if (v.translate_address && v.translate_address->name == "disabled" &&
      vs.mode != VirtualServer::Mode::kUnknown) {
    vs.mode = VirtualServer::Mode::kUnknown;
    vs.unknown_reason = "translate-address disabled: the members are gateways, not destinations";
    vs.unknown_at = v.translate_address->at;
  }
}

std::optional<PoolMember> TmshBuilder::MakeMember(const Member& m, const Pool& pool,
                                                  const VirtualServer& vs, bool translate_port) {
  std::optional<EndpointText> e = SplitEndpoint(m.name.name);
  if (!e) {
    diagnostics_.Error(m.name.at,
                       "expected NODE:PORT (IPv6: ADDRESS.PORT), got '" + m.name.name + "'");
    return std::nullopt;
  }
  std::optional<uint16_t> port = ParsePort(e->port_text);
  if (!port) {
    diagnostics_.Error(
        Sub(m.name.at, e->port_offset, e->port_text.size()),
        "unknown port name '" + e->port_text + "'" + DidYouMean(e->port_text, PortNames()));
    return std::nullopt;
  }
  PoolMember member;
  member.name = e->host;
  member.location = m.name.at;
  const NodeObject* node = config_.Find(config_.nodes, e->host, pool.name.name);
  std::optional<IpAddress> address;
  if (m.address) {
    address = Address(*m.address, ParseAddressText(m.address->name));
    if (!address) {
      diagnostics_.Error(m.address->at, "'" + m.address->name + "' is not an IP address");
      return std::nullopt;
    }
  } else if (node && node->address) {
    address = Address(*node->address, ParseAddressText(node->address->name));
  } else if (e->address.address) {
    address = Address(m.name, e->address);
  }
  if (!address) {
    diagnostics_.Error(m.name.at, "member '" + m.name.name +
                                      "' has no address and no node named '" + e->host + "'");
    return std::nullopt;
  }
  if (!node) {
    // A member written by address belongs to the node with that address, whatever its name.
    if (nodes_by_address_.empty()) {
      for (const auto& entry : config_.nodes) {
        const NodeObject& n = entry.second;
        if (!n.address) continue;
        if (std::optional<IpAddress> a = ParseAddressText(n.address->name).address) {
          nodes_by_address_.emplace(*a, &n);
        }
      }
    }
    auto it = nodes_by_address_.find(*address);
    if (it != nodes_by_address_.end()) node = it->second;
  }
  member.address = *address;
  member.port = *port;
  if (!translate_port || *port == 0) {
    if (vs.any_port) {
      WarnOnce(m.name.at, "member " + m.name.name +
                              " keeps the client's destination port on an any-port virtual "
                              "server, which is not modelled");
    }
    member.port = vs.port;
  }
  member.enabled = !m.session_disabled && !m.state_down;
  if (node && (node->session_disabled || node->state_down)) {
    member.enabled = false;
    NoteOnce(m.name.at, "node " + DisplayName(node->name.name) + " is disabled: member " +
                            m.name.name + " takes no new connections");
  }
  member.monitors = Monitors(m.monitors, pool.name.name);
  return member;
}

void TmshBuilder::NotUnderstood(const Virtual& v, VirtualServer& vs) {
  if (vs.mode == VirtualServer::Mode::kUnknown) return;
  const Ref* what = v.not_understood ? &*v.not_understood : nullptr;
  if (!what && v.pool) {
    const Pool* pool = config_.Find(config_.pools, v.pool->name, v.name.name);
    if (pool && pool->not_understood) what = &*pool->not_understood;
  }
  if (!what) return;
  vs.mode = VirtualServer::Mode::kUnknown;
  vs.unknown_reason = "property '" + what->name + "' is not understood";
  vs.unknown_at = what->at;
}

void TmshBuilder::DecideMode(const Virtual& v, bool has_http, VirtualServer& vs) {
  std::string name = DisplayName(v.name.name);
  auto unknown = [&](const std::string& reason, const SourceRange& at) {
    if (vs.mode == VirtualServer::Mode::kUnknown) return;
    vs.mode = VirtualServer::Mode::kUnknown;
    vs.unknown_reason = reason;
    vs.unknown_at = at;
  };
  if (v.kind && v.kind->name == "reject") {
    vs.mode = VirtualServer::Mode::kReject;
    vs.location = v.kind->at;
    return;
  }
  if (v.kind) {
    unknown(v.kind->name + " virtual server " + name + ": traffic is routed, not load balanced",
            v.kind->at);
  }
  std::optional<IruleEffect> redirect;
  SourceRange redirect_at;
  for (const Ref& ref : v.rules) {
    IruleEffect effect;
    SourceRange at = ref.at;
    std::string base(BaseName(ref.name));
    if (base == "_sys_https_redirect") {
      effect = SysHttpsRedirect();
    } else if (const Rule* rule = config_.Find(config_.rules, ref.name, v.name.name);
               rule && rule->body.IsValid()) {
      effect = AnalyzeIrule(
          std::string_view(rule->body.file->text).substr(rule->body.offset, rule->body.length));
      at = rule->body;
      at.offset += static_cast<uint32_t>(effect.offset);
      at.length = 1;
    } else if (base.rfind("_sys_", 0) == 0) {
      effect.kind = IruleEffect::Kind::kUnknown;
      effect.reason = "built-in iRule, not modelled";
    } else {
      diagnostics_.Error(ref.at, "no iRule named '" + ref.name + "'");
      continue;
    }
    if (effect.kind == IruleEffect::Kind::kUnknown) {
      WarnOnce(at, "iRule " + DisplayName(FullName(ref.name, v.name.name)) + ": " + effect.reason +
                       "; what virtual " + name + " does is unknown");
      unknown("iRule " + DisplayName(FullName(ref.name, v.name.name)) + ": " + effect.reason, at);
    } else if (effect.kind == IruleEffect::Kind::kRedirect) {
      if (redirect) {
        unknown("several iRules answer with a redirect", ref.at);
      } else {
        redirect = effect;
        redirect_at = ref.at;
      }
    }
  }
  for (const Ref& policy : v.policies) {
    WarnOnce(policy.at, "LTM policy " + policy.name +
                            " is not modelled: it can redirect, "
                            "reject or choose a pool");
    unknown("LTM policy " + policy.name + " is not modelled", policy.at);
  }
  if (redirect && !has_http) {
    WarnOnce(redirect_at, "an HTTP redirect iRule needs an http profile on virtual " + name);
    unknown("redirect iRule without an http profile", redirect_at);
  }
  if (vs.mode == VirtualServer::Mode::kUnknown) return;
  if (redirect) {
    vs.mode = VirtualServer::Mode::kRedirect;
    vs.redirect_status = redirect->status;
    vs.redirect_location = redirect->location;
    vs.location = redirect_at;
    return;
  }
  // No pool and no iRule answer: BIG-IP resets the connection.
  if (!v.pool) vs.mode = VirtualServer::Mode::kReject;
}

}  // namespace flowaudit::f5
