#include "importers/iis_arr/config_reader.h"

#include <algorithm>
#include <set>

#include "importers/iis_arr/config_values.h"
#include "importers/iis_arr/rule_reader.h"

namespace flowaudit::iis {

const WebFarm* Config::FindFarm(std::string_view name) const {
  for (const WebFarm& farm : farms) {
    if (EqualsIgnoreCase(farm.name, name)) return &farm;
  }
  return nullptr;
}

const Site* Config::FindSite(std::string_view name) const {
  for (const Site& site : sites) {
    if (EqualsIgnoreCase(site.name, name)) return &site;
  }
  return nullptr;
}

namespace {

// Boolean attributes of ARR's <proxy> and a farm's <protocol>.
const std::vector<std::string_view> kProtocolBooleans = {"reverseRewriteHostInResponseHeaders",
                                                         "preserveHostHeader", "keepAlive",
                                                         "includePortInXForwardedFor"};

class Reader {
 public:
  Reader(Config& config, Diagnostics& diagnostics) : config_(config), diagnostics_(diagnostics) {}

  void Configuration(const xml::Element& root);

 private:
  void Count(const xml::Element& e) {
    config_.elements.push_back(e.location);
    for (const xml::Element& child : e.children) Count(child);
  }
  void Unsupported(const xml::Element& e, const std::string& where) {
    diagnostics_.Warning(e.name_range, "<" + e.name + "> in " + where + " is not modelled");
  }
  void Sites(const xml::Element& sites);
  void AppPools(const xml::Element& pools);
  // `sslFlags`: a number or flag names joined by ','; IIS refuses anything else.
  void SslFlags(const xml::Attribute& flags);
  // A site whose application names a pool `<applicationPools>` does not define: IIS answers
  // 503 there (no worker process), so the site's answers are unknown.
  void CheckPools();
  void Bindings(const xml::Element& bindings, Site& site);
  void Farms(const xml::Element& farms);
  void Farm(const xml::Element& e);
  void FarmServer(const xml::Element& e, WebFarm& farm);
  void FarmSettings(const xml::Element& e, WebFarm& farm);
  void WebServer(const xml::Element& e, Site* site, const std::string& sub_path,
                 const SourceRange& path_at);
  void Location(const xml::Element& e);
  void Proxy(const xml::Element& e);
  HttpRedirect Redirect(const xml::Element& e);
  std::optional<int64_t> TimeSpan(const xml::Element& e, std::string_view name);
  // Attributes not modelled but typed by the schema: IIS refuses the whole configuration on a
  // value of the wrong type (HTTP 500.19), so a damaged one is an error here too.
  void CheckTyped(const xml::Element& e, const std::vector<std::string_view>& booleans,
                  const std::vector<std::string_view>& time_spans);

  Config& config_;
  Diagnostics& diagnostics_;
};

void Reader::Configuration(const xml::Element& root) {
  Count(root);
  for (const xml::Element& child : root.children) {
    if (child.name == "system.applicationHost") {
      config_.has_application_host = true;
      for (const xml::Element& section : child.children) {
        if (section.name == "sites") Sites(section);
        if (section.name == "applicationPools") AppPools(section);
        if (section.name == "webFarms") Farms(section);
      }
    } else if (child.name == "webFarms") {
      Farms(child);
    } else if (child.name == "system.webServer") {
      WebServer(child, nullptr, "", {});
    }
  }
  // Locations after the sites they name, wherever they are written.
  for (const xml::Element* location : root.ChildrenNamed("location")) Location(*location);
  CheckPools();
}

void Reader::AppPools(const xml::Element& pools) {
  if (!config_.app_pools) config_.app_pools.emplace();
  for (const xml::Element* add : pools.ChildrenNamed("add")) {
    config_.app_pools->push_back(std::string(add->AttributeValue("name")));
  }
}

void Reader::CheckPools() {
  if (!config_.app_pools) return;  // defined elsewhere (a web.config has none)
  for (Site& site : config_.sites) {
    for (const auto& used : site.pools_used) {
      // By name: clang 14 cannot capture a structured binding.
      const std::string& name = used.first;
      const SourceRange& at = used.second;
      bool defined = std::any_of(config_.app_pools->begin(), config_.app_pools->end(),
                                 [&](const std::string& p) { return EqualsIgnoreCase(p, name); });
      if (defined || site.unknown_at.IsValid()) continue;
      site.unknown_reason = "application pool '" + name + "' is not defined";
      site.unknown_at = at;
      diagnostics_.Warning(at, "application pool '" + name +
                                   "' is not defined: IIS answers 503 there; what site '" +
                                   site.name + "' answers is UNKNOWN");
    }
  }
}

void Reader::SslFlags(const xml::Attribute& flags) {
  static const std::vector<std::string> kNames = {
      "None",           "Sni",         "CentralCertStore", "DisableHTTP2",
      "DisableOCSPStp", "DisableQUIC", "DisableTLS13",     "DisableLegacyTLS"};
  std::string_view rest = flags.value;
  bool number = !rest.empty() &&
                std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (number) return;
  while (true) {
    size_t comma = rest.find(',');
    std::string_view part = rest.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    bool known = std::any_of(kNames.begin(), kNames.end(),
                             [&](const std::string& n) { return EqualsIgnoreCase(n, part); });
    if (!known) {
      diagnostics_.Error(flags.value_range, "sslFlags must be a number or flags (" +
                                                std::string("None, Sni, CentralCertStore, …") +
                                                "), got '" + flags.value + "'");
      return;
    }
    if (comma == std::string_view::npos) return;
    rest.remove_prefix(comma + 1);
  }
}

void Reader::Sites(const xml::Element& sites) {
  for (const xml::Element* e : sites.ChildrenNamed("site")) {
    Site site;
    site.name = std::string(e->AttributeValue("name"));
    site.at = e->location;
    if (site.name.empty()) {
      diagnostics_.Error(e->name_range, "<site> needs a name");
      continue;
    }
    if (config_.FindSite(site.name)) {
      diagnostics_.Error(e->FindAttribute("name")->value_range,
                         "a second site named '" + site.name + "'");
      continue;
    }
    CheckTyped(*e, {"serverAutoStart"}, {});
    if (const xml::Attribute* id = e->FindAttribute("id")) {
      bool number = !id->value.empty() && std::all_of(id->value.begin(), id->value.end(),
                                                      [](char c) { return c >= '0' && c <= '9'; });
      if (!number) {
        diagnostics_.Error(id->value_range, "site id must be a number, got '" + id->value + "'");
      }
    }
    if (const xml::Element* bindings = e->Child("bindings")) Bindings(*bindings, site);
    for (const xml::Element* app : e->ChildrenNamed("application")) {
      if (const xml::Attribute* pool = app->FindAttribute("applicationPool")) {
        site.pools_used.push_back({pool->value, pool->value_range});
      }
    }
    config_.sites.push_back(std::move(site));
  }
}

void Reader::Bindings(const xml::Element& bindings, Site& site) {
  for (const xml::Element& e : bindings.children) {
    if (e.name == "clear") continue;  // drops siteDefaults bindings: there are none
    if (e.name != "binding") {
      Unsupported(e, "<bindings>");
      continue;
    }
    const xml::Attribute* protocol = e.FindAttribute("protocol");
    const xml::Attribute* information = e.FindAttribute("bindingInformation");
    if (!protocol || !information) {
      diagnostics_.Error(e.name_range, "<binding> needs protocol and bindingInformation");
      continue;
    }
    std::string p = Lower(protocol->value);
    static const std::vector<std::string> kOther = {"net.tcp", "net.pipe", "net.msmq",
                                                    "msmq.formatname", "ftp"};
    bool known = p == "http" || p == "https";
    if (!known && std::find(kOther.begin(), kOther.end(), p) != kOther.end()) {
      diagnostics_.Warning(protocol->value_range,
                           "'" + protocol->value +
                               "' bindings are not modelled: nothing listens there in the model");
      continue;
    }
    std::optional<Binding> binding = ParseBindingInformation(*information, diagnostics_);
    if (!binding) continue;
    if (!known) {
      binding->unknown_protocol = protocol->value;
      binding->unknown_at = protocol->value_range;
      diagnostics_.Warning(protocol->value_range, "binding protocol '" + protocol->value +
                                                      "' is not known: what answers at " +
                                                      information->value + " is UNKNOWN");
    }
    if (const xml::Attribute* flags = e.FindAttribute("sslFlags")) SslFlags(*flags);
    binding->https = p == "https";
    binding->at = e.location;
    site.bindings.push_back(*binding);
  }
}

void Reader::Farms(const xml::Element& farms) {
  for (const xml::Element& e : farms.children) {
    if (e.name == "webFarm") {
      Farm(e);
    } else if (e.name != "applicationRequestRouting" && e.name != "clear") {
      Unsupported(e, "<webFarms>");
    }
  }
}

void Reader::Farm(const xml::Element& e) {
  WebFarm farm;
  farm.name = std::string(e.AttributeValue("name"));
  farm.at = e.location;
  if (farm.name.empty()) {
    diagnostics_.Error(e.name_range, "<webFarm> needs a name");
    return;
  }
  if (config_.FindFarm(farm.name)) {
    diagnostics_.Error(e.FindAttribute("name")->value_range,
                       "a second web farm named '" + farm.name + "'");
    return;
  }
  farm.enabled = BoolAttribute(e, "enabled", true, diagnostics_).value_or(true);
  for (const xml::Element& child : e.children) {
    if (child.name == "server") {
      FarmServer(child, farm);
    } else if (child.name == "applicationRequestRouting") {
      FarmSettings(child, farm);
    } else {
      Unsupported(child, "<webFarm>");
    }
  }
  config_.farms.push_back(std::move(farm));
}

void Reader::FarmServer(const xml::Element& e, WebFarm& farm) {
  iis::FarmServer server;
  server.address = std::string(e.AttributeValue("address"));
  server.at = e.location;
  if (server.address.empty()) {
    diagnostics_.Error(e.name_range, "<server> needs an address");
    return;
  }
  server.ip = ParseIpAddress(server.address);
  server.enabled = BoolAttribute(e, "enabled", true, diagnostics_).value_or(true);
  for (const xml::Attribute& a : e.attributes) {
    if (a.name != "address" && a.name != "enabled") {
      diagnostics_.Warning(a.name_range, "'" + a.name +
                                             "' is not an attribute of an ARR <server>; ports "
                                             "come from <applicationRequestRouting httpPort "
                                             "httpsPort>");
    }
  }
  if (const xml::Element* arr = e.Child("applicationRequestRouting")) {
    server.http_port = PortAttribute(*arr, "httpPort", 80, diagnostics_).value_or(80);
    server.https_port = PortAttribute(*arr, "httpsPort", 443, diagnostics_).value_or(443);
  }
  farm.servers.push_back(std::move(server));
}

std::optional<int64_t> Reader::TimeSpan(const xml::Element& e, std::string_view name) {
  const xml::Attribute* a = e.FindAttribute(name);
  if (!a) return std::nullopt;
  std::optional<int64_t> seconds = ParseTimeSpan(a->value);
  if (!seconds) {
    diagnostics_.Error(a->value_range,
                       std::string(name) + " must be a time span hh:mm:ss, got '" + a->value + "'");
  }
  return seconds;
}

void Reader::CheckTyped(const xml::Element& e, const std::vector<std::string_view>& booleans,
                        const std::vector<std::string_view>& time_spans) {
  for (std::string_view name : booleans) BoolAttribute(e, name, false, diagnostics_);
  for (std::string_view name : time_spans) TimeSpan(e, name);
}

void Reader::FarmSettings(const xml::Element& e, WebFarm& farm) {
  for (const xml::Element& child : e.children) {
    if (child.name == "affinity") {
      farm.cookie_affinity = BoolAttribute(child, "useCookie", false, diagnostics_).value_or(false);
      if (const xml::Attribute* name = child.FindAttribute("cookieName")) {
        farm.cookie_name = name->value;
      }
      if (child.FindAttribute("useCookie")) farm.affinity_at = child.location;
    } else if (child.name == "healthCheck") {
      farm.health_url = std::string(child.AttributeValue("url"));
      farm.health_at = child.location;
      CheckTyped(child, {}, {"interval", "timeout"});
    } else if (child.name == "protocol") {
      CheckTyped(child, kProtocolBooleans, {});
      if (std::optional<int64_t> t = TimeSpan(child, "timeout")) {
        farm.timeout_s = *t;
        farm.timeout_at = child.FindAttribute("timeout")->value_range;
      }
    } else if (child.name != "loadBalancing" && child.name != "cache") {
      Unsupported(child, "the farm's <applicationRequestRouting>");
    }
  }
}

void Reader::Proxy(const xml::Element& e) {
  CheckTyped(e, kProtocolBooleans, {});
  if (std::optional<bool> enabled = BoolAttribute(e, "enabled", false, diagnostics_)) {
    config_.proxy.enabled = *enabled;
    config_.proxy.enabled_at = e.location;
  }
  if (std::optional<int64_t> t = TimeSpan(e, "timeout")) {
    config_.proxy.timeout_s = *t;
    config_.proxy.timeout_at = e.FindAttribute("timeout")->value_range;
  }
}

HttpRedirect Reader::Redirect(const xml::Element& e) {
  HttpRedirect r;
  r.at = e.location;
  r.enabled = BoolAttribute(e, "enabled", false, diagnostics_).value_or(false);
  r.destination = std::string(e.AttributeValue("destination"));
  if (const xml::Attribute* status = e.FindAttribute("httpResponseStatus")) {
    static const std::vector<std::string> kNames = {"Permanent", "Found", "Temporary",
                                                    "PermRedirect"};
    static const int kStatus[] = {301, 302, 307, 308};
    if (std::optional<size_t> i =
            EnumAttribute(*status, "httpResponseStatus", kNames, diagnostics_)) {
      r.status = kStatus[*i];
    }
  }
  if (r.enabled && r.destination.empty()) {
    diagnostics_.Error(e.name_range, "<httpRedirect enabled=\"true\"> needs a destination");
    r.enabled = false;
  }
  return r;
}

void Reader::WebServer(const xml::Element& e, Site* site, const std::string& sub_path,
                       const SourceRange& path_at) {
  for (const xml::Element& child : e.children) {
    if (child.name == "proxy") {
      Proxy(child);
    } else if (child.name == "httpRedirect") {
      if (!sub_path.empty()) {
        diagnostics_.Warning(child.name_range, "<httpRedirect> for a sub-path is not modelled");
      } else if (site) {
        site->http_redirect = Redirect(child);
      } else {
        config_.http_redirect = Redirect(child);
      }
    } else if (child.name == "rewrite") {
      for (const xml::Element& part : child.children) {
        if (part.name == "globalRules") {
          if (site || !sub_path.empty()) {
            diagnostics_.Warning(part.name_range,
                                 "<globalRules> belong to the server level; ignored here");
            continue;
          }
          RuleLevel level = ReadRuleLevel(part, diagnostics_);
          config_.global_rules.insert(config_.global_rules.end(), level.rules.begin(),
                                      level.rules.end());
        } else if (part.name == "rules") {
          RuleLevel level = ReadRuleLevel(part, diagnostics_);
          level.sub_path = sub_path;
          level.sub_path_at = path_at;
          if (site) {
            site->levels.push_back(std::move(level));
          } else {
            RuleLevel& server = config_.server_rules;
            server.rules.insert(server.rules.end(), level.rules.begin(), level.rules.end());
          }
        } else if (part.name == "outboundRules") {
          diagnostics_.Note(part.name_range,
                            "outbound rules change responses, not where requests go: skipped");
        } else if (part.name != "rewriteMaps" && part.name != "allowedServerVariables" &&
                   part.name != "providers") {
          Unsupported(part, "<rewrite>");
        }
      }
    }
  }
}

void Reader::Location(const xml::Element& e) {
  const xml::Attribute* path = e.FindAttribute("path");
  std::string value = path ? path->value : "";
  while (!value.empty() && value.back() == '/') value.pop_back();
  std::vector<const xml::Element*> sections = e.ChildrenNamed("system.webServer");
  if (value.empty() || value == ".") {
    for (const xml::Element* s : sections) WebServer(*s, nullptr, "", {});
    return;
  }
  size_t slash = value.find('/');
  std::string site_name = value.substr(0, slash);
  std::string sub_path = slash == std::string::npos ? "" : value.substr(slash);
  Site* site = nullptr;
  for (Site& s : config_.sites) {
    if (EqualsIgnoreCase(s.name, site_name)) site = &s;
  }
  if (!site) {
    if (!sections.empty()) {
      diagnostics_.Warning(path->value_range, "no site named '" + site_name +
                                                  "' in this file: its settings apply to no "
                                                  "listener");
    }
    return;
  }
  for (const xml::Element* s : sections) WebServer(*s, site, sub_path, path->value_range);
}

}  // namespace

Config ReadConfig(const xml::Element& root, Diagnostics& diagnostics) {
  Config config;
  if (root.name != "configuration") {
    diagnostics.Error(root.name_range,
                      "expected <configuration> as the root element, got <" + root.name + ">");
    return config;
  }
  Reader(config, diagnostics).Configuration(root);
  return config;
}

}  // namespace flowaudit::iis
