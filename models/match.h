// Match: the condition of a rule, as importers describe it. A conjunction of terms; a term
// tests one header field against value ranges or a value/mask, an interface or zone name, a
// disjunction of sub-matches, or is `unknown` (something the importer did not understand).
// The same description is evaluated two ways: concretely on one packet (the reference
// evaluator) and symbolically into PacketSets. Random differential tests keep them equal.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/packet.h"
#include "models/packet_set.h"

namespace flowaudit {

struct ValueRange {
  uint128 lo = 0;
  uint128 hi = 0;
};

// Where a packet is, as far as interface and zone conditions care. An empty name means the
// packet's interface or zone is not one any rule names, so a positive condition on it fails.
struct MatchContext {
  std::string in_interface;
  std::string out_interface;
  std::string from_zone;
  std::string to_zone;
};

enum class Tristate { kFalse, kTrue, kUnknown };

class Match;

struct Term {
  enum class Kind {
    kField,
    kMasked,
    kInInterface,
    kOutInterface,
    kFromZone,
    kToZone,
    kAnyOf,
    kUnknown
  };
  Kind kind = Kind::kField;
  bool negated = false;
  Field field = Field::kProtocol;   // kField, kMasked
  std::vector<ValueRange> ranges;   // kField: the value lies in one of these
  uint128 value = 0, mask = 0;      // kMasked
  std::string name;                 // interface/zone; a trailing '+' matches any suffix
  std::vector<Match> alternatives;  // kAnyOf: one of these matches
  std::string reason;               // kUnknown: what was not understood

  static Term FieldIn(Field f, std::vector<ValueRange> ranges, bool negated = false);
  static Term FieldIs(Field f, uint128 value, bool negated = false);
  static Term Masked(Field f, uint128 value, uint128 mask, bool negated = false);
  static Term Interface(Kind in_or_out, std::string name, bool negated = false);
  static Term Zone(Kind from_or_to, std::string name, bool negated = false);
  static Term AnyOf(std::vector<Match> alternatives, bool negated = false);
  static Term Unknown(std::string reason, bool negated = false);
};

// The packets a condition must match (exactly known) and may match (an over-approximation
// that treats unknown terms as possibly true). Equal when nothing is unknown. The sets are
// raw — not restricted to well-formed packets — so they stay small; intersect them with a
// proper PacketSet (all evaluators do) before using them on their own.
struct MatchSets {
  PacketSet must;
  PacketSet may;
};

class Match {
 public:
  Match() = default;  // matches every packet
  explicit Match(std::vector<Term> terms) : terms_(std::move(terms)) {}
  static Match Nothing();  // matches no packet

  Match& Add(Term term) {
    terms_.push_back(std::move(term));
    return *this;
  }
  // Moves `other`'s terms into this conjunction.
  Match& Append(Match&& other) {
    for (Term& t : other.terms_) terms_.push_back(std::move(t));
    return *this;
  }
  const std::vector<Term>& terms() const { return terms_; }
  bool HasUnknown() const;

  Tristate Evaluate(const Packet& packet, const MatchContext& context) const;
  // When Evaluate is unknown for this packet: the reason of the unknown term that makes it so.
  std::string UnknownReason(const Packet& packet, const MatchContext& context) const;
  // `family`, when given, promises that only packets of that family reach this match (the
  // importer diverts the others first): address conditions then leave out the other family,
  // which keeps them small. Sets for other-family packets are then meaningless.
  MatchSets ToSets(const MatchContext& context, std::optional<Family> family = std::nullopt) const;

 private:
  std::vector<Term> terms_;
};

// Interface/zone name matching with iptables-style '+' wildcard ("eth+" matches "eth0").
bool NameMatches(const std::string& pattern, const std::string& name);

}  // namespace flowaudit
