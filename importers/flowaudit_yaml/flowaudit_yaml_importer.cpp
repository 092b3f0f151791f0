#include "importers/flowaudit_yaml/flowaudit_yaml_importer.h"

#include <map>

#include "importers/common/service_spec.h"

namespace flowaudit {
namespace {

const std::vector<std::string> kRuleKeys = {"name", "description", "from",   "to", "src",
                                            "dst",  "service",     "action", "log"};
const std::vector<std::string> kNatKeys = {"name",
                                           "description",
                                           "from",
                                           "to",
                                           "src",
                                           "dst",
                                           "service",
                                           "translate_destination",
                                           "translate_source"};
const std::vector<std::string> kVirtualServerKeys = {
    "name",   "description", "vip",  "port",        "protocol",     "pool",   "redirect",
    "status", "reject",      "snat", "persistence", "idle_timeout", "monitor"};

// Adds an OR of zone names (from/to), prefixes (src/dst) or services to a match.
bool AddZones(YamlReader& r, const YAML::Node& node, Term::Kind kind, Match& m) {
  auto names = r.StringList(node, "a zone list");
  if (!names) return false;
  std::vector<Match> alternatives;
  for (const std::string& name : *names) {
    if (name == "any") return true;
    alternatives.push_back(Match({Term::Zone(kind, name)}));
  }
  m.Add(Term::AnyOf(std::move(alternatives)));
  return true;
}

bool AddPrefixes(YamlReader& r, const YAML::Node& node, Field field, Match& m) {
  if (!node.IsScalar() && !node.IsSequence()) {
    r.Error(node, "addresses must be a prefix or a list of prefixes");
    return false;
  }
  std::vector<Match> alternatives;
  auto add = [&](const YAML::Node& item) {
    if (item.IsScalar() && item.Scalar() == "any") return true;
    auto prefix = r.PrefixValue(item);
    if (!prefix) return false;
    alternatives.push_back(
        Match({Term::FieldIs(Field::kFamily, prefix->address.family == Family::kIpv6),
               Term::FieldIn(field, {{prefix->First(), prefix->Last()}})}));
    return true;
  };
  if (node.IsScalar()) {
    if (node.Scalar() == "any") return true;
    if (!add(node)) return false;
  } else {
    for (const YAML::Node& item : node) {
      if (item.IsScalar() && item.Scalar() == "any") return true;
      if (!add(item)) return false;
    }
  }
  m.Add(Term::AnyOf(std::move(alternatives)));
  return true;
}

bool AddServices(YamlReader& r, const YAML::Node& node, Match& m) {
  auto specs = r.StringList(node, "service");
  if (!specs) return false;
  std::vector<Match> alternatives;
  size_t index = 0;
  for (const std::string& text : *specs) {
    std::string error;
    auto spec = ParseServiceSpec(text, &error);
    if (!spec) {
      r.Error(node.IsSequence() ? node[index] : node, error);
      return false;
    }
    if (spec->any_protocol) return true;
    alternatives.push_back(spec->ToMatch());
    ++index;
  }
  m.Add(Term::AnyOf(std::move(alternatives)));
  return true;
}

// The match shared by rules and NAT entries.
bool ReadMatch(YamlReader& r, const YAML::Node& node, Match& m) {
  bool ok = true;
  if (node["from"]) ok &= AddZones(r, node["from"], Term::Kind::kFromZone, m);
  if (node["to"]) ok &= AddZones(r, node["to"], Term::Kind::kToZone, m);
  if (node["src"]) ok &= AddPrefixes(r, node["src"], Field::kSrcAddress, m);
  if (node["dst"]) ok &= AddPrefixes(r, node["dst"], Field::kDstAddress, m);
  if (node["service"]) ok &= AddServices(r, node["service"], m);
  return ok;
}

std::optional<Action> ReadAction(YamlReader& r, const YAML::Node& node) {
  auto text = r.String(node, "action");
  if (!text) return std::nullopt;
  if (*text == "permit" || *text == "allow" || *text == "accept") {
    return Action::Of(ActionKind::kAccept, "permit");
  }
  if (*text == "deny" || *text == "drop") return Action::Of(ActionKind::kDrop, "deny");
  if (*text == "reject") return Action::Of(ActionKind::kReject, "reject");
  r.Error(node, "unknown action '" + *text + "'; expected permit, deny or reject");
  return std::nullopt;
}

// "10.1.0.11", "10.1.0.11:8080", "[2001:db8::1]:80"
bool ReadEndpoint(YamlReader& r, const YAML::Node& node, IpAddress& address,
                  std::optional<uint16_t>& port) {
  auto text = r.String(node, "an address");
  if (!text) return false;
  std::string host = *text, port_text;
  if (!host.empty() && host[0] == '[') {
    size_t close = host.find(']');
    if (close != std::string::npos && close + 1 < host.size() && host[close + 1] == ':') {
      port_text = host.substr(close + 2);
    }
    host = host.substr(1, close == std::string::npos ? std::string::npos : close - 1);
  } else if (std::count(host.begin(), host.end(), ':') == 1) {
    port_text = host.substr(host.find(':') + 1);
    host = host.substr(0, host.find(':'));
  }
  auto parsed = ParseIpAddress(host);
  if (!parsed) {
    r.Error(node, "'" + host + "' is not an IP address");
    return false;
  }
  address = *parsed;
  if (!port_text.empty()) {
    std::string error;
    auto spec = ParseServiceSpec("tcp/" + port_text, &error);
    if (!spec || spec->ports.lo != spec->ports.hi) {
      r.Error(node, spec ? "'" + port_text + "' must be a single port" : error);
      return false;
    }
    port = static_cast<uint16_t>(spec->ports.lo);
  }
  return true;
}

void ReadRules(YamlReader& r, const YAML::Node& list, const YAML::Node& default_node,
               Device& device) {
  auto rules = std::make_shared<RuleSet>();
  Chain chain;
  chain.name = "rules";
  chain.policy = Action::Of(ActionKind::kDrop, "default deny");
  chain.location = r.At(list);
  if (default_node) {
    if (auto action = ReadAction(r, default_node)) {
      chain.policy = *action;
      chain.policy->name = "default " + action->name;
      chain.location = r.At(default_node);
    }
  }
  if (list && !list.IsSequence()) r.Error(list, "rules must be a list");
  if (list && list.IsSequence()) {
    for (const YAML::Node& item : list) {
      if (!r.ExpectMap(item, kRuleKeys, "rule") || !r.Require(item, "action", "a rule")) continue;
      Rule rule;
      rule.location = r.At(item);
      if (item["name"]) rule.label = item["name"].as<std::string>("");
      auto action = ReadAction(r, item["action"]);
      if (!action || !ReadMatch(r, item, rule.match)) continue;
      rule.action = *action;
      chain.rules.push_back(std::move(rule));
    }
  }
  rules->chains["rules"] = std::move(chain);
  Filter filter("rules", rules, "rules");
  device.filters["rules"] = filter;
  device.forward.push_back(Stage{StageKind::kFilter, filter});
}

// NAT entries: destination NAT before the rules (rules see translated destinations, as on
// Linux), source NAT after them.
void ReadNat(YamlReader& r, const YAML::Node& list, Device& device) {
  if (!list.IsSequence()) {
    r.Error(list, "nat must be a list");
    return;
  }
  auto dnat = std::make_shared<RuleSet>(), snat = std::make_shared<RuleSet>();
  // "No translation" is the absence of a matching entry: it has no line to point at.
  Chain dnat_chain{
      "nat-destination", {}, Action::Of(ActionKind::kAccept, "no translation"), r.At(list)};
  Chain snat_chain{"nat-source", {}, Action::Of(ActionKind::kAccept, "no translation"), {}};
  for (const YAML::Node& item : list) {
    if (!r.ExpectMap(item, kNatKeys, "nat entry")) continue;
    Rule rule;
    rule.location = r.At(item);
    if (item["name"]) rule.label = item["name"].as<std::string>("");
    if (!ReadMatch(r, item, rule.match)) continue;
    bool is_dnat = bool(item["translate_destination"]);
    const YAML::Node& target = is_dnat ? item["translate_destination"] : item["translate_source"];
    if (!target || (is_dnat && item["translate_source"])) {
      r.Error(item, "a nat entry needs exactly one of translate_destination, translate_source");
      continue;
    }
    IpAddress address;
    std::optional<uint16_t> port;
    if (!ReadEndpoint(r, target, address, port)) continue;
    rule.action =
        Action::Of(is_dnat ? ActionKind::kDnat : ActionKind::kSnat, is_dnat ? "dnat" : "snat");
    rule.action.nat.family = address.family;
    rule.action.nat.addresses = ValueRange{address.value, address.value};
    if (port) rule.action.nat.ports = ValueRange{*port, *port};
    (is_dnat ? dnat_chain : snat_chain).rules.push_back(std::move(rule));
  }
  dnat->chains[dnat_chain.name] = std::move(dnat_chain);
  snat->chains[snat_chain.name] = std::move(snat_chain);
  Filter d("nat-destination", dnat, "nat-destination"), s("nat-source", snat, "nat-source");
  device.filters["nat-destination"] = d;
  device.filters["nat-source"] = s;
  device.forward.insert(device.forward.begin(), Stage{StageKind::kDestinationNat, d});
  device.forward.push_back(Stage{StageKind::kSourceNat, s});
}

// `persistence: none|source-address|cookie|cookie:NAME|other`, `idle_timeout: SECONDS`,
// `monitor: tcp/5061` (or a list; `tcp` alone probes the member's port). Without any of them the
// settings are not described and the HLB settings checks answer UNKNOWN.
void ReadLbSettings(YamlReader& r, const YAML::Node& item, LbSettings& settings) {
  settings.described = item["persistence"] || item["idle_timeout"] || item["monitor"];
  if (item["persistence"]) {
    auto text = r.String(item["persistence"], "persistence");
    if (!text) return;
    static const std::map<std::string, Persistence> kNames = {
        {"none", Persistence::kNone},
        {"source-address", Persistence::kSourceAddress},
        {"cookie", Persistence::kCookie},
        {"other", Persistence::kOther}};
    std::string kind = text->substr(0, text->find(':'));
    auto it = kNames.find(kind);
    if (it == kNames.end()) {
      r.Error(
          item["persistence"],
          "persistence must be none, source-address, cookie[:NAME] or other, got '" + *text + "'");
      return;
    }
    settings.persistence = it->second;
    if (kind == "cookie" && text->size() > kind.size()) {
      settings.persistence_name = text->substr(kind.size() + 1);
    }
    settings.persistence_at = r.At(item["persistence"]);
  }
  if (item["idle_timeout"]) {
    auto seconds = r.Integer(item["idle_timeout"], "idle_timeout", 1, 1LL << 40);
    if (seconds) {
      settings.idle_timeout_s = *seconds;
      settings.idle_timeout_at = r.At(item["idle_timeout"]);
    }
  }
  if (item["monitor"]) {
    const YAML::Node& node = item["monitor"];
    std::vector<YAML::Node> monitors;
    if (node.IsSequence()) {
      for (const YAML::Node& m : node) monitors.push_back(m);
    } else {
      monitors.push_back(node);
    }
    for (const YAML::Node& m : monitors) {
      auto text = r.String(m, "monitor");
      if (!text) continue;
      std::string type = text->substr(0, text->find('/'));
      std::optional<long long> port = 0;
      if (text->find('/') != std::string::npos) {
        char* end = nullptr;
        std::string digits = text->substr(type.size() + 1);
        long long value = std::strtoll(digits.c_str(), &end, 10);
        port = (!digits.empty() && *end == 0 && value >= 1 && value <= 65535)
                   ? std::optional<long long>(value)
                   : std::nullopt;
      }
      if (!port ||
          (type != "tcp" && type != "http" && type != "https" && type != "icmp" && type != "udp")) {
        r.Error(m, "monitor must be TYPE or TYPE/PORT (tcp, http, https, icmp, udp), got '" +
                       *text + "'");
        continue;
      }
      settings.monitors.push_back(
          HealthMonitor{*text, type, static_cast<uint16_t>(*port), r.At(m)});
    }
  }
}

void ReadVirtualServers(YamlReader& r, const YAML::Node& list, Device& device) {
  if (!list.IsSequence()) {
    r.Error(list, "virtual_servers must be a list");
    return;
  }
  for (const YAML::Node& item : list) {
    if (!r.ExpectMap(item, kVirtualServerKeys, "virtual server") ||
        !r.Require(item, "vip", "a virtual server") ||
        !r.Require(item, "port", "a virtual server")) {
      continue;
    }
    VirtualServer vs;
    vs.location = r.At(item);
    auto vip = r.Address(item["vip"]);
    auto port = r.Integer(item["port"], "port", 0, 65535);
    if (!vip || !port) continue;
    vs.address = *vip;
    vs.port = static_cast<uint16_t>(*port);
    vs.name = item["name"] ? item["name"].as<std::string>("") : vs.Endpoint();
    if (item["protocol"]) {
      auto text = r.String(item["protocol"], "protocol");
      auto proto = text ? ParseProtocol(*text) : std::nullopt;
      if (!proto || !HasPorts(*proto)) {
        if (text) r.Error(item["protocol"], "protocol must be tcp or udp, got '" + *text + "'");
        continue;
      }
      vs.protocol = *proto;
    }
    int modes = bool(item["pool"]) + bool(item["redirect"]) + bool(item["reject"]);
    if (modes != 1) {
      r.Error(item, "a virtual server needs exactly one of pool, redirect, reject");
      continue;
    }
    if (item["redirect"]) {
      vs.mode = VirtualServer::Mode::kRedirect;
      vs.redirect_location = item["redirect"].as<std::string>("");
      if (item["status"]) {
        auto status = r.Integer(item["status"], "status", 300, 399);
        if (status) vs.redirect_status = static_cast<int>(*status);
      }
    } else if (item["reject"]) {
      vs.mode = VirtualServer::Mode::kReject;
    } else {
      const YAML::Node& pool = item["pool"];
      if (!pool.IsSequence()) {
        r.Error(pool, "pool must be a list of ADDRESS:PORT members");
        continue;
      }
      for (const YAML::Node& m : pool) {
        PoolMember member;
        std::optional<uint16_t> member_port;
        if (!ReadEndpoint(r, m, member.address, member_port)) continue;
        member.port = member_port.value_or(vs.port);
        member.name = m.as<std::string>("");
        member.location = r.At(m);
        vs.members.push_back(member);
      }
    }
    if (item["snat"]) {
      auto text = r.String(item["snat"], "snat");
      if (text && *text != "none") {
        if (auto address = ParseIpAddress(*text)) {
          vs.source_nat = address;
          vs.source_translation = SourceTranslation::kGiven;
        } else {
          r.Error(item["snat"], "snat must be an address or none, got '" + *text + "'");
        }
      }
    }
    ReadLbSettings(r, item, vs.settings);
    device.virtual_servers.push_back(std::move(vs));
  }
}

}  // namespace

const std::vector<std::string>& FlowauditYamlImporter::DeviceKeys() {
  static const std::vector<std::string> keys = {"rules", "default", "nat", "virtual_servers"};
  return keys;
}

void FlowauditYamlImporter::ReadDevice(YamlReader& reader, const YAML::Node& node,
                                       const std::vector<std::string>& extra_keys, Device& device) {
  std::vector<std::string> allowed = DeviceKeys();
  allowed.insert(allowed.end(), extra_keys.begin(), extra_keys.end());
  if (!reader.ExpectMap(node, allowed, "device")) return;
  if (node["rules"] || node["default"]) ReadRules(reader, node["rules"], node["default"], device);
  if (node["nat"]) ReadNat(reader, node["nat"], device);
  if (node["virtual_servers"]) ReadVirtualServers(reader, node["virtual_servers"], device);
  device.sources.push_back(reader.file());
}

Device FlowauditYamlImporter::DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) {
  Device device;
  device.vendor = "flowaudit-yaml";
  YamlReader reader(file, diagnostics);
  if (auto root = reader.Parse()) ReadDevice(reader, *root, {"device"}, device);
  return device;
}

bool SniffFlowauditYaml(std::string_view text) {
  return text.find("virtual_servers:") != std::string_view::npos ||
         (text.find("rules:") != std::string_view::npos &&
          text.find("action:") != std::string_view::npos);
}

}  // namespace flowaudit
