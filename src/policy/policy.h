// Policy packs: requirements as data (policies/*.yaml; format in policies/README.md). The
// loader turns a pack file into Requirements; the checker evaluates them against a site.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/diagnostics.h"
#include "src/check/result.h"

namespace flowaudit {

// Names zones, hosts, services or prefixes; alternatives are OR-ed (README "Selectors").
struct Selector {
  std::vector<std::string> zones, tags, trust, hosts, roles, services, service_roles, prefixes;
  std::string address = "any";  // internal | external | any: which address of multi-homed hosts
  bool prefer_vip = false;
  std::vector<std::string> vip_roles;
};

struct Condition {
  std::vector<std::string> roles, service_roles, device_kinds;
  std::optional<std::string> parameter;  // name
  std::string equals;                    // expected value as text
};

struct SeverityOverride {
  Condition when;
  Level severity = Level::kInfo;
};

struct PortSpec {
  uint8_t protocol = 6;  // 0 = any protocol
  bool any_protocol = false;
  uint16_t lo = 0, hi = 65535;
  std::optional<uint8_t> icmp_type;
  std::string text;  // as written: "tcp/80"
};

struct Check {
  std::string kind;  // flow | listener | redirect | hlb
  // flow
  Selector from, to;
  std::vector<PortSpec> service;
  std::string expect = "allow";  // allow | deny | optional
  std::vector<std::string> except_via_kinds;
  // listener
  Selector services;
  std::vector<PortSpec> ports;
  std::string members = "all";
  // redirect
  std::vector<std::string> on_device_kinds;
  PortSpec port;
  std::vector<std::string> allow;  // absent | redirect-https | forward-port-8080
  // hlb (uses `services`, `ports` and `allow` too): one load-balancer setting of the
  // services' virtual servers on those ports.
  std::string setting;                   // persistence | idle-timeout | monitor | members-enabled |
                                         // member-ports | source-nat
  std::string cookie_name;               // persistence: an allowed cookie's name
  std::optional<int64_t> minimum;        // idle-timeout: seconds
  std::optional<uint16_t> monitor_port;  // monitor: the port a health check must probe
  std::map<uint16_t, uint16_t> port_map;  // member-ports: listener port -> member port
};

struct Requirement {
  std::string id;
  std::string pack;
  std::string title;
  Level severity = Level::kMedium;
  std::string rationale;
  std::vector<std::string> sources;
  std::optional<Condition> when;
  std::vector<SeverityOverride> severity_when;
  Check check;
  SourceRange location;
};

struct Pack {
  std::string id;
  std::string title;
  std::string description;
  std::vector<Requirement> requirements;
  std::string file;
};

// "tcp/80", "udp/3478", "tcp/50000-59999", "icmp/8", "any"; nullopt with *error set.
std::optional<PortSpec> ParsePortSpec(const std::string& text, std::string* error);

// `name_or_path`: a built-in pack id (policies/<id>.yaml next to the binary's data folder) or a
// path to a pack file. Returns nullopt with located diagnostics on error.
std::optional<Pack> LoadPack(const std::string& name_or_path, Diagnostics& diagnostics);
// Ids of the built-in packs.
std::vector<std::string> BuiltinPacks();

}  // namespace flowaudit
