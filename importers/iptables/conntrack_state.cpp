#include "importers/iptables/conntrack_state.h"

#include <vector>

#include "importers/iptables/netfilter_names.h"

namespace flowaudit::iptables {
namespace {

std::vector<ValueRange> Types(std::initializer_list<uint8_t> types) {
  std::vector<ValueRange> ranges;
  for (uint8_t t : types) ranges.push_back({t, t});
  return ranges;
}

// ICMP types (of the family's ICMP) that open a connection, and for IPv6 those conntrack
// leaves untracked.
std::vector<ValueRange> NewTypes(Family family) {
  return family == Family::kIpv4 ? Types({8, 13, 15, 17}) : Types({128, 139});
}
std::vector<ValueRange> UntrackedTypes(Family family) {
  if (family == Family::kIpv4) return {};
  return {{130, 136}, {143, 143}};
}

uint8_t IcmpProtocol(Family family) {
  return family == Family::kIpv4 ? protocol::kIcmp : protocol::kIcmpv6;
}

template <typename... Terms>
std::vector<Term> Conjunction(Terms&&... terms) {
  std::vector<Term> conjunction;
  conjunction.reserve(sizeof...(Terms));
  (conjunction.push_back(std::forward<Terms>(terms)), ...);
  return conjunction;
}

// The conditions (a conjunction) on first packets of `family` in `state`. Built with moves:
// a state match is built for every rule that uses one, and initializer lists would copy.
std::vector<Term> StateConditions(Family family, FirstPacketState state) {
  const uint8_t icmp = IcmpProtocol(family);
  std::vector<Term> conditions;
  switch (state) {
    case FirstPacketState::kNew: {
      std::vector<Match> ways;
      ways.reserve(2);
      ways.emplace_back(Conjunction(Term::FieldIs(Field::kProtocol, icmp, /*negated=*/true)));
      ways.emplace_back(Conjunction(Term::FieldIs(Field::kProtocol, icmp),
                                    Term::FieldIn(Field::kIcmpType, NewTypes(family))));
      conditions.push_back(Term::AnyOf(std::move(ways)));
      break;
    }
    case FirstPacketState::kUntracked: {
      std::vector<ValueRange> untracked = UntrackedTypes(family);
      if (untracked.empty()) {
        conditions.push_back(Term::AnyOf({}));  // never
      } else {
        conditions = Conjunction(Term::FieldIs(Field::kProtocol, icmp),
                                 Term::FieldIn(Field::kIcmpType, std::move(untracked)));
      }
      break;
    }
    case FirstPacketState::kInvalid: {
      std::vector<ValueRange> other = NewTypes(family);
      for (const ValueRange& r : UntrackedTypes(family)) other.push_back(r);
      conditions = Conjunction(Term::FieldIs(Field::kProtocol, icmp),
                               Term::FieldIn(Field::kIcmpType, std::move(other), /*negated=*/true));
      break;
    }
  }
  return conditions;
}

}  // namespace

Match FirstPacketsInState(Family family, FirstPacketState state) {
  return Match(StateConditions(family, state));
}

Term StateTerm(uint8_t states, bool negated, const StateMatchContext& context) {
  // Whether the match holds for a packet that is tracked as usual: one of the listed
  // states is the packet's. Each alternative is a conjunction of terms.
  std::vector<std::vector<Term>> tracked;
  if (context.before_conntrack) {
    if (states & ct::kInvalid) tracked.emplace_back();  // every packet
  } else {
    if (states & ct::kNew)
      tracked.push_back(StateConditions(context.family, FirstPacketState::kNew));
    if (states & ct::kInvalid) {
      tracked.push_back(StateConditions(context.family, FirstPacketState::kInvalid));
    }
    if (states & ct::kUntracked) {
      tracked.push_back(StateConditions(context.family, FirstPacketState::kUntracked));
    }
    // A NEW connection carries the SNAT/DNAT bits when NAT rules rewrote it; which packets
    // that is depends on the nat table, so it stays unknown.
    if ((states & (ct::kSnat | ct::kDnat)) && !(states & ct::kNew)) {
      std::vector<Term> nat = StateConditions(context.family, FirstPacketState::kNew);
      nat.push_back(Term::Unknown("conntrack SNAT/DNAT state (depends on the NAT rules)"));
      tracked.push_back(std::move(nat));
    }
  }
  std::vector<Term> holds;
  if (tracked.size() == 1) {
    holds = std::move(tracked[0]);
  } else {
    std::vector<Match> ways;
    for (std::vector<Term>& way : tracked) ways.emplace_back(std::move(way));
    holds.push_back(Term::AnyOf(std::move(ways)));  // none: never
  }
  if (context.packets_may_be_untracked) {
    // The packet is either in its usual state or UNTRACKED: known only where both agree.
    Term maybe_untracked = Term::Unknown("the packet may be UNTRACKED (NOTRACK in this ruleset)");
    if (states & ct::kUntracked) {
      std::vector<Match> ways;
      ways.emplace_back(std::move(holds));
      ways.emplace_back(Conjunction(std::move(maybe_untracked)));
      holds = Conjunction(Term::AnyOf(std::move(ways)));
    } else {
      holds.push_back(std::move(maybe_untracked));
    }
  }
  if (holds.size() == 1) {
    // A one-term condition needs no wrapper; negating the match negates the term.
    Term term = std::move(holds[0]);
    term.negated = term.negated != negated;
    return term;
  }
  std::vector<Match> all;
  all.emplace_back(std::move(holds));
  return Term::AnyOf(std::move(all), negated);
}

}  // namespace flowaudit::iptables
