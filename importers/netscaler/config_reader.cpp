#include "importers/netscaler/config_reader.h"

#include <algorithm>
#include <array>

#include "importers/common/suggest.h"

namespace flowaudit::netscaler {
namespace {

// Modules whose commands never change which members a vserver forwards to or what it answers.
constexpr std::array<std::string_view, 22> kHarmlessModules = {
    "aaa",    "analytics", "api",       "appflow", "audit", "authentication",
    "cache",  "cloud",     "cmp",       "dns",     "feo",   "ha",
    "ica",    "ntp",       "policy",    "rewrite", "snmp",  "ssl",
    "system", "tm",        "transform", "vpn"};

// Entities without a module word that belong to the network setup, not to the vservers.
constexpr std::array<std::string_view, 24> kHarmlessEntities = {
    "arp",       "bridgegroup", "channel",    "config",       "fis",
    "interface", "ipset",       "ipv6",       "l2param",      "l3param",
    "lacp",      "linkset",     "location",   "locationfile", "locationparameter",
    "nd6",       "netbridge",   "netprofile", "rnat",         "route",
    "route6",    "vlan",        "vrid",       "vrid6"};

// Settings objects of the load-balancing modules that are global tuning only.
constexpr std::array<std::string_view, 5> kHarmlessSettings = {
    "lb metrictable", "lb wlm", "cs parameter", "responder param", "responder htmlpage"};

// Modules whose policies, bound to a vserver, cannot answer, drop or reroute a request.
constexpr std::array<std::string_view, 9> kHarmlessPolicyModules = {
    "rewrite", "cmp", "cache", "transform", "audit", "feo", "appflow", "tm", "spillover"};

template <size_t N>
bool In(const std::array<std::string_view, N>& list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

class Reader {
 public:
  Reader(Config& config, Diagnostics& diagnostics) : config_(config), diagnostics_(diagnostics) {}
  void Handle(const Command& c);
  bool IsEntity(const Command& c) { return EntitiesOf(c.object) != nullptr; }

 private:
  std::map<std::string, Entity>* EntitiesOf(const std::string& object);
  void HandleEntity(const Command& c, std::map<std::string, Entity>& entities);
  void HandleBind(const Command& c, bool unbind);
  bool HandleGlobal(const Command& c);
  void Unbind(Binds& binds, const Command& c);
  Entity* Named(const Command& c, std::map<std::string, Entity>& entities);
  void NotModelled(const Command& c, const std::string& why);

  Config& config_;
  Diagnostics& diagnostics_;
};

std::map<std::string, Entity>* Reader::EntitiesOf(const std::string& object) {
  if (object == "server") return &config_.servers;
  if (object == "service") return &config_.services;
  if (object == "servicegroup") return &config_.service_groups;
  if (object == "lb monitor") return &config_.monitors;
  if (object == "lb vserver") return &config_.lb_vservers;
  if (object == "cs vserver") return &config_.cs_vservers;
  if (object == "cs action") return &config_.cs_actions;
  if (object == "cs policy") return &config_.cs_policies;
  if (object == "responder action") return &config_.responder_actions;
  if (object == "responder policy") return &config_.responder_policies;
  return nullptr;
}

void Reader::NotModelled(const Command& c, const std::string& why) {
  diagnostics_.Warning(c.verb.at, "'" + c.verb.text + " " + c.object + "' " + why);
}

// The entity a set/unset/enable/… line names, or an error when there is none.
Entity* Reader::Named(const Command& c, std::map<std::string, Entity>& entities) {
  if (c.args.empty()) {
    diagnostics_.Error(c.End(), "expected the name of the " + c.object);
    return nullptr;
  }
  auto it = entities.find(c.args[0].text);
  if (it != entities.end()) return &it->second;
  std::vector<std::string> names;
  for (const auto& [name, e] : entities) names.push_back(name);
  diagnostics_.Error(c.args[0].at, "no " + c.object + " named '" + c.args[0].text + "'" +
                                       DidYouMean(c.args[0].text, names));
  return nullptr;
}

void Reader::HandleEntity(const Command& c, std::map<std::string, Entity>& entities) {
  const std::string& verb = c.verb.text;
  if (verb == "add") {
    if (c.args.empty()) {
      diagnostics_.Error(c.End(), "expected the name of the " + c.object);
      return;
    }
    const std::string& name = c.args[0].text;
    auto [it, added] = entities.insert({name, Entity{}});
    if (!added) {
      diagnostics_.Error(c.args[0].at, c.object + " '" + name + "' is already added at " +
                                           it->second.add->at.ToString());
      return;
    }
    it->second.name = name;
    it->second.add = &c;
    for (const Option& o : c.options) it->second.options[o.name.text] = o;
    return;
  }
  if (verb == "bind" || verb == "unbind") {
    HandleBind(c, verb == "unbind");
    return;
  }
  if (verb == "rename") {
    NotModelled(c, "is not modelled: later lines may name the old or the new name");
    return;
  }
  if (verb != "set" && verb != "unset" && verb != "rm" && verb != "enable" && verb != "disable") {
    NotModelled(c, "is not a configuration command; ignored");
    return;
  }
  if ((verb == "enable" || verb == "disable") && c.object == "servicegroup" && c.args.size() > 1) {
    if (c.args.size() < 3) {
      diagnostics_.Error(c.End(), "expected the member's port");
      return;
    }
    if (Named(c, entities)) {
      config_.member_states[MemberKey(c.args[0].text, c.args[1].text, c.args[2].text)] = &c;
    }
    return;
  }
  Entity* e = Named(c, entities);
  if (!e) return;
  if (verb == "rm") {
    entities.erase(c.args[0].text);
  } else if (verb == "set") {
    for (const Option& o : c.options) e->options[o.name.text] = o;
  } else if (verb == "unset") {
    for (const Option& o : c.options) e->options.erase(o.name.text);
  } else {
    e->disabled_by_verb = verb == "disable";
    e->disabled_at = c.verb.at;
  }
}

void Reader::Unbind(Binds& binds, const Command& c) {
  std::vector<const Command*>& list = binds[c.args[0].text];
  const Option* policy = c.Find("policyname");
  auto same = [&](const Command* b) {
    if (policy) {
      const Option* p = b->Find("policyname");
      return p && p->Value() && policy->Value() && p->Value()->text == policy->Value()->text;
    }
    if (c.args.size() < 2 || b->args.size() < 2) return false;
    for (size_t i = 1; i < c.args.size(); ++i) {
      if (i >= b->args.size() || b->args[i].text != c.args[i].text) return false;
    }
    return true;
  };
  auto it = std::find_if(list.begin(), list.end(), same);
  if (it == list.end()) {
    diagnostics_.Warning(c.verb.at, "nothing bound earlier matches this unbind; ignored");
    return;
  }
  list.erase(it);
}

void Reader::HandleBind(const Command& c, bool unbind) {
  if (c.args.empty()) {
    diagnostics_.Error(c.End(), "expected the name of the " + c.object);
    return;
  }
  Binds* binds = nullptr;
  if (c.object == "lb vserver") {
    binds = &config_.lb_binds;
  } else if (c.object == "cs vserver") {
    binds = &config_.cs_binds;
  } else if (c.object == "servicegroup" || c.object == "service") {
    bool member = c.object == "servicegroup" && c.args.size() > 1;
    bool monitor = c.Find("monitorname") != nullptr;
    if (!member && !monitor) {
      NotModelled(c, "binds something other than a member or a monitor; not modelled");
      return;
    }
    if (unbind) {
      Unbind(member ? config_.group_members : config_.monitor_binds, c);
      return;
    }
    if (member) config_.group_members[c.args[0].text].push_back(&c);
    if (monitor) config_.monitor_binds[c.object + " " + c.args[0].text].push_back(&c);
    return;
  } else {
    NotModelled(c, "is not modelled");
    return;
  }
  if (unbind) {
    Unbind(*binds, c);
  } else {
    (*binds)[c.args[0].text].push_back(&c);
  }
}

// Global settings and harmless commands; false when the command is something else.
bool Reader::HandleGlobal(const Command& c) {
  const std::string& verb = c.verb.text;
  const std::string& object = c.object;
  if ((object == "ns ip" || object == "ns ip6") && verb == "add" && !c.args.empty()) {
    const Option* type = c.Find("type");
    std::string kind = type && type->Value() ? Lower(type->Value()->text) : "snip";
    if (kind != "snip") return true;
    std::string error;
    std::optional<Prefix> subnet;
    if (object == "ns ip" && c.args.size() >= 2) {
      std::optional<IpAddress> mask = ParseIpAddress(c.args[1].text);
      int length = 0;
      if (mask) {
        for (uint128 bit = 1u << 31; bit != 0 && (mask->value & bit); bit >>= 1) ++length;
      }
      subnet = ParsePrefix(c.args[0].text + "/" + std::to_string(length), &error);
    } else if (object == "ns ip6") {
      subnet = ParsePrefix(c.args[0].text, &error);
    }
    std::string address_text = c.args[0].text.substr(0, c.args[0].text.find('/'));
    std::optional<IpAddress> address = ParseIpAddress(address_text);
    if (!subnet || !address) {
      diagnostics_.Error(c.args[0].at, "expected an address and a netmask for the SNIP");
      return true;
    }
    config_.snips.push_back(Snip{*address, *subnet, c.at});
    return true;
  }
  if (object == "ns mode" && (verb == "enable" || verb == "disable" || verb == "set")) {
    for (const Word& w : c.args) {
      if (Lower(w.text) == "usip") {
        config_.usip_mode = verb != "disable";
        config_.usip_at = w.at;
      }
    }
    return true;
  }
  if (object == "ns feature" && (verb == "enable" || verb == "disable")) {
    config_.features_listed = true;
    for (const Word& w : c.args) {
      std::string f = Lower(w.text);
      if (verb == "enable") config_.features.insert(f);
      if (verb == "disable") config_.features.erase(f);
    }
    return true;
  }
  if (object == "lb parameter" && verb == "set") {
    const Option* flag = c.Find("httponlycookieflag");
    if (flag && flag->Value()) {
      config_.http_only_cookie = Lower(flag->Value()->text) == "enabled";
      config_.http_only_cookie_at = flag->Value()->at;
    }
    return true;
  }
  if (object == "ns acl" || object == "ns acl6" || object == "ns simpleacl" ||
      object == "ns simpleacl6") {
    if (verb != "add") return true;
    diagnostics_.Warning(c.verb.at,
                         "NetScaler ACLs are not modelled: they may drop traffic to any vserver");
    config_.global_unknowns.push_back(
        GlobalUnknown{"an ns ACL (" + c.at.ToString() + ") may drop its traffic", c.verb.at});
    return true;
  }
  std::string module = object.substr(0, object.find(' '));
  if (object.find(' ') != std::string::npos && object.size() > 6 &&
      object.compare(object.size() - 6, 6, "policy") == 0 && verb == "add" && !c.args.empty()) {
    config_.other_policies[c.args[0].text] = module;
    if (!In(kHarmlessModules, module) && !IsHarmlessPolicyModule(module)) {
      NotModelled(c, "is not modelled: a vserver it is bound to is UNKNOWN");
    }
    return true;
  }
  if (module == "ns" || In(kHarmlessModules, module) || In(kHarmlessEntities, object) ||
      In(kHarmlessSettings, object)) {
    return true;
  }
  if (verb == "save" || verb == "apply" || verb == "show" || verb == "stat") return true;
  return false;
}

void Reader::Handle(const Command& c) {
  if (c.object.empty()) {
    diagnostics_.Error(c.End(), "expected what to " + c.verb.text);
    return;
  }
  if (std::map<std::string, Entity>* entities = EntitiesOf(c.object)) {
    HandleEntity(c, *entities);
    return;
  }
  if (c.object == "responder global" && (c.verb.text == "bind" || c.verb.text == "unbind")) {
    if (c.verb.text == "bind") {
      config_.responder_global.push_back(&c);
    } else {
      NotModelled(c, "is not modelled; ignored");
    }
    return;
  }
  if (c.verb.text == "add" && c.object.size() > 8 &&
      c.object.compare(c.object.size() - 8, 8, " vserver") == 0) {
    NotModelled(c, "is not modelled: nothing is known of what its address and port answer");
    return;
  }
  if (HandleGlobal(c)) return;
  std::string module = c.object.substr(0, c.object.find(' '));
  if (module == "lb" || module == "cs" || module == "responder" || module == "gslb" ||
      module == "cr") {
    NotModelled(c, "is not modelled");
    return;
  }
  NotModelled(c, "is not known to the NetScaler importer; ignored");
}

}  // namespace

bool IsHarmlessPolicyModule(std::string_view module) { return In(kHarmlessPolicyModules, module); }

const Option* Entity::Find(const std::string& name) const {
  auto it = options.find(name);
  return it == options.end() ? nullptr : &it->second;
}

bool Entity::Disabled(SourceRange* at) const {
  if (disabled_by_verb) {
    if (at) *at = disabled_at;
    return *disabled_by_verb;
  }
  const Option* state = Find("state");
  if (state && state->Value() && Lower(state->Value()->text) == "disabled") {
    if (at) *at = state->Value()->at;
    return true;
  }
  return false;
}

Config ReadConfig(const SourceFilePtr& file, Diagnostics& diagnostics) {
  Config config;
  config.commands = ReadCommands(file, diagnostics);
  Reader reader(config, diagnostics);
  // Adds first: a hand-edited file may set, disable or bind an entity before adding it.
  auto is_add = [&](const Command& c) { return c.verb.text == "add" && reader.IsEntity(c); };
  for (const Command& c : config.commands) {
    if (is_add(c)) reader.Handle(c);
  }
  for (const Command& c : config.commands) {
    if (!is_add(c)) reader.Handle(c);
  }
  return config;
}

}  // namespace flowaudit::netscaler
