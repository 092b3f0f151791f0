// SRX address books: the global book (`security address-book global`), named books attached
// to zones (`security address-book B attach zone Z`) and the legacy zone books (`security
// zones security-zone Z address-book`). A policy from zone A resolves a source name in A's
// books, then the global book (destination: the to-zone's books); global policies use the
// global book only. Addresses are prefixes, `range-address A to B`, `wildcard-address
// A/MASK` or `dns-name` (resolved at run time: an unknown atom with a warning); address-sets
// nest, and a cycle is an error.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "importers/common/nesting.h"
#include "importers/junos/config_tree.h"
#include "models/match.h"

namespace flowaudit::junos {

// One address condition, independent of the header field it is tested on.
struct AddressAtom {
  enum class Kind { kAny, kFamily, kRange, kMasked, kUnknown };
  Kind kind = Kind::kAny;
  Family family = Family::kIpv4;
  uint128 lo = 0, hi = 0;       // kRange
  uint128 value = 0, mask = 0;  // kMasked
  std::string reason;           // kUnknown
  Match ToMatch(Field field) const;
};

// Address atoms as a term on `field`: one of them holds (or, negated, none does).
Term AddressTerm(const std::vector<AddressAtom>& atoms, Field field, bool negated = false);

class AddressBooks {
 public:
  AddressBooks(const Node& root, Reporter& reporter);

  // The atoms of the names listed under `list` (`source-address [ A B ]`), looked up in
  // `zone`'s books then the global book (zone empty: the global book only).
  std::vector<AddressAtom> Resolve(const Node& list, const std::string& zone);

 private:
  std::vector<AddressAtom> ResolveName(const Node& ref, const std::vector<const Node*>& books,
                                       std::vector<std::string>& stack);
  std::vector<AddressAtom> Address(const Node& entry);
  std::vector<AddressAtom> AddressSet(const Node& set, const std::vector<const Node*>& books,
                                      std::vector<std::string>& stack);
  // `atoms` of a set copied for `ref`; copied into another set (`stack` not empty), counted
  // against the config's expansion budget, and UNKNOWN once it is spent.
  std::vector<AddressAtom> Charged(const Node& ref, const std::vector<AddressAtom>& atoms,
                                   const std::vector<std::string>& stack);

  Reporter& reporter_;
  const Node* global_ = nullptr;
  std::map<std::string, std::vector<const Node*>> zone_books_;
  std::map<const Node*, std::vector<AddressAtom>> cache_;  // by address or address-set node
  ExpansionBudget budget_;
};

}  // namespace flowaudit::junos
