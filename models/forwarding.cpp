#include "models/forwarding.h"

#include <algorithm>

namespace flowaudit {
namespace {

void AddField(std::vector<Field>& fields, Field f) {
  if (std::find(fields.begin(), fields.end(), f) == fields.end()) fields.push_back(f);
}

Fragment Uncertain(Fragment f) {
  f.certain = false;
  return f;
}

// The fragment as left undecided by `stage`'s filter, which hit the BDD node limit.
Fragment Undecided(Fragment f, const Stage& stage, const std::string& problem) {
  f.certain = false;
  if (f.problem.empty()) {
    f.problem = problem;
    f.problem_at = stage.filter.entry().location;
  }
  return f;
}

bool IsDrop(ActionKind kind) { return kind == ActionKind::kDrop || kind == ActionKind::kReject; }

// Applies one NAT stage's parts to a fragment.
void ApplyNat(const Stage& stage, const Fragment& f, const HopContext& hop, DeviceOutcome& out) {
  Analysis analysis = stage.filter.Analyze(f.current, hop.AsMatchContext());
  if (!analysis.problem.empty()) {
    out.passed.push_back(Undecided(f, stage, analysis.problem));
    return;
  }
  for (const Part& part : analysis.parts) {
    PacketSet packets = part.packets - analysis.uncertain;
    if (packets.IsEmpty()) continue;
    Fragment piece = f.Restrict(packets);
    const Action& action = part.action;
    const NatTranslation& nat = action.nat;
    switch (action.kind) {
      case ActionKind::kDnat:
      case ActionKind::kSnat: {
        bool destination = action.kind == ActionKind::kDnat;
        if (nat.addresses) {
          piece = piece.Rewrite(destination ? Field::kDstAddress : Field::kSrcAddress,
                                nat.addresses->lo, nat.addresses->hi);
        }
        if (nat.ports) {
          piece = piece.Rewrite(destination ? Field::kDstPort : Field::kSrcPort, nat.ports->lo,
                                nat.ports->hi);
        }
        out.passed.push_back(piece);
        break;
      }
      case ActionKind::kMasquerade:
        // The egress interface's address is not in the config: the source becomes unknown.
        out.passed.push_back(Uncertain(piece.Rewrite(Field::kSrcAddress, 0, ~uint128{0})));
        break;
      case ActionKind::kRedirect:  // delivered to the device itself, not forwarded
      case ActionKind::kDrop:
      case ActionKind::kReject:
        out.dropped.push_back(piece);
        break;
      case ActionKind::kUnknown:
        out.passed.push_back(Uncertain(piece));
        break;
      default:  // ACCEPT, RETURN, end of chain: no translation
        out.passed.push_back(piece);
    }
  }
  if (!analysis.uncertain.IsEmpty()) {
    Fragment piece = f.Restrict(analysis.uncertain);
    if (!piece.current.IsEmpty()) out.passed.push_back(Uncertain(piece));
  }
}

void ApplyFilter(const Stage& stage, const Fragment& f, const HopContext& hop, DeviceOutcome& out) {
  FilterVerdicts v = stage.filter.Verdicts(f.current, hop.AsMatchContext());
  if (!v.problem.empty()) {
    out.passed.push_back(Undecided(f, stage, v.problem));
    return;
  }
  if (!v.permit.IsEmpty()) out.passed.push_back(f.Restrict(v.permit));
  if (!v.unknown.IsEmpty()) out.passed.push_back(Uncertain(f.Restrict(v.unknown)));
  if (!v.deny.IsEmpty()) out.dropped.push_back(f.Restrict(v.deny));
}

}  // namespace

Fragment Fragment::Restrict(const PacketSet& subset) const {
  Fragment f = *this;
  f.current = current & subset;
  f.original = rewritten.empty() ? original & subset : original & f.current.Forget(rewritten);
  return f;
}

Fragment Fragment::Rewrite(Field field, uint128 lo, uint128 hi) const {
  Fragment f = *this;
  f.current = current.WithFieldRange(field, lo, hi);
  AddField(f.rewritten, field);
  return f;
}

DeviceOutcome ForwardThrough(const Device& device, const Fragment& in, const HopContext& hop) {
  DeviceOutcome out;
  std::vector<Fragment> live{in};
  for (const Stage& stage : device.forward) {
    DeviceOutcome step;
    for (const Fragment& whole : live) {
      if (whole.current.IsEmpty()) continue;
      Fragment f = whole;
      if (stage.family) {  // packets of the other family skip this stage
        PacketSet family = PacketSet::OfFamily(*stage.family);
        Fragment other = whole.Restrict(~family);
        if (!other.current.IsEmpty()) step.passed.push_back(other);
        f = whole.Restrict(family);
        if (f.current.IsEmpty()) continue;
      }
      if (stage.kind == StageKind::kFilter) {
        ApplyFilter(stage, f, hop, step);
      } else {
        ApplyNat(stage, f, hop, step);
      }
    }
    out.dropped.insert(out.dropped.end(), step.dropped.begin(), step.dropped.end());
    live = std::move(step.passed);
  }
  out.passed = std::move(live);
  return out;
}

namespace {

PacketSet EndpointOf(const VirtualServer& vs) {
  PacketSet e = PacketSet::OfFamily(vs.address.family) & PacketSet::Protocol(vs.protocol);
  if (!vs.any_address) e &= PacketSet::FieldEquals(Field::kDstAddress, vs.address.value);
  if (!vs.any_port) e &= PacketSet::FieldEquals(Field::kDstPort, vs.port);
  return e;
}

// Precedence as in FindVirtualServer: own address before every address, a port before any.
int Precedence(const VirtualServer& vs) { return (vs.any_address ? 2 : 0) + (vs.any_port ? 1 : 0); }

}  // namespace

VirtualServerOutcome ArriveAtVirtualServers(const Device& device, const Fragment& in) {
  VirtualServerOutcome out;
  PacketSet listened;
  for (int level = 0; level < 4; ++level) {
    for (const VirtualServer& vs : device.virtual_servers) {
      if (Precedence(vs) != level) continue;
      PacketSet endpoint = EndpointOf(vs) - listened;
      listened |= endpoint;
      Fragment arriving = in.Restrict(endpoint);
      if (arriving.current.IsEmpty()) continue;
      std::vector<const PoolMember*> members = vs.ActiveMembers();
      switch (vs.mode) {
        case VirtualServer::Mode::kUnknown:
          // What the virtual server does is not known: it may forward, so the path goes on,
          // uncertain.
          arriving.certain = false;
          [[fallthrough]];
        case VirtualServer::Mode::kForward:
          for (const PoolMember* member : members) {
            Fragment to =
                arriving.Rewrite(Field::kDstAddress, member->address.value, member->address.value)
                    .Rewrite(Field::kDstPort, member->port, member->port);
            if (vs.source_nat) {
              to = to.Rewrite(Field::kSrcAddress, vs.source_nat->value, vs.source_nat->value);
            }
            out.forwarded.push_back({&vs, member, to});
          }
          if (members.empty()) out.rejected.push_back({&vs, arriving});
          break;
        case VirtualServer::Mode::kRedirect:
          out.redirected.push_back({&vs, arriving});
          break;
        case VirtualServer::Mode::kRespond:
          out.responded.push_back({&vs, arriving});
          break;
        case VirtualServer::Mode::kReject:
          out.rejected.push_back({&vs, arriving});
          break;
      }
    }
  }
  Fragment rest = in.Restrict(~listened);
  if (!rest.current.IsEmpty()) out.no_listener = rest;
  return out;
}

namespace {

void Translate(Packet& p, const Action& action) {
  bool destination = action.kind == ActionKind::kDnat;
  if (action.nat.addresses) {
    p.Set(destination ? Field::kDstAddress : Field::kSrcAddress, action.nat.addresses->lo);
  }
  if (action.nat.ports) {
    p.Set(destination ? Field::kDstPort : Field::kSrcPort, action.nat.ports->lo);
  }
}

}  // namespace

ConcreteHop TraceForward(const Device& device, const Packet& packet, const HopContext& hop) {
  ConcreteHop result;
  Packet p = packet;
  for (const Stage& stage : device.forward) {
    if (stage.family && *stage.family != p.family) continue;
    ConcreteStep step;
    step.stage = stage.filter.name();
    step.decision = stage.filter.Evaluate(p, hop.AsMatchContext());
    const Action& action = step.decision.action;
    if (stage.kind == StageKind::kFilter) {
      step.outcome = VerdictName(step.decision.verdict);
    } else if (step.decision.verdict == Verdict::kUnknown) {
      step.outcome = "unknown";
    } else if (action.kind == ActionKind::kDnat || action.kind == ActionKind::kSnat) {
      Translate(p, action);
      step.outcome = std::string(action.kind == ActionKind::kDnat ? "dnat" : "snat") + " to " +
                     action.nat.ToString();
    } else if (action.kind == ActionKind::kMasquerade) {
      step.outcome = "masquerade";
    } else if (IsDrop(action.kind) || action.kind == ActionKind::kRedirect) {
      step.outcome =
          action.kind == ActionKind::kRedirect ? "redirect to the device itself" : "deny";
    } else {
      step.outcome = "no translation";
    }
    bool stopped = step.outcome == "deny" || step.outcome == "redirect to the device itself";
    if (step.decision.verdict == Verdict::kUnknown) result.verdict = Verdict::kUnknown;
    result.steps.push_back(std::move(step));
    if (stopped) {
      result.verdict = Verdict::kDeny;
      return result;
    }
  }
  result.out = p;
  return result;
}

ConcreteHop TraceVirtualServer(const Device& device, const Packet& packet, size_t member_index) {
  ConcreteHop result;
  ConcreteStep step;
  step.stage = "virtual server";
  const VirtualServer* vs =
      device.FindVirtualServer(packet.Destination(), packet.protocol, packet.dst_port);
  step.server = vs;
  if (!vs) {
    step.outcome = "no listener on " + EndpointText(packet.Destination(), packet.dst_port);
    result.verdict = Verdict::kDeny;
  } else if (vs->mode == VirtualServer::Mode::kRedirect) {
    step.outcome =
        "redirect " + std::to_string(vs->redirect_status) + " to " + vs->redirect_location;
    result.verdict = Verdict::kDeny;
  } else if (vs->mode == VirtualServer::Mode::kRespond) {
    step.outcome =
        "answered by " + vs->name + " itself (" + std::to_string(vs->redirect_status) + ")";
    result.verdict = Verdict::kDeny;
  } else if (vs->mode == VirtualServer::Mode::kReject || vs->ActiveMembers().empty()) {
    step.outcome = "rejected by " + vs->name;
    result.verdict = Verdict::kDeny;
  } else {
    const PoolMember& member = vs->members[std::min(member_index, vs->members.size() - 1)];
    Packet p = packet;
    p.dst = member.address.value;
    p.dst_port = member.port;
    if (vs->source_nat) p.src = vs->source_nat->value;
    step.outcome = "forward to " + EndpointText(member.address, member.port);
    if (vs->mode == VirtualServer::Mode::kUnknown) {
      step.outcome = "unknown (" + vs->unknown_reason + "); may " + step.outcome;
      result.verdict = Verdict::kUnknown;
    }
    result.out = p;
  }
  result.steps.push_back(std::move(step));
  return result;
}

}  // namespace flowaudit
