// AS3 services: addresses and port, pool, SNAT, persistence, TCP profile idle timeout, TLS,
// iRules, and the `redirect80` virtual server of Service_HTTPS.
#include "importers/f5_bigip/as3_service.h"

#include <set>

#include "importers/f5_bigip/addresses.h"
#include "importers/f5_bigip/irule.h"

namespace flowaudit::f5 {
namespace {

using json = nlohmann::ordered_json;

// Service properties that do not change what the virtual server answers or where it sends a
// connection, accepted quietly; those read below are listed too.
const std::set<std::string>& KnownServiceKeys() {
  static const std::set<std::string> keys = {"class",
                                             "remark",
                                             "label",
                                             "virtualAddresses",
                                             "virtualPort",
                                             "pool",
                                             "snat",
                                             "persistenceMethods",
                                             "fallbackPersistenceMethod",
                                             "profileTCP",
                                             "profileUDP",
                                             "profileHTTP",
                                             "profileHTTP2",
                                             "serverTLS",
                                             "clientTLS",
                                             "iRules",
                                             "redirect80",
                                             "enable",
                                             "layer4",
                                             "translateServerAddress",
                                             "translateServerPort",
                                             "maxConnections",
                                             "profileMultiplex",
                                             "profileHTTPCompression",
                                             "profileHTTPAcceleration",
                                             "profileStream",
                                             "profileAnalytics",
                                             "profileTrafficLog",
                                             "securityLogProfiles",
                                             "shareAddresses",
                                             "mirroring",
                                             "addressStatus",
                                             "lastHop",
                                             "nat64Enabled",
                                             "serviceDownImmediateAction",
                                             "metadata",
                                             "httpAnalyticsProfile",
                                             "profileL4",
                                             "virtualType",
                                             "allowVlans",
                                             "rejectVlans",
                                             "policyEndpoint",
                                             "profileConnectivity",
                                             "profileIPOther",
                                             "profileFTP",
                                             "profileDOS",
                                             "profileBotDefense",
                                             "policyWAF",
                                             "policyIAM",
                                             "profileAccess",
                                             "rateLimit",
                                             "ipIntelligencePolicy",
                                             "clonePools",
                                             "profileHTTPProfile"};
  return keys;
}

class ServiceReader {
 public:
  ServiceReader(As3Context& context, const As3Place& place, const json& service)
      : c_(context), place_(place), s_(service) {}

  void Read(std::vector<VirtualServer>& out);

 private:
  std::string At(std::string_view key) const { return JsonPositions::Child(place_.pointer, key); }
  SourceRange Range(std::string_view key) const { return c_.positions.At(At(key)); }
  SourceRange KeyRange(std::string_view key) const { return c_.positions.KeyAt(At(key)); }
  std::vector<std::pair<IpAddress, SourceRange>> Addresses();
  // The listeners of a service whose class is not modelled: each answers UNKNOWN.
  void UnknownListeners(std::vector<VirtualServer>& out);
  void Snat(VirtualServer& vs);
  void Persistence(VirtualServer& vs);
  void Timeout(VirtualServer& vs);
  void Rules(VirtualServer& vs);
  void Unknown(VirtualServer& vs, const std::string& reason, const SourceRange& at) {
    if (vs.mode == VirtualServer::Mode::kUnknown) return;
    vs.mode = VirtualServer::Mode::kUnknown;
    vs.unknown_reason = reason;
    vs.unknown_at = at;
  }

  As3Context& c_;
  const As3Place& place_;
  const json& s_;
  std::string class_;
};

void ServiceReader::UnknownListeners(std::vector<VirtualServer>& out) {
  SourceRange at = c_.positions.At(JsonPositions::Child(place_.pointer, "class"));
  std::string reason = "class '" + class_ + "' of " + place_.name + " is not modelled";
  c_.diagnostics.Warning(at, reason + "; what it answers is unknown");
  VirtualServer base;
  base.name = "/" + place_.tenant + "/" + place_.app + "/" + place_.name;
  base.location = c_.positions.KeyAt(place_.pointer);
  base.mode = VirtualServer::Mode::kUnknown;
  base.unknown_reason = reason;
  base.unknown_at = at;
  const json* port = s_.contains("virtualPort") ? &s_["virtualPort"] : nullptr;
  if (port && port->is_number_unsigned() && port->get<uint64_t>() <= 65535) {
    base.port = static_cast<uint16_t>(port->get<uint64_t>());
  }
  base.any_port = base.port == 0;  // the class's default port is not known
  for (const auto& [address, where] : Addresses()) {
    for (uint8_t protocol : {uint8_t{6}, uint8_t{17}}) {
      VirtualServer vs = base;
      vs.address = address;
      vs.any_address = address.value == 0;
      vs.protocol = protocol;
      out.push_back(vs);
    }
  }
}

std::vector<std::pair<IpAddress, SourceRange>> ServiceReader::Addresses() {
  std::vector<std::pair<IpAddress, SourceRange>> out;
  if (!s_.contains("virtualAddresses") || !s_["virtualAddresses"].is_array()) {
    c_.diagnostics.Error(c_.positions.At(place_.pointer),
                         class_ + " " + place_.name + " needs a 'virtualAddresses' array");
    return out;
  }
  const json& list = s_["virtualAddresses"];
  for (size_t i = 0; i < list.size(); ++i) {
    std::string at = JsonPositions::Child(At("virtualAddresses"), i);
    const json* item = &list[i];
    if (item->is_array() && !item->empty()) {  // [destination, source prefix]
      at = JsonPositions::Child(at, 0);
      item = &(*item)[0];
    }
    std::string text;
    if (item->is_string()) {
      text = item->get<std::string>();
    } else {
      std::optional<As3Target> target = ResolveAs3(c_, place_, *item, at, "Service_Address");
      if (!target) continue;
      if (!target->bigip.empty()) {
        c_.diagnostics.Warning(c_.positions.At(at), "BIG-IP virtual address " + target->bigip +
                                                        " is outside the declaration; skipped");
        continue;
      }
      text = target->object->value("virtualAddress", "");
      at = JsonPositions::Child(target->place.pointer, "virtualAddress");
    }
    AddressText a = ParseAddressText(text);
    if (!a.address) {
      c_.diagnostics.Error(c_.positions.At(at), "'" + text + "' is not an IP address");
      continue;
    }
    if (a.route_domain != 0) {
      c_.diagnostics.Warning(c_.positions.At(at), "route domain %" +
                                                      std::to_string(a.route_domain) +
                                                      " is not modelled: the address is kept");
    }
    out.push_back({*a.address, c_.positions.At(at)});
  }
  return out;
}

void ServiceReader::Snat(VirtualServer& vs) {
  // AS3's default is "auto": automap, the BIG-IP's own self IP (not in the declaration).
  vs.source_translation = SourceTranslation::kDeviceOwn;
  if (!s_.contains("snat")) return;
  const json& snat = s_["snat"];
  if (snat == "none") {
    vs.source_translation = SourceTranslation::kNone;
    return;
  }
  if (snat == "auto" || snat == "self") return;
  std::optional<As3Target> target = ResolveAs3(c_, place_, snat, At("snat"), "SNAT_Pool");
  if (!target) return;
  vs.source_translation = SourceTranslation::kGiven;
  if (!target->bigip.empty()) return;
  const json& pool = *target->object;
  std::string list_at = JsonPositions::Child(target->place.pointer, "snatAddresses");
  if (!pool.contains("snatAddresses") || !pool["snatAddresses"].is_array() ||
      pool["snatAddresses"].empty()) {
    c_.diagnostics.Error(c_.positions.At(list_at), "a SNAT_Pool needs 'snatAddresses'");
    return;
  }
  const json& first = pool["snatAddresses"][0];
  AddressText a = ParseAddressText(first.is_string() ? first.get<std::string>() : "");
  if (!a.address) {
    c_.diagnostics.Error(c_.positions.At(JsonPositions::Child(list_at, 0)),
                         "expected an IP address");
    return;
  }
  vs.source_nat = *a.address;
  if (pool["snatAddresses"].size() > 1) {
    c_.diagnostics.Note(c_.positions.At(list_at), "SNAT pool " + target->place.name +
                                                      " has several addresses: modelled with "
                                                      "the first, " +
                                                      a.address->ToString());
  }
}

void ServiceReader::Persistence(VirtualServer& vs) {
  LbSettings& s = vs.settings;
  // AS3 defaults: cookie persistence on HTTP services, source address on the others.
  bool http = class_ == "Service_HTTP" || class_ == "Service_HTTPS";
  std::string pool_name =
      s_.contains("pool") && s_["pool"].is_string() ? s_["pool"].get<std::string>() : "";
  std::string default_cookie = "BIGipServer~" + place_.tenant + "~" + place_.app + "~" + pool_name;
  if (!s_.contains("persistenceMethods")) {
    s.persistence = http ? Persistence::kCookie : Persistence::kSourceAddress;
    if (http) {
      s.persistence_name = default_cookie;
      s.persistence_cookie_http_only = true;
    }
    return;
  }
  const json& list = s_["persistenceMethods"];
  s.persistence_at = Range("persistenceMethods");
  if (!list.is_array()) {
    c_.diagnostics.Error(s.persistence_at, "'persistenceMethods' must be an array");
    return;
  }
  if (list.empty()) return;
  const json& first = list[0];
  std::string at = JsonPositions::Child(At("persistenceMethods"), 0);
  s.persistence_at = c_.positions.At(at);
  std::string method, cookie;
  bool http_only = true;
  if (first.is_string()) {
    method = first.get<std::string>();
    static const std::set<std::string> methods = {"cookie", "destination-address", "msrdp",
                                                  "source-address", "tls-session-id"};
    if (!methods.count(method)) {
      c_.diagnostics.Warning(s.persistence_at, "persistence method '" + method +
                                                   "' is not an AS3 method; modelled as other");
    }
  } else {
    std::optional<As3Target> target = ResolveAs3(c_, place_, first, at, "Persist");
    if (!target) return;
    if (!target->bigip.empty()) {
      std::string base(BaseName(target->bigip));
      method = base == "source_addr" ? "source-address" : base == "cookie" ? "cookie" : base;
    } else {
      method = target->object->value("persistenceMethod", "");
      cookie = target->object->value("cookieName", "");
      http_only = target->object->value("httpOnly", true);
      s.persistence_name = target->place.name;
    }
  }
  if (method == "source-address") {
    s.persistence = Persistence::kSourceAddress;
  } else if (method == "cookie") {
    s.persistence = Persistence::kCookie;
    s.persistence_name = cookie.empty() ? default_cookie : cookie;
    s.persistence_cookie_http_only = http_only;
  } else {
    s.persistence = Persistence::kOther;
    if (s.persistence_name.empty()) s.persistence_name = method;
  }
}

void ServiceReader::Timeout(VirtualServer& vs) {
  bool udp = class_ == "Service_UDP";
  vs.settings.idle_timeout_s = udp ? 60 : 300;  // the built-in udp and tcp profiles
  const char* key = udp ? "profileUDP" : "profileTCP";
  if (!s_.contains(key) || s_[key].is_string()) return;  // "normal", "wan", "lan": built in
  std::optional<As3Target> target = ResolveAs3(c_, place_, s_[key], At(key), "TCP_Profile");
  if (!target) return;
  if (!target->bigip.empty()) {
    c_.diagnostics.Warning(Range(key), "BIG-IP profile " + target->bigip +
                                           " is outside the declaration: its idle timeout is "
                                           "taken as the default");
    return;
  }
  const json& profile = *target->object;
  if (profile.contains("idleTimeout") && profile["idleTimeout"].is_number_integer()) {
    vs.settings.idle_timeout_s = profile["idleTimeout"].get<int64_t>();
    vs.settings.idle_timeout_at =
        c_.positions.At(JsonPositions::Child(target->place.pointer, "idleTimeout"));
  }
}

void ServiceReader::Rules(VirtualServer& vs) {
  if (!s_.contains("iRules")) return;
  const json& list = s_["iRules"];
  if (!list.is_array()) {
    c_.diagnostics.Error(Range("iRules"), "'iRules' must be an array");
    return;
  }
  bool redirected = false;
  for (size_t i = 0; i < list.size(); ++i) {
    std::string at = JsonPositions::Child(At("iRules"), i);
    std::optional<As3Target> target = ResolveAs3(c_, place_, list[i], at, "iRule");
    if (!target) continue;
    IruleEffect effect;
    SourceRange where = c_.positions.At(at);
    std::string name = target->bigip.empty() ? target->place.name : target->bigip;
    if (!target->bigip.empty()) {
      if (BaseName(target->bigip) == "_sys_https_redirect") {
        effect = SysHttpsRedirect();
      } else {
        effect.kind = IruleEffect::Kind::kUnknown;
        effect.reason = "outside the declaration";
      }
    } else {
      const json& rule = *target->object;
      std::string text_at = JsonPositions::Child(target->place.pointer, "iRule");
      if (rule.contains("iRule") && rule["iRule"].is_string()) {
        effect = AnalyzeIrule(rule["iRule"].get<std::string>());
        where = c_.positions.At(text_at);
      } else {
        effect.kind = IruleEffect::Kind::kUnknown;
        effect.reason = "its text is not inline (base64 or url)";
        where = c_.positions.At(target->place.pointer);
      }
    }
    if (effect.kind == IruleEffect::Kind::kUnknown) {
      c_.diagnostics.Warning(where, "iRule " + name + ": " + effect.reason + "; what " +
                                        place_.name + " does is unknown");
      Unknown(vs, "iRule " + name + ": " + effect.reason, where);
    } else if (effect.kind == IruleEffect::Kind::kRedirect) {
      if (redirected) Unknown(vs, "several iRules answer with a redirect", where);
      redirected = true;
      if (vs.mode != VirtualServer::Mode::kUnknown) {
        vs.mode = VirtualServer::Mode::kRedirect;
        vs.redirect_status = effect.status;
        vs.redirect_location = effect.location;
        vs.location = where;
      }
    }
  }
}

void ServiceReader::Read(std::vector<VirtualServer>& out) {
  class_ = s_.value("class", "");
  static const std::set<std::string> services = {"Service_HTTP", "Service_HTTPS", "Service_TCP",
                                                 "Service_UDP", "Service_L4"};
  if (!services.count(class_)) {
    // A listener of another class (or a damaged class name: AS3 itself refuses a class it does
    // not know) still owns its addresses; skipping it would say nothing listens there.
    if (class_.rfind("Service_", 0) == 0 || s_.contains("virtualAddresses")) {
      UnknownListeners(out);
    }
    return;
  }
  if (s_.contains("enable") && s_["enable"] == false) {
    c_.diagnostics.Note(KeyRange("enable"), place_.name + " is disabled: it does not listen");
    return;
  }
  for (const auto& [key, value] : s_.items()) {
    if (!KnownServiceKeys().count(key)) {
      c_.diagnostics.Warning(KeyRange(key), "'" + key + "' is not modelled; ignored");
    }
  }
  VirtualServer base;
  base.name = "/" + place_.tenant + "/" + place_.app + "/" + place_.name;
  base.location = c_.positions.KeyAt(place_.pointer);
  if (class_ == "Service_UDP") base.protocol = 17;
  if (class_ == "Service_L4" && s_.value("layer4", "tcp") != "tcp") {
    c_.diagnostics.Warning(Range("layer4"), "layer4 other than tcp is not modelled");
  }
  if (s_.contains("virtualPort")) {
    const json& port = s_["virtualPort"];
    if (!port.is_number_unsigned() || port.get<uint64_t>() > 65535) {
      c_.diagnostics.Error(Range("virtualPort"), "'virtualPort' must be a port from 0 to 65535");
      return;
    }
    base.port = static_cast<uint16_t>(port.get<uint64_t>());
  } else if (class_ == "Service_HTTP" || class_ == "Service_HTTPS") {
    base.port = class_ == "Service_HTTP" ? 80 : 443;
  } else {
    c_.diagnostics.Error(c_.positions.At(place_.pointer),
                         class_ + " " + place_.name + " needs a 'virtualPort'");
    return;
  }
  base.any_port = base.port == 0;
  base.settings.tls_terminated = s_.contains("serverTLS");
  Snat(base);
  Persistence(base);
  Timeout(base);
  if (s_.contains("pool")) {
    std::optional<As3Target> pool = ResolveAs3(c_, place_, s_["pool"], At("pool"), "Pool");
    if (!pool) return;
    if (!pool->bigip.empty()) {
      c_.diagnostics.Warning(Range("pool"), "BIG-IP pool " + pool->bigip +
                                                " is outside the declaration: its members are "
                                                "unknown");
      Unknown(base, "pool " + pool->bigip + " is outside the declaration", Range("pool"));
    } else {
      ReadAs3Pool(c_, *pool, base);
    }
  } else {
    base.mode = VirtualServer::Mode::kReject;  // no pool: BIG-IP resets the connection
  }
  for (const char* key : {"allowVlans", "rejectVlans"}) {
    if (s_.contains(key)) {
      c_.diagnostics.Warning(KeyRange(key), std::string(key) +
                                                ": VLANs are not modelled, the service is "
                                                "assumed to listen on every VLAN");
    }
  }
  if (s_.contains("policyEndpoint")) {
    c_.diagnostics.Warning(Range("policyEndpoint"), "endpoint policies are not modelled");
    Unknown(base, "endpoint policy is not modelled", Range("policyEndpoint"));
  }
  if (s_.value("translateServerAddress", true) == false) {
    Unknown(base, "translateServerAddress false: the members are gateways",
            Range("translateServerAddress"));
  }
  if (s_.value("translateServerPort", true) == false) {
    for (PoolMember& m : base.members) m.port = base.port;
  }
  Rules(base);
  // Service_HTTPS listens on 80 too unless `redirect80` is false: a virtual server that
  // redirects to https (the built-in _sys_https_redirect iRule).
  bool redirect80 = class_ == "Service_HTTPS" && s_.value("redirect80", true);
  for (const auto& [address, at] : Addresses()) {
    VirtualServer vs = base;
    vs.address = address;
    vs.any_address = address.value == 0;
    out.push_back(vs);
    if (!redirect80) continue;
    VirtualServer redirect;
    redirect.name = base.name + "-Redirect-";
    redirect.address = address;
    redirect.any_address = vs.any_address;
    redirect.port = 80;
    redirect.mode = VirtualServer::Mode::kRedirect;
    IruleEffect sys = SysHttpsRedirect();
    redirect.redirect_status = sys.status;
    redirect.redirect_location = sys.location;
    redirect.location = s_.contains("redirect80") ? KeyRange("redirect80") : base.location;
    redirect.settings.idle_timeout_s = 300;
    out.push_back(redirect);
  }
}

}  // namespace

void ReadService(As3Context& context, const As3Place& place, const json& item,
                 std::vector<VirtualServer>& out) {
  ServiceReader(context, place, item).Read(out);
}

}  // namespace flowaudit::f5
