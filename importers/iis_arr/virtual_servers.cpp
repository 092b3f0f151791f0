#include "importers/iis_arr/virtual_servers.h"

#include <algorithm>
#include <map>
#include <set>

#include "importers/common/suggest.h"
#include "importers/iis_arr/answers.h"
#include "importers/iis_arr/config_values.h"
#include "importers/iis_arr/evaluator.h"
#include "importers/iis_arr/rewrite_target.h"

namespace flowaudit::iis {
namespace {

SourceRange HostRange(const Action& action, size_t host_offset, size_t host_length) {
  SourceRange r = action.url_at;
  if (r.IsValid() && r.length == action.url.size()) {
    r.offset += static_cast<uint32_t>(host_offset);
    r.length = static_cast<uint32_t>(host_length);
  }
  return r;
}

class Builder {
 public:
  Builder(const Config& config, Diagnostics& diagnostics)
      : config_(config), diagnostics_(diagnostics) {}
  std::vector<VirtualServer> Build();

 private:
  void CheckTarget(const Rule& rule);
  std::vector<RunRule> RulesOf(const Site& site) const;
  VirtualServer Unknown(std::string reason, const SourceRange& at) const;
  VirtualServer Resolve(const Ending& ending, const Site& site, const Binding& binding);
  VirtualServer Proxy(const Ending& ending);
  void ForwardToFarm(const WebFarm& farm, bool https, VirtualServer& vs);
  VirtualServer Answer(const Site& site, const Binding& binding);
  void Emit(const Site& site, const Binding& binding, VirtualServer vs);
  void WarnOnce(const SourceRange& at, const std::string& message) {
    if (said_.insert({at.offset, message}).second) diagnostics_.Warning(at, message);
  }
  void NoteOnce(const SourceRange& at, const std::string& message) {
    if (said_.insert({at.offset, message}).second) diagnostics_.Note(at, message);
  }

  const Config& config_;
  Diagnostics& diagnostics_;
  std::vector<VirtualServer> out_;
  std::set<std::pair<uint32_t, std::string>> said_;
};

void Builder::CheckTarget(const Rule& rule) {
  const Action& action = rule.action;
  if (action.type != Action::Type::kRewrite) return;
  std::optional<RewriteTarget> t = ParseRewriteTarget(action.url, config_);
  if (!t || t->from_request) return;
  SourceRange at = HostRange(action, t->host_offset, t->host.size());
  if (t->port_invalid) {
    diagnostics_.Error(action.url_at, "rule '" + rule.name + "' rewrites to an invalid port in '" +
                                          action.url + "'");
  } else if (!t->ip && !t->farm) {
    if (t->LooksLikeDnsName()) {
      diagnostics_.Warning(at, "rule '" + rule.name + "' rewrites to '" + t->host +
                                   "', which is no web farm in this file: a DNS name whose "
                                   "address is unknown, so the answer is UNKNOWN");
    } else {
      std::vector<std::string> farms;
      for (const WebFarm& f : config_.farms) farms.push_back(f.name);
      diagnostics_.Error(at, "rule '" + rule.name + "' rewrites to an unknown web farm '" +
                                 t->host + "'" + DidYouMean(t->host, farms));
      // A renamed farm shows where it is: its name may be the damaged one.
      for (const WebFarm& f : config_.farms) {
        diagnostics_.Note(f.at, "web farm '" + f.name + "' is defined here");
      }
    }
  }
}

std::vector<RunRule> Builder::RulesOf(const Site& site) const {
  std::vector<RunRule> rules;
  for (const Rule& r : config_.global_rules) rules.push_back({&r, "", {}});
  // Distributed server rules, unless a site level clears or removes them. A sub-path level's
  // <clear/> or <remove> holds only under that path: the rule then applies to some requests.
  for (const Rule& r : config_.server_rules.rules) {
    RunRule run{&r, "", {}};
    bool dropped = false;
    for (const RuleLevel& level : site.levels) {
      bool removes = level.clear ||
                     std::any_of(level.removed.begin(), level.removed.end(),
                                 [&](const std::string& n) { return EqualsIgnoreCase(n, r.name); });
      if (!removes) continue;
      if (level.sub_path.empty()) {
        dropped = true;
      } else if (run.scope_reason.empty()) {
        run.scope_reason = "rule '" + r.name + "' is dropped for requests under " + level.sub_path +
                           ", which only the request path decides";
        run.scope_at = level.sub_path_at;
      }
    }
    if (!dropped) rules.push_back(run);
  }
  for (const RuleLevel& level : site.levels) {
    for (const Rule& r : level.rules) {
      RunRule run{&r, "", {}};
      if (!level.sub_path.empty()) {
        run.scope_reason = "rule '" + r.name + "' applies only to requests under " +
                           level.sub_path + ", which only the request path decides";
        run.scope_at = level.sub_path_at;
      }
      rules.push_back(run);
    }
  }
  return rules;
}

VirtualServer Builder::Unknown(std::string reason, const SourceRange& at) const {
  VirtualServer vs;
  vs.mode = VirtualServer::Mode::kUnknown;
  vs.unknown_reason = std::move(reason);
  vs.unknown_at = at;
  vs.location = at;
  return vs;
}

void Builder::ForwardToFarm(const WebFarm& farm, bool https, VirtualServer& vs) {
  std::vector<std::string> host_names;
  for (const FarmServer& s : farm.servers) {
    if (!s.ip) {
      WarnOnce(s.at, "server '" + s.address +
                         "' is a host name: DNS decides its address, so it is no member in the "
                         "model");
      host_names.push_back(s.address);
      continue;
    }
    PoolMember m;
    m.name = s.address;
    m.address = *s.ip;
    m.port = https ? s.https_port : s.http_port;
    m.location = s.at;
    m.enabled = s.enabled;
    vs.members.push_back(m);
  }
  LbSettings& settings = vs.settings;
  if (farm.cookie_affinity) {
    settings.persistence = Persistence::kCookie;
    settings.persistence_name = farm.cookie_name;
    settings.persistence_cookie_http_only = true;  // ARR marks its affinity cookie HttpOnly
  }
  settings.persistence_at = farm.affinity_at;
  settings.idle_timeout_s = farm.timeout_s;
  settings.idle_timeout_at = farm.timeout_at;
  if (!farm.health_url.empty()) {
    HealthMonitor monitor;
    monitor.name = farm.health_url;
    std::optional<RewriteTarget> t = ParseRewriteTarget(farm.health_url, config_);
    monitor.type = t && t->https ? "https" : "http";
    bool probe_https = t && t->https;
    if (t && t->port) {
      monitor.port = *t->port;
    } else if (probe_https != https && !farm.servers.empty()) {
      // The probe goes to each server's port for its own scheme, which is not the port
      // requests are forwarded to; one port when the servers agree on it.
      uint16_t port = probe_https ? farm.servers[0].https_port : farm.servers[0].http_port;
      bool same = std::all_of(farm.servers.begin(), farm.servers.end(), [&](const FarmServer& s) {
        return (probe_https ? s.https_port : s.http_port) == port;
      });
      if (same) {
        monitor.port = port;
      } else {
        WarnOnce(farm.health_at, "the health check probes each server on its own " +
                                     std::string(probe_https ? "httpsPort" : "httpPort") +
                                     ", which differ: modelled as the member's port");
      }
    }
    monitor.location = farm.health_at;
    settings.monitors.push_back(monitor);
  }
  if (!host_names.empty()) {
    vs.mode = VirtualServer::Mode::kUnknown;
    vs.unknown_reason = "web farm '" + farm.name + "' has servers named by host name (" +
                        host_names.front() + "), whose addresses DNS decides";
    vs.unknown_at = farm.at;
  }
}

VirtualServer Builder::Proxy(const Ending& ending) {
  const Rule& rule = *ending.rule;
  const Action& action = rule.action;
  const ProxySwitch& proxy = config_.proxy;
  if (!proxy.enabled && !config_.has_application_host) {
    WarnOnce(action.url_at, "rule '" + rule.name +
                                "' rewrites to an absolute URL, which proxies only when ARR's "
                                "<proxy enabled=\"true\"/> is set in applicationHost.config, "
                                "not in this file: the answer is UNKNOWN");
    return Unknown("whether ARR proxying is enabled is set outside this file", action.url_at);
  }
  if (!proxy.enabled.value_or(false)) {
    WarnOnce(action.url_at,
             "rule '" + rule.name + "' rewrites to an absolute URL but the ARR proxy is " +
                 (proxy.enabled ? "disabled" : "not enabled (no <proxy enabled=\"true\"/>)") +
                 ": IIS answers such a request with 404");
    VirtualServer vs;
    vs.mode = VirtualServer::Mode::kRespond;
    vs.redirect_status = 404;
    vs.location = action.at;
    return vs;
  }
  std::optional<RewriteTarget> t = ParseRewriteTarget(action.url, config_);
  if (t->from_request) {
    WarnOnce(action.url_at, "rule '" + rule.name +
                                "' rewrites to a host taken from the request: where it "
                                "forwards is UNKNOWN");
    return Unknown("rule '" + rule.name + "' forwards to a host taken from the request",
                   action.url_at);
  }
  VirtualServer vs;
  vs.location = action.at;
  vs.source_translation = SourceTranslation::kDeviceOwn;  // ARR opens its own connection
  if (t->farm) {
    SourceRange at = HostRange(action, t->host_offset, t->host.size());
    if (!t->farm->enabled) {
      WarnOnce(at, "web farm '" + t->farm->name +
                       "' is disabled: ARR does not route to it, and where the request goes is "
                       "UNKNOWN");
      return Unknown("web farm '" + t->farm->name + "' is disabled", at);
    }
    ForwardToFarm(*t->farm, t->https, vs);
    if (t->port) {
      WarnOnce(at, "a port in a URL naming web farm '" + t->farm->name +
                       "': whether ARR uses it or the servers' ports is not modelled");
      vs.mode = VirtualServer::Mode::kUnknown;
      vs.unknown_reason = "the rewrite names web farm '" + t->farm->name + "' with a port";
      vs.unknown_at = at;
    }
    return vs;
  }
  if (t->ip && !t->port_invalid) {
    PoolMember m;
    m.name = t->host;
    m.address = *t->ip;
    m.port = t->port.value_or(t->https ? 443 : 80);
    m.location = action.at;
    vs.members.push_back(m);
    vs.settings.idle_timeout_s = proxy.timeout_s;
    vs.settings.idle_timeout_at = proxy.timeout_at;
    return vs;
  }
  return Unknown("rule '" + rule.name + "' rewrites to '" + t->host +
                     "', which is neither a web farm nor an address",
                 HostRange(action, t->host_offset, t->host.size()));
}

VirtualServer Builder::Resolve(const Ending& ending, const Site& site, const Binding& binding) {
  VirtualServer vs;
  vs.location = ending.rule ? ending.rule->action.at : binding.at;
  switch (ending.kind) {
    case Ending::Kind::kLocal: {
      const HttpRedirect& r = site.http_redirect ? *site.http_redirect : config_.http_redirect;
      if (r.enabled) {
        vs.mode = VirtualServer::Mode::kRedirect;
        vs.redirect_location = r.destination;
        vs.redirect_status = r.status;
        vs.location = r.at;
      } else {
        vs.mode = VirtualServer::Mode::kRespond;  // the site's own content
        vs.redirect_status = 200;
      }
      return vs;
    }
    case Ending::Kind::kProxy:
      return Proxy(ending);
    case Ending::Kind::kRedirect:
      vs.mode = VirtualServer::Mode::kRedirect;
      vs.redirect_location = ending.url;
      vs.redirect_status = ending.status;
      return vs;
    case Ending::Kind::kRespond:
      vs.mode = VirtualServer::Mode::kRespond;
      vs.redirect_status = ending.status;
      return vs;
    case Ending::Kind::kReject:
      vs.mode = VirtualServer::Mode::kReject;
      return vs;
    case Ending::Kind::kUnknown:
      break;
  }
  return Unknown("too many rules depend on the request to follow every combination",
                 ending.rule ? ending.rule->at : binding.at);
}

VirtualServer Builder::Answer(const Site& site, const Binding& binding) {
  if (!binding.unknown_protocol.empty()) {
    return Unknown("binding protocol '" + binding.unknown_protocol + "' is not known",
                   binding.unknown_at);
  }
  if (site.unknown_at.IsValid()) return Unknown(site.unknown_reason, site.unknown_at);
  Listener listener{binding.https, binding.port, binding.address, binding.host};
  RunResult run = RunRules(RulesOf(site), listener);
  std::vector<VirtualServer> answers;
  for (const Ending& e : run.endings) answers.push_back(Resolve(e, site, binding));
  bool same = std::all_of(answers.begin(), answers.end(),
                          [&](const VirtualServer& a) { return SameAnswer(a, answers.front()); });
  if (same) return answers.front();
  std::vector<std::string> described;
  for (const VirtualServer& a : answers) {
    std::string d = Describe(a);
    if (std::find(described.begin(), described.end(), d) == described.end()) described.push_back(d);
  }
  std::string list;
  for (const std::string& d : described) list += (list.empty() ? "" : "; ") + d;
  VirtualServer vs =
      Unknown(run.unknown_reason + " (possible answers: " + list + ")", run.unknown_at);
  // The model follows every member a request may reach, marked uncertain.
  for (const VirtualServer& a : answers) {
    for (const PoolMember& m : a.members) {
      bool known = std::any_of(vs.members.begin(), vs.members.end(), [&](const PoolMember& x) {
        return x.address == m.address && x.port == m.port;
      });
      if (!known) vs.members.push_back(m);
    }
    if (!a.members.empty() && vs.source_translation == SourceTranslation::kNone) {
      vs.source_translation = a.source_translation;
      vs.settings = a.settings;
    }
  }
  return vs;
}

void Builder::Emit(const Site& site, const Binding& binding, VirtualServer vs) {
  vs.name = site.name;
  vs.protocol = 6;
  vs.port = binding.port;
  vs.settings.tls_terminated = binding.https;
  if (!vs.location.IsValid()) vs.location = binding.at;
  if (binding.address) {
    vs.address = *binding.address;
    out_.push_back(vs);
    return;
  }
  vs.any_address = true;  // `*`: HTTP.sys listens on every IPv4 and IPv6 address
  vs.address = *ParseIpAddress("0.0.0.0");
  out_.push_back(vs);
  vs.address = *ParseIpAddress("::");
  out_.push_back(vs);
}

std::vector<VirtualServer> Builder::Build() {
  for (const Rule& r : config_.global_rules) CheckTarget(r);
  for (const Rule& r : config_.server_rules.rules) CheckTarget(r);
  for (const Site& site : config_.sites) {
    for (const RuleLevel& level : site.levels) {
      for (const Rule& r : level.rules) CheckTarget(r);
    }
  }
  // Bindings that share an address and port are one listener; the Host header picks the site.
  using Key = std::pair<std::optional<IpAddress>, uint16_t>;
  std::vector<Key> order;
  std::map<Key, std::vector<std::pair<const Site*, const Binding*>>> groups;
  for (const Site& site : config_.sites) {
    for (const Binding& b : site.bindings) {
      Key key{b.address, b.port};
      auto& group = groups[key];
      if (group.empty()) order.push_back(key);
      if (!group.empty() && group.front().second->https != b.https) {
        diagnostics_.Error(b.at, std::string("this port is already bound as ") +
                                     (b.https ? "http" : "https") + " at " +
                                     group.front().second->at.ToString());
        continue;
      }
      bool duplicate = std::any_of(group.begin(), group.end(),
                                   [&](const auto& other) { return other.second->host == b.host; });
      if (duplicate) {
        diagnostics_.Error(b.at, "a second binding on the same address, port and host name");
        continue;
      }
      group.push_back({&site, &b});
    }
  }
  for (const Key& key : order) {
    const auto& group = groups[key];
    const auto& [site, binding] = group.front();
    VirtualServer first = Answer(*site, *binding);
    if (group.size() == 1) {
      if (!binding->host.empty()) {
        NoteOnce(binding->at, "this binding answers only requests for host '" + binding->host +
                                  "'; HTTP.sys refuses other host names (400)");
      }
      Emit(*site, *binding, first);
      continue;
    }
    bool same = true;
    std::string names = site->name;
    for (size_t i = 1; i < group.size(); ++i) {
      same &= SameAnswer(first, Answer(*group[i].first, *group[i].second));
      names += ", " + group[i].first->name;
    }
    if (same) {
      Emit(*site, *binding, first);
      continue;
    }
    VirtualServer vs = Unknown(
        "the Host header picks which site's bindings answer (" + names + ") and they differ",
        binding->at);
    for (const auto& [s, b] : group) {
      VirtualServer a = Answer(*s, *b);
      for (const PoolMember& m : a.members) vs.members.push_back(m);
      if (!a.members.empty()) vs.source_translation = a.source_translation;
    }
    Emit(*site, *binding, vs);
  }
  return std::move(out_);
}

}  // namespace

std::vector<VirtualServer> BuildVirtualServers(const Config& config, Diagnostics& diagnostics) {
  return Builder(config, diagnostics).Build();
}

}  // namespace flowaudit::iis
