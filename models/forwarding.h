// Forwarding through one device: the packets that enter it from one zone and leave towards
// another, stage by stage (filters and NAT in the vendor's order), or that arrive at one of
// its virtual servers. Symbolic (Fragments) for the checker, concrete (one Packet) for the
// explanations that name the deciding rule at every step.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/device.h"
#include "models/packet_set.h"

namespace flowaudit {

// Packets as they are now (`current`) together with the packets that were sent (`original`).
// NAT rewrites fields of `current`; `rewritten` lists them so a subset of `current` can be
// mapped back to the originals it came from.
struct Fragment {
  PacketSet original;
  PacketSet current;
  std::vector<Field> rewritten;
  bool certain = true;  // false once an UNKNOWN verdict let these packets through
  // Why a filter could not decide these packets at all (the BDD node limit), and where.
  std::string problem;
  SourceRange problem_at;

  static Fragment Of(const PacketSet& packets) { return {packets, packets, {}, true, {}, {}}; }
  // The part of this fragment whose current packets lie in `subset`.
  Fragment Restrict(const PacketSet& subset) const;
  // This fragment with `field` of every current packet set to a value in [lo, hi].
  Fragment Rewrite(Field field, uint128 lo, uint128 hi) const;
};

struct HopContext {
  std::string in_interface;
  std::string out_interface;
  std::string from_zone;
  std::string to_zone;
  MatchContext AsMatchContext() const { return {in_interface, out_interface, from_zone, to_zone}; }
};

struct DeviceOutcome {
  std::vector<Fragment> passed;   // leave the device (possibly translated; some uncertain)
  std::vector<Fragment> dropped;  // certainly stopped here
};

// Transit through the device's forward pipeline.
DeviceOutcome ForwardThrough(const Device& device, const Fragment& in, const HopContext& hop);

// Packets addressed to the device's virtual servers: one outcome per virtual server that
// forwards (translated to each active member, in member order; uncertain when the virtual
// server's behaviour is unknown), the packets answered with a redirect or by the device itself,
// those rejected, and those that find no listener.
struct VirtualServerOutcome {
  struct ToMember {
    const VirtualServer* server;
    const PoolMember* member;
    Fragment fragment;
  };
  std::vector<ToMember> forwarded;
  std::vector<std::pair<const VirtualServer*, Fragment>> redirected;
  std::vector<std::pair<const VirtualServer*, Fragment>> responded;  // answered by the device
  std::vector<std::pair<const VirtualServer*, Fragment>> rejected;
  std::optional<Fragment> no_listener;
};
VirtualServerOutcome ArriveAtVirtualServers(const Device& device, const Fragment& in);

// One concrete step, for explanations.
struct ConcreteStep {
  std::string stage;  // filter name, "virtual server"
  Decision decision;  // the deciding rule (empty for virtual-server steps)
  std::string outcome;
  const VirtualServer* server = nullptr;
};

struct ConcreteHop {
  std::vector<ConcreteStep> steps;
  std::optional<Packet> out;  // the packet as it leaves, when it does
  Verdict verdict = Verdict::kPermit;
};

ConcreteHop TraceForward(const Device& device, const Packet& packet, const HopContext& hop);
// `member_index` picks which pool member the path continues to.
ConcreteHop TraceVirtualServer(const Device& device, const Packet& packet, size_t member_index);

}  // namespace flowaudit
