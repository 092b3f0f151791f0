// What the ASA importer collects from a running config before it builds filters: names,
// network and service objects, object-groups of every kind, interfaces and access-group
// bindings. Objects are kept as written (with unresolved references) because ACEs and groups
// may name objects defined later; `Resolver` flattens groups on use, with cycle detection.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "importers/common/nesting.h"
#include "models/diagnostics.h"
#include "models/match.h"
#include "models/source.h"

namespace flowaudit::asa {

// One address condition: a range or value/mask of one family, or something unresolved.
struct AddressAtom {
  Family family = Family::kIpv4;
  uint128 value = 0;
  uint128 mask = 0;     // netmask; may be non-contiguous (capirca emits such masks)
  std::string unknown;  // set: the atom is not understood (fqdn, unresolved name)
  static AddressAtom Unknown(std::string reason) {
    AddressAtom atom;
    atom.unknown = std::move(reason);
    return atom;
  }
  Match ToMatch(Field field) const;
};

// One service: protocols with optional port and ICMP conditions.
struct ServiceAtom {
  bool any_protocol = false;
  std::vector<uint8_t> protocols;
  std::vector<ValueRange> src_ports;  // empty: any
  std::vector<ValueRange> dst_ports;  // empty: any
  std::optional<uint8_t> icmp_type;
  std::string unknown;
  static ServiceAtom Unknown(std::string reason) {
    ServiceAtom atom;
    atom.unknown = std::move(reason);
    return atom;
  }
  Match ToMatch() const;
};

// A reference from a group to an object or another group, as written.
struct Reference {
  bool is_group = false;  // group-object (else `… object NAME`)
  std::string_view name;  // points into the source text (for carets)
};

enum class GroupKind { kNetwork, kService, kPortService, kProtocol, kIcmpType };
const char* GroupKindName(GroupKind kind);  // "network", "service", "protocol", "icmp-type"

struct Group {
  GroupKind kind = GroupKind::kNetwork;
  uint8_t port_protocol = 0;  // kPortService: 6, 17 or 0 for tcp-udp
  std::vector<AddressAtom> addresses;
  std::vector<ServiceAtom> services;
  std::vector<ValueRange> values;  // ports, protocols or ICMP types
  bool any_protocol = false;       // a protocol group holding `ip`
  std::vector<Reference> references;
  std::string_view name;  // where it is defined
  std::string unknown;    // flattened: why some member could not be resolved
};

struct Interface {
  std::string nameif;
  std::optional<int> security_level;
  std::optional<IpAddress> address;
  std::string_view nameif_text;
};

struct Binding {
  std::string acl;
  std::string_view acl_text;  // the ACL name on the access-group line
  std::string_view line;
};

struct Config {
  std::string hostname;
  std::map<std::string, IpAddress> names;  // `name A.B.C.D NAME`
  std::map<std::string, std::vector<AddressAtom>> network_objects;
  std::map<std::string, std::vector<ServiceAtom>> service_objects;
  std::map<std::string, Group> groups;
  std::vector<Interface> interfaces;                 // with a nameif, in file order
  std::map<std::string, Binding> inbound, outbound;  // by nameif
  std::optional<Binding> global;
  bool same_security_inter = false;
  bool same_security_intra = false;
  std::vector<std::string_view> legacy_nat_lines;  // pre-8.3 `static`, `global`, `nat (if) N`

  const Interface* FindInterface(std::string_view nameif) const;
};

// Flattens groups and objects for ACEs. Errors (unknown references, cycles, wrong kinds) are
// reported once per place in the text, however often the group is used.
class Resolver {
 public:
  Resolver(const Config& config, const SourceFilePtr& file, Diagnostics& diagnostics)
      : config_(config), file_(file), diagnostics_(diagnostics) {}

  // The flattened members of group `name`, which must be of `kind` (kService also accepts
  // service objects' atoms through service-object object). nullopt when it does not exist.
  std::optional<Group> Flatten(std::string_view name, GroupKind kind);
  std::vector<AddressAtom> NetworkObject(std::string_view name);  // error when unknown
  std::vector<ServiceAtom> ServiceObject(std::string_view name);  // error when unknown
  void ErrorOnce(std::string_view at, std::string message);
  void WarningOnce(std::string_view at, std::string message);

 private:
  void FlattenInto(const Group& group, Group& out, std::vector<std::string>& path);
  // Counts a group's own members against the budget; false (and `out` UNKNOWN) once it is spent.
  bool SpendOn(const Group& group, std::string_view at, Group& out);

  const Config& config_;
  const SourceFilePtr& file_;
  Diagnostics& diagnostics_;
  std::set<std::pair<const char*, std::string>> reported_;
  ExpansionBudget budget_;  // shared by every group flattened for this config
  std::map<const Group*, Group> flattened_;
};

}  // namespace flowaudit::asa
