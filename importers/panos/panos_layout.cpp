#include "importers/panos/panos_layout.h"

#include <algorithm>
#include <map>

namespace flowaudit::panos {
namespace {

std::vector<const xml::Element*> Entries(const xml::Element* list) {
  return list ? list->ChildrenNamed("entry") : std::vector<const xml::Element*>();
}

const xml::Element* UnwrapResponse(const xml::Element& root, Reader& reader) {
  if (root.name == "config") return &root;
  if (root.name != "response") {
    reader.Error(
        root.name_range,
        "expected <config> (or an API <response>) as the root element, got <" + root.name + ">");
    return nullptr;
  }
  if (const xml::Attribute* status = root.FindAttribute("status");
      status && status->value != "success") {
    reader.Error(status->value_range, "the API response has status " + Quoted(status->value));
    return nullptr;
  }
  const xml::Element* config = ChildPath(&root, {"result", "config"});
  if (!config) reader.Error(root.name_range, "the API response holds no <result><config>");
  return config;
}

}  // namespace

const xml::Element* ChildPath(const xml::Element* from, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (!from) return nullptr;
    from = from->Child(name);
  }
  return from;
}

std::vector<const Scope*> LookupChain(const Scope& scope) {
  std::vector<const Scope*> chain;
  for (const Scope* s = &scope; s; s = s->parent) {
    // A device-group hierarchy read from the file could loop; stop rather than spin.
    if (chain.size() > 64) break;
    chain.push_back(s);
  }
  return chain;
}

std::optional<Layout> FindLayout(const xml::Element& root, Reader& reader) {
  const xml::Element* config = UnwrapResponse(root, reader);
  if (!config) return std::nullopt;
  Layout layout;
  layout.storage.push_back(Scope{"shared", config->Child("shared"), nullptr, false});
  layout.shared = &layout.storage.back();
  std::map<std::string, Scope*> device_groups;
  for (const xml::Element* device : Entries(config->Child("devices"))) {
    for (const xml::Element* vsys : Entries(device->Child("vsys"))) {
      layout.storage.push_back(Scope{reader.EntryName(*vsys), vsys, layout.shared, false});
      layout.policies.push_back(&layout.storage.back());
      layout.zone_holders.push_back(vsys);
    }
    for (const xml::Element* group : Entries(device->Child("device-group"))) {
      layout.panorama = true;
      layout.storage.push_back(Scope{reader.EntryName(*group), group, layout.shared, true});
      layout.policies.push_back(&layout.storage.back());
      device_groups[layout.storage.back().name] = &layout.storage.back();
    }
    for (const xml::Element* tmpl : Entries(device->Child("template"))) {
      layout.panorama = true;
      for (const xml::Element* tdevice : Entries(ChildPath(tmpl, {"config", "devices"}))) {
        for (const xml::Element* vsys : Entries(tdevice->Child("vsys"))) {
          layout.zone_holders.push_back(vsys);
        }
      }
    }
  }
  // Panorama keeps the device-group hierarchy in the read-only part of the config.
  for (const xml::Element* device : Entries(ChildPath(config, {"readonly", "devices"}))) {
    for (const xml::Element* group : Entries(device->Child("device-group"))) {
      const xml::Element* parent = group->Child("parent-dg");
      auto child = device_groups.find(std::string(group->AttributeValue("name")));
      if (!parent || child == device_groups.end()) continue;
      auto found = device_groups.find(std::string(parent->TrimmedText()));
      if (found == device_groups.end()) {
        reader.Warning(parent->TextOrTag(), "unknown parent device group " +
                                                Quoted(parent->TrimmedText()) +
                                                " (names are looked up in shared instead)");
        continue;
      }
      child->second->parent = found->second;
    }
  }
  // A hierarchy that loops would repeat rulebases: cut the loop where it closes.
  for (auto& [name, group] : device_groups) {
    std::vector<const Scope*> seen{group};
    for (const Scope* s = group->parent; s; s = s->parent) {
      if (std::find(seen.begin(), seen.end(), s) != seen.end()) {
        reader.Warning(group->element->name_range,
                       "device group " + Quoted(name) +
                           " is its own ancestor; its parent is taken to be shared");
        group->parent = layout.shared;
        break;
      }
      seen.push_back(s);
    }
  }
  if (layout.policies.empty()) {
    reader.Error(config->name_range,
                 "no vsys or device-group entries under <devices>: nothing to import");
    return std::nullopt;
  }
  return layout;
}

}  // namespace flowaudit::panos
