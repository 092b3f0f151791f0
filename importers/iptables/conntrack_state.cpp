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

}  // namespace

Match FirstPacketsInState(Family family, FirstPacketState state) {
  const uint8_t icmp = IcmpProtocol(family);
  switch (state) {
    case FirstPacketState::kNew:
      return Match({Term::AnyOf({
          Match({Term::FieldIs(Field::kProtocol, icmp, /*negated=*/true)}),
          Match({Term::FieldIs(Field::kProtocol, icmp),
                 Term::FieldIn(Field::kIcmpType, NewTypes(family))}),
      })});
    case FirstPacketState::kUntracked: {
      std::vector<ValueRange> untracked = UntrackedTypes(family);
      if (untracked.empty()) return Match::Nothing();
      return Match({Term::FieldIs(Field::kProtocol, icmp),
                    Term::FieldIn(Field::kIcmpType, std::move(untracked))});
    }
    case FirstPacketState::kInvalid: {
      std::vector<ValueRange> other = NewTypes(family);
      for (const ValueRange& r : UntrackedTypes(family)) other.push_back(r);
      return Match({Term::FieldIs(Field::kProtocol, icmp),
                    Term::FieldIn(Field::kIcmpType, std::move(other), /*negated=*/true)});
    }
  }
  return Match::Nothing();
}

Term StateTerm(uint8_t states, bool negated, const StateMatchContext& context) {
  // Whether the match holds for a packet that is tracked as usual: one of the listed
  // states is the packet's.
  std::vector<Match> tracked;
  if (context.before_conntrack) {
    if (states & ct::kInvalid) tracked.push_back(Match());
  } else {
    if (states & ct::kNew)
      tracked.push_back(FirstPacketsInState(context.family, FirstPacketState::kNew));
    if (states & ct::kInvalid) {
      tracked.push_back(FirstPacketsInState(context.family, FirstPacketState::kInvalid));
    }
    if (states & ct::kUntracked) {
      tracked.push_back(FirstPacketsInState(context.family, FirstPacketState::kUntracked));
    }
    // A NEW connection carries the SNAT/DNAT bits when NAT rules rewrote it; which packets
    // that is depends on the nat table, so it stays unknown.
    if ((states & (ct::kSnat | ct::kDnat)) && !(states & ct::kNew)) {
      Match nat = FirstPacketsInState(context.family, FirstPacketState::kNew);
      nat.Add(Term::Unknown("conntrack SNAT/DNAT state (depends on the NAT rules)"));
      tracked.push_back(std::move(nat));
    }
  }
  Match holds({Term::AnyOf(std::move(tracked))});
  if (context.packets_may_be_untracked) {
    // The packet is either in its usual state or UNTRACKED: known only where both agree.
    Term maybe_untracked = Term::Unknown("the packet may be UNTRACKED (NOTRACK in this ruleset)");
    if (states & ct::kUntracked) {
      holds = Match({Term::AnyOf({std::move(holds), Match({std::move(maybe_untracked)})})});
    } else {
      holds.Add(std::move(maybe_untracked));
    }
  }
  return Term::AnyOf({std::move(holds)}, negated);
}

}  // namespace flowaudit::iptables
