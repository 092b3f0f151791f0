// Reads policy packs (format: policies/README.md, schema: policies/pack.schema.json).
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "importers/common/service_spec.h"
#include "importers/common/suggest.h"
#include "importers/common/yaml_util.h"
#include "models/input_limits.h"
#include "src/policy/policy.h"

#ifndef FLOWAUDIT_POLICY_DIR
#define FLOWAUDIT_POLICY_DIR "policies"
#endif

namespace flowaudit {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kPackKeys = {"pack", "title", "description", "requirements"};
const std::vector<std::string> kRequirementKeys = {"id",      "title", "severity",      "rationale",
                                                   "sources", "when",  "severity_when", "check"};
const std::vector<std::string> kConditionKeys = {"roles", "service_roles", "device_kinds",
                                                 "parameter"};
const std::vector<std::string> kSelectorKeys = {
    "zones",         "tags",     "trust",   "hosts",      "roles",    "services",
    "service_roles", "prefixes", "address", "prefer_vip", "vip_roles"};
const std::vector<std::string> kCheckKinds = {"flow", "listener", "redirect", "hlb"};
const std::vector<std::string> kLevels = {"critical", "high", "medium", "low", "info"};

fs::path PolicyDir() {
  if (const char* env = std::getenv("FLOWAUDIT_POLICY_DIR")) return env;
  return FLOWAUDIT_POLICY_DIR;
}

class PackReader {
 public:
  PackReader(YamlReader& reader) : r_(reader) {}

  std::optional<Pack> Read(const YAML::Node& root) {
    if (!r_.ExpectMap(root, kPackKeys, "the policy pack") ||
        !r_.Require(root, "pack", "the policy pack") ||
        !r_.Require(root, "requirements", "the policy pack")) {
      return std::nullopt;
    }
    Pack pack;
    pack.file = r_.file()->name;
    pack.id = root["pack"].as<std::string>("");
    if (root["title"]) pack.title = root["title"].as<std::string>("");
    if (root["description"]) pack.description = root["description"].as<std::string>("");
    const YAML::Node& list = root["requirements"];
    if (!list.IsSequence()) {
      r_.Error(list, "requirements must be a list");
      return std::nullopt;
    }
    for (const YAML::Node& item : list) {
      Requirement req;
      req.pack = pack.id;
      if (ReadRequirement(item, req)) pack.requirements.push_back(std::move(req));
    }
    if (r_.diagnostics().HasErrors()) return std::nullopt;
    return pack;
  }

 private:
  std::optional<Level> ReadLevel(const YAML::Node& node) {
    auto text = r_.String(node, "severity");
    if (!text) return std::nullopt;
    auto it = std::find(kLevels.begin(), kLevels.end(), *text);
    if (it == kLevels.end()) {
      r_.Error(node, "unknown severity '" + *text + "'" + DidYouMean(*text, kLevels));
      return std::nullopt;
    }
    return static_cast<Level>(it - kLevels.begin());
  }

  bool List(const YAML::Node& map, const char* key, std::vector<std::string>& out) {
    if (!map[key]) return true;
    auto list = r_.StringList(map[key], key);
    if (list) out = *list;
    return bool(list);
  }

  std::optional<Condition> ReadCondition(const YAML::Node& node,
                                         std::vector<std::string> extra = {}) {
    std::vector<std::string> keys = kConditionKeys;
    keys.insert(keys.end(), extra.begin(), extra.end());
    if (!r_.ExpectMap(node, keys, "condition")) return std::nullopt;
    Condition c;
    bool ok = List(node, "roles", c.roles) && List(node, "service_roles", c.service_roles) &&
              List(node, "device_kinds", c.device_kinds);
    if (node["parameter"]) {
      const YAML::Node& p = node["parameter"];
      if (!r_.ExpectMap(p, {"name", "equals"}, "parameter condition") ||
          !r_.Require(p, "name", "parameter") || !r_.Require(p, "equals", "parameter")) {
        return std::nullopt;
      }
      c.parameter = p["name"].as<std::string>("");
      c.equals = p["equals"].as<std::string>("");
    }
    if (!ok) return std::nullopt;
    return c;
  }

  std::optional<Selector> ReadSelector(const YAML::Node& node, const std::string& what) {
    if (!r_.ExpectMap(node, kSelectorKeys, what)) return std::nullopt;
    Selector s;
    bool ok = List(node, "zones", s.zones) && List(node, "tags", s.tags) &&
              List(node, "trust", s.trust) && List(node, "hosts", s.hosts) &&
              List(node, "roles", s.roles) && List(node, "services", s.services) &&
              List(node, "service_roles", s.service_roles) && List(node, "prefixes", s.prefixes) &&
              List(node, "vip_roles", s.vip_roles);
    for (size_t i = 0; i < s.prefixes.size(); ++i) {
      std::string error;
      if (!ParsePrefix(s.prefixes[i], &error)) {
        r_.Error(node["prefixes"], error);
        ok = false;
      }
    }
    if (node["address"]) {
      auto a = r_.String(node["address"], "address");
      if (a && *a != "internal" && *a != "external" && *a != "any") {
        r_.Error(node["address"], "address must be internal, external or any, got '" + *a + "'");
        ok = false;
      } else if (a) {
        s.address = *a;
      }
    }
    if (node["prefer_vip"]) {
      auto b = r_.Bool(node["prefer_vip"], "prefer_vip");
      ok = ok && b;
      if (b) s.prefer_vip = *b;
    }
    if (!ok) return std::nullopt;
    return s;
  }

  bool ReadPorts(const YAML::Node& node, std::vector<PortSpec>& out) {
    auto list = r_.StringList(node, "service");
    if (!list) return false;
    for (size_t i = 0; i < list->size(); ++i) {
      std::string error;
      auto spec = ParsePortSpec((*list)[i], &error);
      if (!spec) {
        r_.Error(node.IsSequence() ? node[i] : node, error);
        return false;
      }
      out.push_back(*spec);
    }
    return true;
  }

  bool ReadCheck(const YAML::Node& node, Check& check) {
    if (!node.IsMap() || !r_.Require(node, "kind", "a check")) {
      if (!node.IsMap()) r_.Error(node, "check must be a mapping");
      return false;
    }
    auto kind = r_.String(node["kind"], "kind");
    if (!kind) return false;
    check.kind = *kind;
    if (*kind == "flow") {
      if (!r_.ExpectMap(node, {"kind", "from", "to", "service", "expect", "except_via"},
                        "flow check") ||
          !r_.Require(node, "from", "a flow check") || !r_.Require(node, "to", "a flow check") ||
          !r_.Require(node, "service", "a flow check")) {
        return false;
      }
      auto from = ReadSelector(node["from"], "selector 'from'");
      auto to = ReadSelector(node["to"], "selector 'to'");
      if (!from || !to || !ReadPorts(node["service"], check.service)) return false;
      check.from = *from;
      check.to = *to;
      if (node["expect"]) {
        auto expect = r_.String(node["expect"], "expect");
        if (!expect) return false;
        if (*expect != "allow" && *expect != "deny" && *expect != "optional") {
          r_.Error(node["expect"], "expect must be allow, deny or optional, got '" + *expect + "'");
          return false;
        }
        check.expect = *expect;
      }
      if (node["except_via"]) {
        const YAML::Node& via = node["except_via"];
        if (!r_.ExpectMap(via, {"device_kinds"}, "except_via") ||
            !List(via, "device_kinds", check.except_via_kinds)) {
          return false;
        }
        if (check.expect != "deny") {
          r_.Error(via, "except_via goes only with expect: deny");
          return false;
        }
      }
      return true;
    }
    if (*kind == "listener") {
      if (!r_.ExpectMap(node, {"kind", "services", "ports", "members"}, "listener check") ||
          !r_.Require(node, "services", "a listener check") ||
          !r_.Require(node, "ports", "a listener check")) {
        return false;
      }
      if (!ReadServices(node["services"], "listener services", check)) return false;
      if (node["members"]) check.members = node["members"].as<std::string>("all");
      return ReadPorts(node["ports"], check.ports);
    }
    if (*kind == "redirect") {
      if (!r_.ExpectMap(node, {"kind", "on", "port", "allow"}, "redirect check") ||
          !r_.Require(node, "on", "a redirect check") ||
          !r_.Require(node, "port", "a redirect check")) {
        return false;
      }
      const YAML::Node& on = node["on"];
      if (!r_.ExpectMap(on, {"device_kinds"}, "redirect 'on'") ||
          !List(on, "device_kinds", check.on_device_kinds)) {
        return false;
      }
      std::vector<PortSpec> port;
      if (!ReadPorts(node["port"], port) || port.size() != 1) return false;
      check.port = port[0];
      if (!List(node, "allow", check.allow)) return false;
      for (const std::string& a : check.allow) {
        static const std::vector<std::string> kAllowed = {"absent", "redirect-https",
                                                          "forward-port-8080"};
        if (std::find(kAllowed.begin(), kAllowed.end(), a) == kAllowed.end()) {
          r_.Error(node["allow"], "unknown redirect outcome '" + a + "'" + DidYouMean(a, kAllowed));
          return false;
        }
      }
      return true;
    }
    if (*kind == "hlb") return ReadHlbCheck(node, check);
    r_.Error(node["kind"], "unknown check kind '" + *kind + "'" + DidYouMean(*kind, kCheckKinds));
    return false;
  }

  // `services: {roles: […], names: […]}` of listener and hlb checks.
  bool ReadServices(const YAML::Node& services, const char* what, Check& check) {
    if (!r_.ExpectMap(services, {"roles", "names"}, what)) return false;
    return List(services, "roles", check.services.service_roles) &&
           List(services, "names", check.services.services);
  }

  // kind: hlb — which setting, and what it must be.
  bool ReadHlbCheck(const YAML::Node& node, Check& check) {
    static const std::vector<std::string> kSettings = {
        "persistence", "idle-timeout", "monitor", "members-enabled", "member-ports", "source-nat"};
    if (!r_.ExpectMap(node,
                      {"kind", "services", "ports", "setting", "allow", "cookie_name", "minimum",
                       "monitor_port", "port_map"},
                      "hlb check") ||
        !r_.Require(node, "services", "an hlb check") ||
        !r_.Require(node, "ports", "an hlb check") ||
        !r_.Require(node, "setting", "an hlb check")) {
      return false;
    }
    if (!ReadServices(node["services"], "hlb services", check) ||
        !ReadPorts(node["ports"], check.ports)) {
      return false;
    }
    auto setting = r_.String(node["setting"], "setting");
    if (!setting) return false;
    if (std::find(kSettings.begin(), kSettings.end(), *setting) == kSettings.end()) {
      r_.Error(node["setting"],
               "unknown hlb setting '" + *setting + "'" + DidYouMean(*setting, kSettings));
      return false;
    }
    check.setting = *setting;
    if (!List(node, "allow", check.allow)) return false;
    std::vector<std::string> allowed;
    if (check.setting == "persistence") allowed = {"none", "source-address", "cookie", "other"};
    if (check.setting == "source-nat") allowed = {"none", "snat-pool", "device"};
    for (const std::string& a : check.allow) {
      if (std::find(allowed.begin(), allowed.end(), a) == allowed.end()) {
        r_.Error(node["allow"],
                 "'" + a + "' is not a value of " + check.setting + DidYouMean(a, allowed));
        return false;
      }
    }
    if (node["cookie_name"]) check.cookie_name = node["cookie_name"].as<std::string>("");
    if (node["minimum"]) {
      auto v = r_.Integer(node["minimum"], "minimum", 0, 1LL << 40);
      if (!v) return false;
      check.minimum = *v;
    }
    if (node["monitor_port"]) {
      auto v = r_.Integer(node["monitor_port"], "monitor_port", 1, 65535);
      if (!v) return false;
      check.monitor_port = static_cast<uint16_t>(*v);
    }
    if (node["port_map"]) {
      const YAML::Node& map = node["port_map"];
      if (!map.IsMap()) {
        r_.Error(map, "port_map must map listener ports to member ports");
        return false;
      }
      for (const auto& kv : map) {
        auto from = r_.Integer(kv.first, "listener port", 1, 65535);
        auto to = r_.Integer(kv.second, "member port", 1, 65535);
        if (!from || !to) return false;
        check.port_map[static_cast<uint16_t>(*from)] = static_cast<uint16_t>(*to);
      }
    }
    std::string missing =
        check.setting == "idle-timeout" && !check.minimum           ? "minimum"
        : check.setting == "monitor" && !check.monitor_port         ? "monitor_port"
        : check.setting == "member-ports" && check.port_map.empty() ? "port_map"
        : (check.setting == "persistence" || check.setting == "source-nat") && check.allow.empty()
            ? "allow"
            : "";
    if (!missing.empty()) {
      r_.Error(node["setting"], "an hlb check of " + check.setting + " needs '" + missing + "'");
      return false;
    }
    return true;
  }

  bool ReadRequirement(const YAML::Node& node, Requirement& req) {
    if (!r_.ExpectMap(node, kRequirementKeys, "requirement") ||
        !r_.Require(node, "id", "a requirement") ||
        !r_.Require(node, "severity", "a requirement") ||
        !r_.Require(node, "check", "a requirement")) {
      return false;
    }
    req.location = r_.At(node["id"]);
    req.id = node["id"].as<std::string>("");
    if (node["title"]) req.title = node["title"].as<std::string>("");
    if (node["rationale"]) req.rationale = node["rationale"].as<std::string>("");
    if (!List(node, "sources", req.sources)) return false;
    auto severity = ReadLevel(node["severity"]);
    if (!severity) return false;
    req.severity = *severity;
    if (node["when"]) {
      req.when = ReadCondition(node["when"]);
      if (!req.when) return false;
    }
    if (node["severity_when"]) {
      if (!node["severity_when"].IsSequence()) {
        r_.Error(node["severity_when"], "severity_when must be a list");
        return false;
      }
      for (const YAML::Node& entry : node["severity_when"]) {
        auto condition = ReadCondition(entry, {"severity"});
        if (!condition || !r_.Require(entry, "severity", "severity_when entry")) return false;
        auto level = ReadLevel(entry["severity"]);
        if (!level) return false;
        req.severity_when.push_back({*condition, *level});
      }
    }
    return ReadCheck(node["check"], req.check);
  }

  YamlReader& r_;
};

}  // namespace

std::optional<PortSpec> ParsePortSpec(const std::string& text, std::string* error) {
  auto spec = ParseServiceSpec(text, error);
  if (!spec) return std::nullopt;
  PortSpec p;
  p.any_protocol = spec->any_protocol;
  p.protocol = spec->protocol;
  p.lo = static_cast<uint16_t>(spec->ports.lo);
  p.hi = static_cast<uint16_t>(spec->ports.hi);
  p.icmp_type = spec->icmp_type;
  p.text = spec->text;
  return p;
}

std::vector<std::string> BuiltinPacks() {
  std::vector<std::string> ids;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(PolicyDir(), ec)) {
    if (entry.path().extension() == ".yaml") ids.push_back(entry.path().stem().string());
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::optional<Pack> LoadPack(const std::string& name_or_path, Diagnostics& diagnostics) {
  fs::path path = name_or_path;
  bool is_path = name_or_path.find('/') != std::string::npos || path.extension() == ".yaml";
  if (!is_path) {
    std::vector<std::string> ids = BuiltinPacks();
    if (std::find(ids.begin(), ids.end(), name_or_path) == ids.end()) {
      diagnostics.FileError(name_or_path, "unknown policy pack '" + name_or_path + "'" +
                                              DidYouMean(name_or_path, ids));
      return std::nullopt;
    }
    path = PolicyDir() / (name_or_path + ".yaml");
  }
  std::string text, error;
  if (!ReadInputFile(path.string(), &text, &error)) {
    diagnostics.FileError(path.string(), "cannot read policy pack: " + error);
    return std::nullopt;
  }
  SourceFilePtr file = MakeSourceFile(path.string(), std::move(text));
  if (!CheckLineLengths(file, diagnostics)) return std::nullopt;
  YamlReader reader(file, diagnostics);
  auto root = reader.Parse();
  if (!root) return std::nullopt;
  try {
    return PackReader(reader).Read(*root);
  } catch (const YAML::Exception& e) {
    diagnostics.FileError(path.string(), "unexpected YAML structure: " + e.msg);
    return std::nullopt;
  }
}

}  // namespace flowaudit
