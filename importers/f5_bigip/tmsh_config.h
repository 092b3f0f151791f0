// The tmsh objects the F5 importer models, as read from bigip.conf / bigip_base.conf: virtual
// servers, pools and members, nodes, monitors, profiles, persistence profiles, SNAT pools,
// iRules, virtual addresses, self IPs and route domains. Names are kept as full paths
// (`/Common/web_pool`); a relative name resolves against the referring object's partition,
// then /Common.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "importers/f5_bigip/tmsh_lexer.h"
#include "models/diagnostics.h"
#include "models/ip_address.h"

namespace flowaudit::f5 {

struct Ref {
  std::string name;  // as written
  SourceRange at;
};

struct ProfileUse {
  Ref ref;
  std::string context = "all";  // all | clientside | serverside
};

struct PersistUse {
  Ref ref;
  bool is_default = false;
};

struct Member {
  Ref name;  // NODE:PORT as written
  std::optional<Ref> address;
  bool session_disabled = false;
  bool state_down = false;
  int priority_group = 0;
  std::vector<Ref> monitors;
  std::optional<Ref> fqdn;            // an FQDN member: its addresses come from DNS at run time
  std::optional<Ref> not_understood;  // the first property not modelled (warned)
};

struct Pool {
  Ref name;
  std::vector<Member> members;
  std::vector<Ref> monitors;  // `monitor a and b`, `monitor min N of { a b }`
  int min_active_members = 0;
  // The first property of the pool or a member not modelled (warned): the pool's members are
  // then unknown (a damaged member line reads as one).
  std::optional<Ref> not_understood;
};

struct NodeObject {
  Ref name;
  std::optional<Ref> address;
  bool session_disabled = false;
  bool state_down = false;
};

struct MonitorDef {
  Ref name;
  std::string type;  // the tmsh type: tcp, http, https, gateway-icmp, …
  std::optional<Ref> defaults_from;
  std::optional<Ref> destination;  // `*:5061`
};

struct ProfileDef {
  Ref name;
  std::string type;  // tcp, fastl4, udp, client-ssl, http, …
  std::optional<Ref> defaults_from;
  std::optional<Ref> idle_timeout;
};

struct PersistenceDef {
  Ref name;
  std::string type;  // source-addr, cookie, …
  std::optional<Ref> defaults_from;
  std::optional<Ref> cookie_name;
  std::optional<Ref> httponly;  // enabled | disabled
};

struct SnatPool {
  Ref name;
  std::vector<Ref> members;
};

struct Rule {
  Ref name;
  SourceRange body;  // the Tcl text between the braces
};

struct VirtualAddressDef {
  Ref name;
  std::optional<Ref> address;
};

struct SelfIp {
  Ref name;
  std::optional<Ref> address;  // 10.1.0.5%0/24
  std::optional<Ref> vlan;
  bool floating = false;  // traffic-group other than traffic-group-local-only
};

struct Virtual {
  Ref name;
  std::optional<Ref> destination, mask, ip_protocol, pool, source, snat_pool;
  std::optional<Ref> kind;  // reject, ip-forward, l2-forward, internal, stateless, dhcp-relay
  std::optional<Ref> traffic_matching;
  std::optional<Ref> translate_address, translate_port;
  bool disabled = false;
  std::optional<Ref> vlans_enabled, vlans_disabled;  // the keyword
  std::vector<Ref> vlans;
  std::vector<ProfileUse> profiles;
  std::vector<PersistUse> persist;
  std::optional<Ref> snat;  // `source-address-translation` type (automap, snat, none, lsn)
  std::vector<Ref> rules;
  std::vector<Ref> policies;
  // The first property not modelled (warned): tmsh refuses an unknown property, so it may be
  // a damaged destination, pool or translation and the answer is unknown.
  std::optional<Ref> not_understood;
};

struct TmshConfig {
  std::vector<Virtual> virtuals;      // in file order
  std::map<std::string, Pool> pools;  // by full name
  std::map<std::string, NodeObject> nodes;
  std::map<std::string, MonitorDef> monitors;
  std::map<std::string, ProfileDef> profiles;
  std::map<std::string, PersistenceDef> persistence;
  std::map<std::string, SnatPool> snat_pools;
  std::map<std::string, Rule> rules;
  std::map<std::string, VirtualAddressDef> virtual_addresses;
  std::vector<SelfIp> selfs;
  std::vector<Ref> route_domains;  // `net route-domain` ids other than 0

  // The object `name` refers to from an object in partition of `from` (a full name).
  template <typename T>
  const T* Find(const std::map<std::string, T>& objects, const std::string& name,
                const std::string& from) const;
};

// "/Common/x" for "x" written in an object of partition Common; full names unchanged.
std::string FullName(const std::string& name, const std::string& from);

template <typename T>
const T* TmshConfig::Find(const std::map<std::string, T>& objects, const std::string& name,
                          const std::string& from) const {
  auto it = objects.find(FullName(name, from));
  if (it == objects.end()) it = objects.find(FullName(name, "/Common/x"));
  return it == objects.end() ? nullptr : &it->second;
}

// Reads the objects of a parsed tmsh file. Properties that do not change what a virtual
// server answers are accepted quietly; others not modelled are warnings.
TmshConfig ReadTmshConfig(const std::vector<Node>& top, Diagnostics& diagnostics);

}  // namespace flowaudit::f5
