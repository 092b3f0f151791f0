// Object lookup, address objects and address groups, and reading every object of a scope.
// Services and applications are in panos_services.cpp.
#include "importers/panos/panos_objects.h"

#include <algorithm>
#include <cctype>

#include "importers/common/nesting.h"

namespace flowaudit::panos {

bool AddressList::HasUnknown() const {
  return std::any_of(atoms.begin(), atoms.end(),
                     [](const AddressAtom& a) { return !a.unknown.empty(); });
}

void AddressList::Append(const AddressList& other) {
  any = any || other.any;
  atoms.insert(atoms.end(), other.atoms.begin(), other.atoms.end());
}

Objects::Found Objects::Find(const Scope& scope, std::initializer_list<const char*> kinds,
                             std::string_view name) {
  for (const Scope* s : LookupChain(scope)) {
    if (!s->element) continue;
    for (const char* kind : kinds) {
      const xml::Element* container = s->element->Child(kind);
      if (!container) continue;
      auto [it, fresh] = index_.try_emplace(container);
      if (fresh) {
        for (const xml::Element* entry : container->ChildrenNamed("entry")) {
          it->second.emplace(std::string(entry->AttributeValue("name")), entry);
        }
      }
      auto found = it->second.find(std::string(name));
      if (found != it->second.end()) return Found{found->second, s, kind};
    }
  }
  return Found{};
}

std::string Objects::CyclePath(const xml::Element& group) const {
  std::string path;
  auto start = std::find(path_.begin(), path_.end(), &group);
  for (auto it = start; it != path_.end(); ++it) {
    path += std::string((*it)->AttributeValue("name")) + " -> ";
  }
  return path + std::string(group.AttributeValue("name"));
}

bool Objects::Enter(const xml::Element& group, const xml::Element& member, const char* kind) {
  if (path_.size() >= kMaxGroupNesting) {
    reader_.Error(member.TextOrTag(), GroupsNestedTooDeep(kind));
    return false;
  }
  if (std::find(path_.begin(), path_.end(), &group) == path_.end()) return true;
  reader_.Error(member.TextOrTag(), std::string(kind) + " cycle: " + CyclePath(group));
  return false;
}

bool Objects::Charge(const xml::Element& member, size_t members, const char* kind) {
  if (path_.empty()) return true;  // a rule's own reference: copied once, not expanding
  return budget_.Spend(members + 1,
                       [&] { reader_.Error(member.TextOrTag(), budget_.TooFar(kind)); });
}

namespace {

// Two capital letters (ISO 3166 country codes) or a private region (A1, A2…): geolocation.
bool LooksLikeRegion(std::string_view name) {
  return name.size() == 2 && std::isupper(static_cast<unsigned char>(name[0])) &&
         (std::isupper(static_cast<unsigned char>(name[1])) ||
          std::isdigit(static_cast<unsigned char>(name[1])));
}

}  // namespace

AddressList Objects::Address(const Scope& scope, const xml::Element& member) {
  std::string_view name = member.TrimmedText();
  if (name == "any") return AddressList{true, {}};
  Found found = Find(scope, {"address", "address-group"}, name);
  if (found.entry) {
    if (found.kind == "address") return AddressObject(*found.entry);
    if (!Enter(*found.entry, member, "address-group")) {
      return AddressList{false,
                         {AddressAtom::Unknown("address-group cycle at " +
                                               Quoted(found.entry->AttributeValue("name")))}};
    }
    AddressList group = AddressGroup(*found.scope, *found.entry);
    if (Charge(member, group.atoms.size(), "address-group")) return group;
    return AddressList{false, {AddressAtom::Unknown(budget_.TooFar("address-group"))}};
  }
  if (Find(scope, {"external-list"}, name).entry || name.substr(0, 5) == "panw-") {
    reader_.Warning(member.TextOrTag(),
                    "external dynamic list " + Quoted(name) +
                        " is fetched by the device at run time; rules using it are UNKNOWN");
    return AddressList{false, {AddressAtom::Unknown("external dynamic list " + Quoted(name))}};
  }
  if (Find(scope, {"region"}, name).entry || LooksLikeRegion(name)) {
    reader_.Warning(member.TextOrTag(),
                    "region " + Quoted(name) +
                        " is matched by geolocation, which flowaudit does not know; rules "
                        "using it are UNKNOWN");
    return AddressList{false, {AddressAtom::Unknown("region " + Quoted(name))}};
  }
  if (std::optional<AddressAtom> literal = ParseAddressLiteral(name)) {
    return AddressList{false, {*literal}};
  }
  std::string message = "unknown address or address-group " + Quoted(name);
  reader_.Error(member.TextOrTag(), message);
  return AddressList{false, {AddressAtom::Unknown(message)}};
}

AddressList Objects::AddressObject(const xml::Element& entry) {
  auto cached = addresses_.find(&entry);
  if (cached != addresses_.end()) return cached->second;
  const std::string name(entry.AttributeValue("name"));
  AddressList out;
  const xml::Element* value = nullptr;
  for (const xml::Element& child : entry.children) {
    if (child.name == "description" || child.name == "tag") continue;
    if (child.name == "ip-netmask" || child.name == "ip-range" || child.name == "ip-wildcard" ||
        child.name == "fqdn") {
      value = &child;
      continue;
    }
    reader_.Warning(child.name_range, "unknown element <" + child.name + "> in address " +
                                          Quoted(name) + "; rules using it are UNKNOWN");
    out.atoms.push_back(
        AddressAtom::Unknown("address " + Quoted(name) + " has <" + child.name + ">"));
  }
  if (!value) {
    std::string message =
        "address " + Quoted(name) + " has no ip-netmask, ip-range, ip-wildcard or fqdn";
    reader_.Error(entry.location, message);
    out.atoms.push_back(AddressAtom::Unknown(message));
  } else if (value->name == "fqdn") {
    reader_.Warning(value->TextOrTag(),
                    "address " + Quoted(name) + " is an FQDN (" +
                        std::string(value->TrimmedText()) +
                        "), resolved by the device at run time; rules using it are UNKNOWN");
    out.atoms.push_back(AddressAtom::Unknown("FQDN address " + Quoted(name)));
  } else {
    std::string error;
    std::string_view text = value->TrimmedText();
    std::optional<AddressAtom> atom = value->name == "ip-netmask" ? ParseNetmask(text, &error)
                                      : value->name == "ip-range" ? ParseRange(text, &error)
                                                                  : ParseWildcard(text, &error);
    if (atom) {
      out.atoms.push_back(*atom);
    } else {
      std::string message = "invalid <" + value->name + "> " + Quoted(text) + " in address " +
                            Quoted(name) + ": " + error;
      reader_.Error(value->TextOrTag(), message);
      out.atoms.push_back(AddressAtom::Unknown(message));
    }
  }
  return addresses_[&entry] = out;
}

AddressList Objects::AddressGroup(const Scope& where, const xml::Element& entry) {
  auto cached = addresses_.find(&entry);
  if (cached != addresses_.end()) return cached->second;
  if (budget_.Exhausted()) return AddressList{};  // the caller makes it UNKNOWN
  const std::string name(entry.AttributeValue("name"));
  path_.push_back(&entry);
  AddressList out;
  bool has_members = false;
  for (const xml::Element& child : entry.children) {
    if (child.name == "description" || child.name == "tag") continue;
    if (child.name == "static") {
      has_members = true;
      for (const xml::Element* member : reader_.Members(child, "address-group " + Quoted(name))) {
        out.Append(Address(where, *member));
      }
    } else if (child.name == "dynamic") {
      has_members = true;
      const xml::Element* filter = child.Child("filter");
      reader_.Warning(child.name_range,
                      "address-group " + Quoted(name) + " is dynamic (" +
                          std::string(filter ? filter->TrimmedText() : "") +
                          "): its members are registered at run time; rules using it are "
                          "UNKNOWN");
      out.atoms.push_back(AddressAtom::Unknown("dynamic address-group " + Quoted(name)));
    } else {
      reader_.Warning(child.name_range, "unknown element <" + child.name + "> in address-group " +
                                            Quoted(name) + "; rules using it are UNKNOWN");
      out.atoms.push_back(
          AddressAtom::Unknown("address-group " + Quoted(name) + " has <" + child.name + ">"));
    }
  }
  if (!has_members)
    reader_.Error(entry.location, "address-group " + Quoted(name) + " has no members");
  path_.pop_back();
  return addresses_[&entry] = out;
}

void Objects::ReadAll(const Scope& scope, ImportCoverage& coverage) {
  if (!scope.element) return;
  // Plain objects first, so a group's count does not take the diagnostics of its members.
  for (const char* kind : {"address", "service", "application", "address-group", "service-group",
                           "application-group"}) {
    const xml::Element* container = scope.element->Child(kind);
    if (!container) continue;
    for (const xml::Element* entry : container->ChildrenNamed("entry")) {
      const int problems = reader_.ProblemCount();
      reader_.CheckAttributes(*entry);
      std::string name = reader_.EntryName(*entry);
      bool unknown = false;
      std::string_view k = kind;
      if (k == "address") {
        unknown = AddressObject(*entry).HasUnknown();
      } else if (k == "address-group") {
        unknown = AddressGroup(scope, *entry).HasUnknown();
      } else if (k == "service") {
        unknown = ServiceObject(*entry).HasUnknown();
      } else if (k == "service-group") {
        unknown = ServiceGroup(scope, *entry).HasUnknown();
      } else if (k == "application") {
        CustomApplication(*entry);
      } else {
        unknown = !ApplicationGroup(scope, *entry).unresolved.empty();
      }
      ++coverage.total;
      if (!unknown && reader_.ProblemCount() == problems) ++coverage.understood;
    }
  }
}

}  // namespace flowaudit::panos
