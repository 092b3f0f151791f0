// Named objects of a PAN-OS config and how rule members resolve to them: addresses and
// address groups (static, nested; dynamic ones are UNKNOWN), services and service groups,
// custom applications, application groups and filters. A name is looked up in the rule's
// scope, then its ancestors, then shared (Scope::parent); addresses fall back to literals
// (`10.0.0.0/8`, `192.0.2.7`, `192.0.2.1-192.0.2.9`). Results are cached per object, so each
// problem is reported once, where the object is defined; a group cycle is an error at the
// member that closes it.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "importers/common/nesting.h"
#include "importers/common/xml.h"
#include "importers/panos/panos_applications.h"
#include "importers/panos/panos_layout.h"
#include "importers/panos/panos_reader.h"
#include "importers/panos/panos_values.h"
#include "models/device.h"

namespace flowaudit::panos {

struct AddressList {
  bool any = false;
  std::vector<AddressAtom> atoms;
  bool HasUnknown() const;
  void Append(const AddressList& other);
};

struct ServiceList {
  bool any = false;
  bool application_default = false;
  std::vector<Match> alternatives;  // each a protocol with ports (or an UNKNOWN term)
  bool HasUnknown() const;
  void Append(const ServiceList& other);
};

struct ApplicationList {
  bool any = false;
  std::vector<ApplicationShape> applications;
  // Application filters and group problems: the rule cannot know which applications.
  std::vector<std::string> unresolved;
};

class Objects {
 public:
  explicit Objects(Reader& reader) : reader_(reader) {}

  AddressList Address(const Scope& scope, const xml::Element& member);
  ServiceList Service(const Scope& scope, const xml::Element& member);
  ApplicationList Application(const Scope& scope, const xml::Element& member);
  // Reads every object defined directly in `scope` (so unused objects are checked too) and
  // counts them: understood when reading added no diagnostic and nothing is UNKNOWN.
  void ReadAll(const Scope& scope, ImportCoverage& coverage);

 private:
  struct Found {
    const xml::Element* entry = nullptr;
    const Scope* scope = nullptr;
    std::string kind;  // the container: "address", "address-group", …
  };
  Found Find(const Scope& scope, std::initializer_list<const char*> kinds, std::string_view name);
  AddressList AddressObject(const xml::Element& entry);
  AddressList AddressGroup(const Scope& where, const xml::Element& entry);
  ServiceList ServiceObject(const xml::Element& entry);
  ServiceList ServiceGroup(const Scope& where, const xml::Element& entry);
  ApplicationShape CustomApplication(const xml::Element& entry);
  ApplicationList ApplicationGroup(const Scope& where, const xml::Element& entry);
  // Enters a group for flattening; false (and an error at `member`) when it closes a cycle.
  bool Enter(const xml::Element& group, const xml::Element& member, const char* kind);
  std::string CyclePath(const xml::Element& group) const;
  // Counts a group's `members` copied for `member` into another group against the config's
  // expansion budget; false (and one error, at the first reference over it) once it is spent.
  bool Charge(const xml::Element& member, size_t members, const char* kind);

  Reader& reader_;
  std::map<const xml::Element*, std::map<std::string, const xml::Element*>> index_;
  std::map<const xml::Element*, AddressList> addresses_;
  std::map<const xml::Element*, ServiceList> services_;
  std::map<const xml::Element*, ApplicationList> applications_;
  std::vector<const xml::Element*> path_;  // groups being flattened, outermost first
  ExpansionBudget budget_;
};

}  // namespace flowaudit::panos
