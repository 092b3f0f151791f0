// What the NetScaler importer keeps of an ns.conf: the named entities (servers, services,
// service groups, monitors, lb and cs vservers, cs and responder actions and policies) with
// their options after later `set`/`unset` lines, the bindings between them, and the global
// settings that change how a vserver behaves (SNIPs, USIP mode, features). The reader
// (config_reader.h) fills it; references are resolved when the vservers are built
// (virtual_servers.h), because `save config` writes binds after adds but hand-edited files may
// not.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "importers/netscaler/commands.h"
#include "models/ip_address.h"

namespace flowaudit::netscaler {

struct Entity {
  std::string name;
  const Command* add = nullptr;           // the `add` line
  std::map<std::string, Option> options;  // from `add`, then `set`, minus `unset`
  // `disable X NAME` (true) or `enable X NAME` (false), the last one; overrides -state.
  std::optional<bool> disabled_by_verb;
  SourceRange disabled_at;
  const Option* Find(const std::string& name) const;
  // -state DISABLED, or a later disable/enable verb. `at` gets the deciding word.
  bool Disabled(SourceRange* at = nullptr) const;
};

// `bind serviceGroup SG SERVER PORT …` or `bind lb vserver VS SERVICE|SG`, etc.
using Binds = std::map<std::string, std::vector<const Command*>>;

struct Snip {
  IpAddress address;
  Prefix subnet;
  SourceRange at;
};

// Something global that may change what any vserver does; every vserver becomes UNKNOWN.
struct GlobalUnknown {
  std::string reason;
  SourceRange at;
};

struct Config {
  std::vector<Command> commands;  // owns every Command the entities point at
  std::map<std::string, Entity> servers, services, service_groups, monitors, lb_vservers,
      cs_vservers, cs_actions, cs_policies, responder_actions, responder_policies;
  // Policies of other modules (rewrite, cmp, …) that may be bound to a vserver: name → module.
  std::map<std::string, std::string> other_policies;
  Binds lb_binds;       // `bind lb vserver NAME …`
  Binds cs_binds;       // `bind cs vserver NAME …`
  Binds group_members;  // `bind serviceGroup NAME SERVER PORT …`
  Binds monitor_binds;  // `bind service|serviceGroup NAME -monitorName M`, by service/group
  // `disable|enable serviceGroup NAME SERVER PORT`, the last one per member: the disable or
  // enable line, by MemberKey().
  std::map<std::string, const Command*> member_states;
  std::vector<const Command*> responder_global;  // `bind responder global P PRI …`
  std::vector<Snip> snips;
  bool usip_mode = false;  // `enable ns mode USIP` / `set ns mode USIP`
  SourceRange usip_at;
  std::set<std::string> features;  // `enable ns feature …`, uppercased
  bool features_listed = false;
  bool http_only_cookie = true;  // `set lb parameter -httpOnlyCookieFlag`, default ENABLED
  SourceRange http_only_cookie_at;
  std::vector<GlobalUnknown> global_unknowns;
};

// The key of one service group member in Config::member_states.
inline std::string MemberKey(const std::string& group, const std::string& server,
                             const std::string& port) {
  return group + '\n' + server + '\n' + port;
}

}  // namespace flowaudit::netscaler
