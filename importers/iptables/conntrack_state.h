// Conntrack states for the first packet of a connection. flowaudit's verdicts are about the
// first packet (a TCP SYN, a UDP datagram, an ICMP message…), so `-m conntrack --ctstate`
// and `-m state --state` are resolved here, statically, into header conditions. This is
// the one place that encodes what the kernel does; the kernel oracle tests check it.
#pragma once

#include <cstdint>

#include "models/ip_address.h"
#include "models/match.h"

namespace flowaudit::iptables {

// The states a first packet can be in. ESTABLISHED and RELATED never apply to a first
// packet (RELATED needs an existing connection an ICMP error or an expectation refers to).
enum class FirstPacketState { kNew, kInvalid, kUntracked };

// The first packets of `family` that the kernel's conntrack puts in `state`:
//   NEW        TCP (a SYN), UDP and every protocol other than ICMP/ICMPv6; ICMPv4 types
//              that open a connection (8 echo-request, 13 timestamp, 15 info-request,
//              17 address-mask-request); ICMPv6 128 echo-request, 139 node-information
//              query (nf_conntrack_proto_icmp{,v6}.c valid_new[]).
//   UNTRACKED  ICMPv6 neighbour discovery and MLD: 130-136 and 143 (noct_valid_new[]).
//   INVALID    every other ICMPv4/ICMPv6 type: replies and errors with no connection.
Match FirstPacketsInState(Family family, FirstPacketState state);

// Where a state match is evaluated and what else the ruleset does, as far as states care.
struct StateMatchContext {
  Family family = Family::kIpv4;
  // The raw table runs before conntrack: a packet that arrives on an interface has no
  // conntrack entry yet, so the kernel reports it as INVALID there (unless a NOTRACK made it
  // UNTRACKED). (A locally sent packet looping back over lo still carries the entry it got
  // on its way out; flowaudit's first packets come from outside.)
  bool before_conntrack = false;
  // Some rule of the file untracks packets (NOTRACK, CT --notrack): any packet might be
  // UNTRACKED instead of its usual state.
  bool packets_may_be_untracked = false;
};

// The term for `[!] --ctstate/--state LIST` (a mask of ct:: bits from netfilter_names.h).
// SNAT/DNAT depend on the NAT rules the packet met and make the term partly unknown.
Term StateTerm(uint8_t states, bool negated, const StateMatchContext& context);

}  // namespace flowaudit::iptables
