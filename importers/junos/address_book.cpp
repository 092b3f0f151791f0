#include "importers/junos/address_book.h"

#include <algorithm>

#include "importers/common/nesting.h"

namespace flowaudit::junos {
namespace {

uint128 AllOnes(Family family) {
  return family == Family::kIpv4 ? (uint128(1) << 32) - 1 : ~uint128(0);
}

AddressAtom Unknown(std::string reason) {
  AddressAtom atom;
  atom.kind = AddressAtom::Kind::kUnknown;
  atom.reason = std::move(reason);
  return atom;
}

AddressAtom FromPrefix(const Prefix& prefix) {
  AddressAtom atom;
  atom.kind = AddressAtom::Kind::kRange;
  atom.family = prefix.address.family;
  atom.lo = prefix.First();
  atom.hi = prefix.Last();
  return atom;
}

// "10.0.1.0/255.255.0.255": an address and a (possibly non-contiguous) mask.
std::optional<AddressAtom> ParseWildcard(const std::string& text) {
  size_t slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  auto address = ParseIpAddress(std::string_view(text).substr(0, slash));
  auto mask = ParseIpAddress(std::string_view(text).substr(slash + 1));
  if (!address || !mask || address->family != mask->family) return std::nullopt;
  AddressAtom atom;
  atom.kind = AddressAtom::Kind::kMasked;
  atom.family = address->family;
  atom.value = address->value & mask->value;
  atom.mask = mask->value;
  return atom;
}

}  // namespace

Match AddressAtom::ToMatch(Field field) const {
  switch (kind) {
    case Kind::kAny:
      return Match();
    case Kind::kFamily:
      return Match({Term::FieldIs(Field::kFamily, family == Family::kIpv6 ? 1 : 0)});
    case Kind::kRange: {
      Match match({Term::FieldIs(Field::kFamily, family == Family::kIpv6 ? 1 : 0)});
      if (lo != 0 || hi != AllOnes(family)) match.Add(Term::FieldIn(field, {{lo, hi}}));
      return match;
    }
    case Kind::kMasked:
      return Match({Term::FieldIs(Field::kFamily, family == Family::kIpv6 ? 1 : 0),
                    Term::Masked(field, value, mask)});
    case Kind::kUnknown:
      return Match({Term::Unknown(reason)});
  }
  return Match::Nothing();
}

Term AddressTerm(const std::vector<AddressAtom>& atoms, Field field, bool negated) {
  std::vector<Match> alternatives;
  alternatives.reserve(atoms.size());
  for (const AddressAtom& atom : atoms) alternatives.push_back(atom.ToMatch(field));
  return Term::AnyOf(std::move(alternatives), negated);
}

AddressBooks::AddressBooks(const Node& root, Reporter& reporter) : reporter_(reporter) {
  const Node* security = root.Find("security");
  if (const Node* books = Walk(security, {"address-book"})) {
    for (const Node* book : books->ActiveChildren()) {
      // Entries are read when a policy names them; unused ones do not affect filtering.
      book->Mark(Use::kUnderstood);
      if (book->word() == "global") {
        global_ = book;
        continue;
      }
      const Node* attach = Walk(book, {"attach", "zone"});
      if (!attach) {
        reporter_.Warn(*book, "address book '" + book->word() +
                                  "' is attached to no zone (its addresses are not used)");
        continue;
      }
      attach->parent()->MarkSelf(Use::kUnderstood);
      attach->Mark(Use::kUnderstood);
      for (const Node* zone : attach->ActiveChildren()) zone_books_[zone->word()].push_back(book);
    }
  }
  if (const Node* zones = Walk(security, {"zones", "security-zone"})) {
    for (const Node* zone : zones->ActiveChildren()) {
      if (const Node* book = zone->Find("address-book")) {
        book->Mark(Use::kUnderstood);
        zone_books_[zone->word()].push_back(book);
      }
    }
  }
}

std::vector<AddressAtom> AddressBooks::Resolve(const Node& list, const std::string& zone) {
  std::vector<const Node*> books;
  if (!zone.empty()) {
    auto it = zone_books_.find(zone);
    if (it != zone_books_.end()) books = it->second;
  }
  if (global_) books.push_back(global_);
  std::vector<AddressAtom> atoms;
  list.MarkSelf(Use::kUnderstood);
  for (const Node* ref : list.ActiveChildren()) {
    std::vector<std::string> stack;
    std::vector<AddressAtom> more = ResolveName(*ref, books, stack);
    atoms.insert(atoms.end(), more.begin(), more.end());
  }
  return atoms;
}

std::vector<AddressAtom> AddressBooks::ResolveName(const Node& ref,
                                                   const std::vector<const Node*>& books,
                                                   std::vector<std::string>& stack) {
  ref.MarkSelf(Use::kUnderstood);
  const std::string& name = ref.word();
  AddressAtom predefined;
  if (name == "any") return {predefined};
  if (name == "any-ipv4" || name == "any-ipv6") {
    predefined.kind = AddressAtom::Kind::kFamily;
    predefined.family = name == "any-ipv4" ? Family::kIpv4 : Family::kIpv6;
    return {predefined};
  }
  for (const Node* book : books) {
    if (const Node* entry = Walk(book, {"address", name})) {
      auto cached = cache_.find(entry);
      if (cached != cache_.end()) return cached->second;
      return cache_[entry] = Address(*entry);
    }
    if (const Node* set = Walk(book, {"address-set", name})) {
      if (std::find(stack.begin(), stack.end(), name) != stack.end()) {
        std::string cycle;
        for (const std::string& s : stack) cycle += s + " -> ";
        reporter_.Error(ref, "address-set cycle: " + cycle + name);
        return {Unknown("address-set cycle through '" + name + "'")};
      }
      auto cached = cache_.find(set);
      if (cached != cache_.end()) return Charged(ref, cached->second, stack);
      if (stack.size() >= kMaxGroupNesting) {
        reporter_.Error(ref, GroupsNestedTooDeep("address-set"));
        return {Unknown(GroupsNestedTooDeep("address-set"))};
      }
      if (budget_.Exhausted()) return {Unknown(budget_.TooFar("address-set"))};
      stack.push_back(name);
      std::vector<AddressAtom> atoms = AddressSet(*set, books, stack);
      stack.pop_back();
      return Charged(ref, cache_[set] = atoms, stack);
    }
  }
  reporter_.Error(ref, "unknown address or address-set '" + name + "'");
  return {Unknown("unknown address '" + name + "'")};
}

std::vector<AddressAtom> AddressBooks::Charged(const Node& ref,
                                               const std::vector<AddressAtom>& atoms,
                                               const std::vector<std::string>& stack) {
  if (stack.empty()) return atoms;  // a policy's own reference: copied once, not expanding
  if (budget_.Spend(atoms.size() + 1,
                    [&] { reporter_.Error(ref, budget_.TooFar("address-set")); })) {
    return atoms;
  }
  return {Unknown(budget_.TooFar("address-set"))};
}

std::vector<AddressAtom> AddressBooks::Address(const Node& entry) {
  entry.parent()->MarkSelf(Use::kUnderstood);
  entry.MarkSelf(Use::kUnderstood);
  std::vector<AddressAtom> atoms;
  for (const Node* value : entry.ActiveChildren()) {
    const std::string& word = value->word();
    std::string error;
    if (word == "description") {
      value->Mark(Use::kUnderstood);
    } else if (auto prefix = ParsePrefix(word, &error)) {
      value->Mark(Use::kUnderstood);
      atoms.push_back(FromPrefix(*prefix));
    } else if (word == "range-address") {
      const Node* from = value->ActiveChildren().empty() ? nullptr : value->ActiveChildren()[0];
      const Node* to = from ? Walk(from, {"to"}) : nullptr;
      const Node* last = to && !to->ActiveChildren().empty() ? to->ActiveChildren()[0] : nullptr;
      auto a = from ? ParseIpAddress(from->word()) : std::nullopt;
      auto b = last ? ParseIpAddress(last->word()) : std::nullopt;
      if (!a || !b || a->family != b->family || b->value < a->value) {
        reporter_.Error(*value,
                        "expected 'range-address LOW to HIGH' with addresses of one "
                        "family, low first");
        atoms.push_back(Unknown("bad range-address"));
        continue;
      }
      value->Mark(Use::kUnderstood);
      AddressAtom atom;
      atom.kind = AddressAtom::Kind::kRange;
      atom.family = a->family;
      atom.lo = a->value;
      atom.hi = b->value;
      atoms.push_back(atom);
    } else if (word == "wildcard-address") {
      auto children = value->ActiveChildren();
      auto atom = children.empty() ? std::nullopt : ParseWildcard(children[0]->word());
      if (!atom) {
        reporter_.Error(*value, "expected 'wildcard-address ADDRESS/MASK'");
        atoms.push_back(Unknown("bad wildcard-address"));
        continue;
      }
      value->Mark(Use::kUnderstood);
      atoms.push_back(*atom);
    } else if (word == "dns-name") {
      auto children = value->ActiveChildren();
      std::string host = children.empty() ? "" : children[0]->word();
      reporter_.Warn(*value, "address '" + entry.word() + "' is the DNS name '" + host +
                                 "', resolved by the device at run time (UNKNOWN)");
      atoms.push_back(Unknown("dns-name " + host));
    } else {
      reporter_.Warn(*value,
                     "unsupported address '" + entry.word() + "' value '" + word + "' (UNKNOWN)");
      atoms.push_back(Unknown("address " + entry.word()));
    }
  }
  return atoms;
}

std::vector<AddressAtom> AddressBooks::AddressSet(const Node& set,
                                                  const std::vector<const Node*>& books,
                                                  std::vector<std::string>& stack) {
  set.parent()->MarkSelf(Use::kUnderstood);
  set.MarkSelf(Use::kUnderstood);
  std::vector<AddressAtom> atoms;
  for (const Node* member : set.ActiveChildren()) {
    if (member->word() == "description") {
      member->Mark(Use::kUnderstood);
      continue;
    }
    if (member->word() != "address" && member->word() != "address-set") {
      reporter_.Warn(*member, "unsupported address-set member '" + member->word() + "' (UNKNOWN)");
      atoms.push_back(Unknown("address-set " + set.word()));
      continue;
    }
    member->MarkSelf(Use::kUnderstood);
    for (const Node* ref : member->ActiveChildren()) {
      std::vector<AddressAtom> more = ResolveName(*ref, books, stack);
      atoms.insert(atoms.end(), more.begin(), more.end());
      for (const Node* extra : ref->ActiveChildren()) extra->Mark(Use::kUnderstood);
    }
  }
  return atoms;
}

}  // namespace flowaudit::junos
