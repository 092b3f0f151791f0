#include "models/match.h"

namespace flowaudit {

Term Term::FieldIn(Field f, std::vector<ValueRange> ranges, bool negated) {
  Term t;
  t.kind = Kind::kField;
  t.field = f;
  t.ranges = std::move(ranges);
  t.negated = negated;
  return t;
}

Term Term::FieldIs(Field f, uint128 value, bool negated) {
  return FieldIn(f, {{value, value}}, negated);
}

Term Term::Masked(Field f, uint128 value, uint128 mask, bool negated) {
  Term t;
  t.kind = Kind::kMasked;
  t.field = f;
  t.value = value & mask;
  t.mask = mask;
  t.negated = negated;
  return t;
}

Term Term::Interface(Kind in_or_out, std::string name, bool negated) {
  Term t;
  t.kind = in_or_out;
  t.name = std::move(name);
  t.negated = negated;
  return t;
}

Term Term::Zone(Kind from_or_to, std::string name, bool negated) {
  return Interface(from_or_to, std::move(name), negated);
}

Term Term::AnyOf(std::vector<Match> alternatives, bool negated) {
  Term t;
  t.kind = Kind::kAnyOf;
  t.alternatives = std::move(alternatives);
  t.negated = negated;
  return t;
}

Term Term::Unknown(std::string reason, bool negated) {
  Term t;
  t.kind = Kind::kUnknown;
  t.reason = std::move(reason);
  t.negated = negated;
  return t;
}

Match Match::Nothing() { return Match({Term::AnyOf({})}); }

bool NameMatches(const std::string& pattern, const std::string& name) {
  if (name.empty()) return false;
  if (!pattern.empty() && pattern.back() == '+') {
    return name.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
  }
  return pattern == name;
}

namespace {

const std::string& ContextName(const Term& t, const MatchContext& c) {
  switch (t.kind) {
    case Term::Kind::kInInterface:
      return c.in_interface;
    case Term::Kind::kOutInterface:
      return c.out_interface;
    case Term::Kind::kFromZone:
      return c.from_zone;
    default:
      return c.to_zone;
  }
}

Tristate Not(Tristate v) {
  if (v == Tristate::kUnknown) return v;
  return v == Tristate::kTrue ? Tristate::kFalse : Tristate::kTrue;
}

Tristate EvaluateTerm(const Term& t, const Packet& p, const MatchContext& c) {
  switch (t.kind) {
    case Term::Kind::kField: {
      uint128 v = p.Get(t.field);
      for (const ValueRange& r : t.ranges) {
        if (v >= r.lo && v <= r.hi) return Tristate::kTrue;
      }
      return Tristate::kFalse;
    }
    case Term::Kind::kMasked:
      return (p.Get(t.field) & t.mask) == t.value ? Tristate::kTrue : Tristate::kFalse;
    case Term::Kind::kInInterface:
    case Term::Kind::kOutInterface:
    case Term::Kind::kFromZone:
    case Term::Kind::kToZone:
      return NameMatches(t.name, ContextName(t, c)) ? Tristate::kTrue : Tristate::kFalse;
    case Term::Kind::kAnyOf: {
      Tristate result = Tristate::kFalse;
      for (const Match& m : t.alternatives) {
        Tristate v = m.Evaluate(p, c);
        if (v == Tristate::kTrue) return v;
        if (v == Tristate::kUnknown) result = v;
      }
      return result;
    }
    case Term::Kind::kUnknown:
      return Tristate::kUnknown;
  }
  return Tristate::kUnknown;
}

// The family hint narrows address conditions only: it says which packets reach the rules, and
// the rules' other conditions (the family guard itself among them) must stay exact.
std::optional<Family> AddressOnly(Field f, std::optional<Family> family) {
  return f == Field::kSrcAddress || f == Field::kDstAddress ? family : std::nullopt;
}

MatchSets TermSets(const Term& t, const MatchContext& c, std::optional<Family> family) {
  PacketSet exact;
  switch (t.kind) {
    case Term::Kind::kField:
      for (const ValueRange& r : t.ranges)
        exact |= PacketSet::RawFieldRange(t.field, r.lo, r.hi, AddressOnly(t.field, family));
      break;
    case Term::Kind::kMasked:
      exact = PacketSet::RawFieldMasked(t.field, t.value, t.mask, AddressOnly(t.field, family));
      break;
    case Term::Kind::kInInterface:
    case Term::Kind::kOutInterface:
    case Term::Kind::kFromZone:
    case Term::Kind::kToZone:
      if (NameMatches(t.name, ContextName(t, c))) exact = PacketSet::RawAny();
      break;
    case Term::Kind::kAnyOf: {
      MatchSets sets{PacketSet(), PacketSet()};
      for (const Match& m : t.alternatives) {
        MatchSets sub = m.ToSets(c, family);
        sets.must |= sub.must;
        sets.may |= sub.may;
      }
      return sets;
    }
    case Term::Kind::kUnknown:
      return {PacketSet(), PacketSet::RawAny()};
  }
  return {exact, exact};
}

}  // namespace

bool Match::HasUnknown() const {
  for (const Term& t : terms_) {
    if (t.kind == Term::Kind::kUnknown) return true;
    for (const Match& m : t.alternatives) {
      if (m.HasUnknown()) return true;
    }
  }
  return false;
}

Tristate Match::Evaluate(const Packet& packet, const MatchContext& context) const {
  Tristate result = Tristate::kTrue;
  for (const Term& t : terms_) {
    Tristate v = EvaluateTerm(t, packet, context);
    if (t.negated) v = Not(v);
    if (v == Tristate::kFalse) return v;
    if (v == Tristate::kUnknown) result = v;
  }
  return result;
}

std::string Match::UnknownReason(const Packet& packet, const MatchContext& context) const {
  for (const Term& t : terms_) {
    if (EvaluateTerm(t, packet, context) != Tristate::kUnknown) continue;
    if (t.kind == Term::Kind::kUnknown) return t.reason;
    for (const Match& alternative : t.alternatives) {
      std::string reason = alternative.UnknownReason(packet, context);
      if (!reason.empty()) return reason;
    }
  }
  return "";
}

MatchSets Match::ToSets(const MatchContext& context, std::optional<Family> family) const {
  // Raw sets (see match.h): no universe constraints, so each rule's BDD holds only its own
  // conditions and stays small.
  MatchSets sets{PacketSet::RawAny(), PacketSet::RawAny()};
  for (const Term& t : terms_) {
    MatchSets term = TermSets(t, context, family);
    if (t.negated) term = MatchSets{term.may.RawComplement(), term.must.RawComplement()};
    sets.must &= term.must;
    sets.may &= term.may;
    if (sets.may.IsEmpty()) return {PacketSet(), PacketSet()};
  }
  return sets;
}

}  // namespace flowaudit
