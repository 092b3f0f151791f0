// Where things live in a PAN-OS XML config. A firewall's running config holds vsys entries
// under /config/devices/entry/vsys; a Panorama export holds device groups under
// /config/devices/entry/device-group, with a hierarchy in /config/readonly, and zones in
// templates. /config/shared holds objects every vsys and device group sees (and, on Panorama,
// the shared pre- and post-rules). An API export wraps it all in <response><result>.
//
// Each vsys or device group is a Scope: names are looked up in it, then in its ancestors
// (device groups), then in shared.
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "importers/common/xml.h"
#include "importers/panos/panos_reader.h"

namespace flowaudit::panos {

struct Scope {
  std::string name;                       // "vsys1", a device group, or "shared"
  const xml::Element* element = nullptr;  // the vsys/device-group entry or <shared>
  const Scope* parent = nullptr;          // where names not found here are looked up next
  bool is_device_group = false;
};

struct Layout {
  bool panorama = false;
  const Scope* shared = nullptr;       // always set (an empty scope when there is none)
  std::vector<const Scope*> policies;  // vsys entries and device groups, in document order
  // Elements whose <zone> children define zones: vsys entries, templates' vsys entries.
  std::vector<const xml::Element*> zone_holders;
  std::deque<Scope> storage;  // owns the scopes (stable addresses)
};

// Finds the scopes; nullopt after an error (no <config>, nothing to import).
std::optional<Layout> FindLayout(const xml::Element& root, Reader& reader);

// The element at `names` below `from` (each the first child of that name), or nullptr.
const xml::Element* ChildPath(const xml::Element* from, std::initializer_list<const char*> names);

// The chain of scopes from `scope` up to shared: the order of name lookup.
std::vector<const Scope*> LookupChain(const Scope& scope);

}  // namespace flowaudit::panos
