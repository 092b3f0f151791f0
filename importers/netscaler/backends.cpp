#include "importers/netscaler/backends.h"

#include <algorithm>
#include <set>

#include "importers/common/suggest.h"

namespace flowaudit::netscaler {
namespace {

const std::set<std::string>& ServiceOptions() {
  static const std::set<std::string> options = {"accessdown",
                                                "appflowlog",
                                                "autodisabledelay",
                                                "autodisablegraceful",
                                                "autoscale",
                                                "cacheable",
                                                "cachetype",
                                                "cip",
                                                "cipheader",
                                                "cka",
                                                "clttimeout",
                                                "cmp",
                                                "comment",
                                                "contentinspectionprofilename",
                                                "customserverid",
                                                "delay",
                                                "dnsprofilename",
                                                "downstateflush",
                                                "graceful",
                                                "hashid",
                                                "healthmonitor",
                                                "httpprofilename",
                                                "maxbandwidth",
                                                "maxclient",
                                                "maxreq",
                                                "memberport",
                                                "monconnectionclose",
                                                "monthreshold",
                                                "netprofile",
                                                "pathmonitor",
                                                "pathmonitorindv",
                                                "processlocal",
                                                "rtspsessionidremap",
                                                "serverid",
                                                "sp",
                                                "state",
                                                "svrtimeout",
                                                "tcpb",
                                                "tcpprofilename",
                                                "td",
                                                "useproxyport",
                                                "usip",
                                                "weight"};
  return options;
}

const std::set<std::string>& ServerOptions() {
  static const std::set<std::string> options = {
      "comment",  "delay",    "domainresolvenow", "domainresolveretry",
      "graceful", "internal", "ipv6address",      "querytype",
      "state",    "td",       "translationip",    "translationmask"};
  return options;
}

const std::set<std::string>& MemberOptions() {
  static const std::set<std::string> options = {
      "customserverid", "dbsttl",  "hashid",   "monitorname", "monstate", "nameserver",
      "order",          "passive", "serverid", "state",       "weight"};
  return options;
}

// NetScaler's built-in monitors, by name, and what they probe.
const std::map<std::string, std::string>& BuiltInMonitors() {
  static const std::map<std::string, std::string> monitors = {
      {"arp", "other"},         {"dns", "other"},     {"ftp", "other"},
      {"http", "http"},         {"http-ecv", "http"}, {"https", "https"},
      {"https-ecv", "https"},   {"nd6", "other"},     {"ping", "icmp"},
      {"ping-default", "icmp"}, {"tcp", "tcp"},       {"tcp-default", "tcp"},
      {"tcp-ecv", "tcp"},       {"tcps", "tcp"},      {"tcps-ecv", "tcp"},
      {"udp-ecv", "udp"}};
  return monitors;
}

std::string MonitorType(const std::string& type, bool secure) {
  if (type == "tcp" || type == "tcp-ecv" || type == "tcps" || type == "tcps-ecv") return "tcp";
  if (type == "http" || type == "http-ecv" || type == "http-inline") {
    return secure ? "https" : "http";
  }
  if (type == "ping") return "icmp";
  if (type == "udp" || type == "udp-ecv") return "udp";
  return "other";
}

}  // namespace

bool IsHarmlessOption(const std::string& kind, const std::string& option) {
  if (kind == "lb monitor") return true;  // they decide whether a member is up: not modelled
  if (kind == "server") return ServerOptions().count(option) > 0;
  if (kind == "member") return MemberOptions().count(option) > 0;
  return ServiceOptions().count(option) > 0;
}

BackendTable::BackendTable(const Config& config, Diagnostics& diagnostics)
    : config_(config), diagnostics_(diagnostics) {
  ReadServers();
  ReadMonitors();
  ReadServices();
  ReadGroups();
}

void BackendTable::ReadServers() {
  for (const auto& [name, e] : config_.servers) {
    for (const auto& [option, o] : e.options) {
      if (!IsHarmlessOption("server", option)) {
        diagnostics_.Warning(o.name.at, "option -" + o.name.text + " of a server is not modelled");
      }
    }
    if (e.add->args.size() < 2) {
      diagnostics_.Error(e.add->End(), "expected the server's address or domain name");
      continue;
    }
    const Word& where = e.add->args[1];
    ServerInfo info;
    info.at = e.add->at;
    info.enabled = !e.Disabled();
    info.address = ParseIpAddress(where.text);
    if (!info.address) {
      bool numeric = where.text.find_first_not_of("0123456789.:/") == std::string::npos;
      if (numeric) {
        diagnostics_.Error(where.at, "invalid address '" + where.text + "'");
        continue;
      }
      diagnostics_.Warning(where.at, "server '" + name +
                                         "' is a domain name, resolved at run "
                                         "time: its address is unknown");
    }
    servers_[name] = info;
  }
}

void BackendTable::ReadMonitors() {
  for (const auto& [name, e] : config_.monitors) {
    if (e.add->args.size() < 2) {
      diagnostics_.Error(e.add->End(), "expected the monitor type");
      continue;
    }
    const Option* secure = e.Find("secure");
    bool is_secure = secure && secure->Value() && Lower(secure->Value()->text) == "yes";
    HealthMonitor m{name, MonitorType(Lower(e.add->args[1].text), is_secure), 0, e.add->at};
    if (const Option* port = e.Find("destport"); port && port->Value()) {
      std::optional<uint16_t> p = ParsePortWord(*port->Value(), false, diagnostics_);
      if (p) m.port = *p;
    }
    monitors_[name] = m;
  }
}

std::optional<Backend> BackendTable::MakeBackend(const Word& server_word, const Word& port_word,
                                                 bool star_ok) {
  Backend b;
  b.server = server_word.text;
  auto it = servers_.find(server_word.text);
  if (it != servers_.end()) {
    b.address = it->second.address;
    b.enabled = it->second.enabled;
    if (!b.address) b.fqdn_at = server_word.at;
  } else if (std::optional<IpAddress> a = ParseIpAddress(server_word.text)) {
    b.address = a;  // NetScaler creates a server named after the address
  } else if (config_.servers.count(server_word.text)) {
    return std::nullopt;  // its add server line already has an error
  } else {
    std::vector<std::string> names;
    for (const auto& [name, s] : config_.servers) names.push_back(name);
    diagnostics_.Error(server_word.at, "no server named '" + server_word.text + "'" +
                                           DidYouMean(server_word.text, names));
    return std::nullopt;
  }
  std::optional<uint16_t> port = ParsePortWord(port_word, star_ok, diagnostics_);
  if (!port) return std::nullopt;
  b.port = *port;
  return b;
}

std::vector<HealthMonitor> BackendTable::MonitorsOf(const std::string& key, const ServiceType& type,
                                                    const Entity& e) {
  std::vector<HealthMonitor> out;
  auto binds = config_.monitor_binds.find(key);
  if (binds != config_.monitor_binds.end()) {
    for (const Command* c : binds->second) {
      const Option* o = c->Find("monitorname");
      if (!o || !o->Value()) {
        diagnostics_.Error(o ? o->name.at : c->End(), "expected a monitor name");
        continue;
      }
      const Word& name = *o->Value();
      if (auto m = monitors_.find(name.text); m != monitors_.end()) {
        out.push_back(m->second);
      } else if (auto b = BuiltInMonitors().find(Lower(name.text)); b != BuiltInMonitors().end()) {
        out.push_back(HealthMonitor{name.text, b->second, 0, name.at});
      } else if (!config_.monitors.count(name.text)) {
        std::vector<std::string> names;
        for (const auto& [n, e] : config_.monitors) names.push_back(n);
        for (const auto& [n, t] : BuiltInMonitors()) names.push_back(n);
        diagnostics_.Error(name.at,
                           "no monitor named '" + name.text + "'" + DidYouMean(name.text, names));
      }
    }
  }
  const Option* health = e.Find("healthmonitor");
  if (health && health->Value() && Lower(health->Value()->text) == "no") {
    return {};  // not monitored: always UP, whatever is bound
  }
  if (out.empty()) {
    // NetScaler's default when none is bound; no line sets it.
    bool tcp = type.transport == ServiceType::Transport::kTcp;
    out.push_back(HealthMonitor{tcp ? "tcp-default" : "ping-default", tcp ? "tcp" : "icmp", 0, {}});
  }
  return out;
}

bool BackendTable::Usip(const Entity& e) const {
  if (const Option* o = e.Find("usip"); o && o->Value()) return Lower(o->Value()->text) == "yes";
  return config_.usip_mode;
}

void BackendTable::ReadServices() {
  for (const auto& [name, e] : config_.services) {
    for (const auto& [option, o] : e.options) {
      if (!IsHarmlessOption("service", option)) {
        diagnostics_.Warning(o.name.at, "option -" + o.name.text + " of a service is not modelled");
      }
    }
    const std::vector<Word>& args = e.add->args;
    if (args.size() < 4) {
      diagnostics_.Error(e.add->End(),
                         std::string("expected ") + (args.size() < 2 ? "a server, a type and a port"
                                                     : args.size() < 3 ? "a type and a port"
                                                                       : "a port"));
      continue;
    }
    const ServiceType* type = FindServiceType(args[2], diagnostics_);
    if (!type) continue;
    std::optional<Backend> b = MakeBackend(args[1], args[3], true);
    if (!b) continue;
    b->at = e.add->at;
    b->enabled = b->enabled && !e.Disabled();
    b->usip = Usip(e);
    if (const Option* n = e.Find("netprofile")) b->netprofile_at = n->name.at;
    b->monitors = MonitorsOf("service " + name, *type, e);
    backends_[name] = {*b};
  }
  for (const auto& [key, binds] : config_.monitor_binds) {
    if (key.rfind("service ", 0) != 0 || config_.services.count(key.substr(8))) continue;
    const Word& name = binds.front()->args[0];
    std::vector<std::string> names;
    for (const auto& [n, e] : config_.services) names.push_back(n);
    diagnostics_.Error(name.at,
                       "no service named '" + name.text + "'" + DidYouMean(name.text, names));
  }
}

void BackendTable::ReadGroups() {
  std::vector<std::string> group_names;
  for (const auto& [name, e] : config_.service_groups) group_names.push_back(name);
  for (const auto& [key, binds] : config_.monitor_binds) {
    if (key.rfind("servicegroup ", 0) != 0 || config_.service_groups.count(key.substr(13))) {
      continue;
    }
    const Word& name = binds.front()->args[0];
    diagnostics_.Error(
        name.at, "no service group named '" + name.text + "'" + DidYouMean(name.text, group_names));
  }
  for (const auto& [group, binds] : config_.group_members) {
    if (config_.service_groups.count(group)) continue;
    for (const Command* c : binds) {
      diagnostics_.Error(c->args[0].at,
                         "no service group named '" + group + "'" + DidYouMean(group, group_names));
    }
  }
  for (const auto& [name, e] : config_.service_groups) {
    for (const auto& [option, o] : e.options) {
      if (!IsHarmlessOption("servicegroup", option)) {
        diagnostics_.Warning(o.name.at,
                             "option -" + o.name.text + " of a service group is not modelled");
      }
    }
    if (e.add->args.size() < 2) {
      diagnostics_.Error(e.add->End(), "expected the service group's type");
      continue;
    }
    const ServiceType* type = FindServiceType(e.add->args[1], diagnostics_);
    if (!type) continue;
    std::vector<HealthMonitor> monitors = MonitorsOf("servicegroup " + name, *type, e);
    std::vector<Backend>& members = backends_[name];
    auto binds = config_.group_members.find(name);
    if (binds == config_.group_members.end()) continue;
    for (const Command* c : binds->second) {
      if (c->args.size() < 3) {
        diagnostics_.Error(c->End(), "expected the member's port");
        continue;
      }
      for (const Option& o : c->options) {
        if (!IsHarmlessOption("member", o.name.text)) {
          diagnostics_.Warning(o.name.at,
                               "option -" + o.name.text + " of a group member is not modelled");
        }
      }
      std::optional<Backend> b = MakeBackend(c->args[1], c->args[2], true);
      if (!b) continue;
      b->at = c->at;
      const Option* state = c->Find("state");
      bool member_disabled = state && state->Value() && Lower(state->Value()->text) == "disabled";
      auto verb = config_.member_states.find(MemberKey(name, c->args[1].text, c->args[2].text));
      if (verb != config_.member_states.end()) {
        member_disabled = verb->second->verb.text == "disable";
      }
      b->enabled = b->enabled && !member_disabled && !e.Disabled();
      b->usip = Usip(e);
      if (const Option* n = e.Find("netprofile")) b->netprofile_at = n->name.at;
      b->monitors = monitors;
      members.push_back(std::move(*b));
    }
  }
}

const std::vector<Backend>* BackendTable::Find(const std::string& name) const {
  auto it = backends_.find(name);
  return it == backends_.end() ? nullptr : &it->second;
}

std::vector<std::string> BackendTable::Names() const {
  std::vector<std::string> names;
  for (const auto& [name, e] : config_.services) names.push_back(name);
  for (const auto& [name, e] : config_.service_groups) names.push_back(name);
  return names;
}

}  // namespace flowaudit::netscaler
