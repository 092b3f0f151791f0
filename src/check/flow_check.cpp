#include <algorithm>

#include "src/check/checks.h"
#include "src/check/endpoints.h"
#include "src/check/tracer.h"

namespace flowaudit {
namespace {

// Worse first: the order in which per-path and per-flow results combine.
int Rank(Status s) {
  switch (s) {
    case Status::kFail:
      return 0;
    case Status::kPartial:
      return 1;
    case Status::kUnknown:
      return 2;
    case Status::kInfo:
      return 3;
    case Status::kPass:
      return 4;
    case Status::kNotApplicable:
      return 5;
  }
  return 5;
}

Status Worse(Status a, Status b) { return Rank(a) <= Rank(b) ? a : b; }

struct PathSets {
  PacketSet delivered, unknown, dropped;
};

PathSets Collect(const FlowPath& path) {
  PathSets sets;
  for (const Fragment& f : path.delivered)
    (f.certain ? sets.delivered : sets.unknown) |= f.original;
  for (const PathDrop& d : path.dropped) sets.dropped |= d.fragment.original;
  sets.unknown -= sets.delivered;
  sets.dropped -= sets.delivered | sets.unknown;
  return sets;
}

bool PassesKinds(const SiteNetwork& net, const FlowPath& path,
                 const std::vector<std::string>& kinds) {
  for (int v : path.vertices) {
    const Network::Vertex& vertex = net.network().At(v);
    if (vertex.device &&
        std::find(kinds.begin(), kinds.end(), DeviceKindName(vertex.device->kind)) != kinds.end()) {
      return true;
    }
  }
  return false;
}

// The first filter on `path` that could not decide its packets (BDD node limit): its reason,
// with the filter's location added to `locations`; empty when there is none.
std::string TooComplexReason(const FlowPath& path, std::vector<Location>& locations) {
  for (const Fragment& f : path.delivered) {
    if (f.problem.empty()) continue;
    std::string reason = "UNKNOWN: " + f.problem;
    if (f.problem_at.IsValid()) {
      LineColumn at = f.problem_at.Start();
      locations.push_back({f.problem_at.file->name, at.line, at.column, reason});
    }
    return reason;
  }
  return "";
}

std::vector<std::string> Summary(const PacketSet& set) {
  return set.IsEmpty() ? std::vector<std::string>{} : set.Summary(4);
}

PathResult EvaluatePath(const SiteNetwork& net, const FlowPath& path, const std::string& expect,
                        std::vector<Location>& locations) {
  PathResult result;
  for (int v : path.vertices) result.vertices.push_back(net.network().At(v).name);
  PathSets sets = Collect(path);
  result.delivered = Summary(sets.delivered);
  result.dropped = Summary(sets.dropped);
  result.unknown = Summary(sets.unknown);
  auto trace = [&](const PacketSet& set, std::optional<Trace>& slot) -> std::string {
    auto witness = set.Witness();
    if (!witness) return "";
    TraceSummary t = TraceAlongPath(net, path, *witness);
    slot = t.trace;
    locations.insert(locations.end(), t.locations.begin(), t.locations.end());
    return t.reason;
  };
  std::string delivered_reason = trace(sets.delivered, result.delivered_witness);
  std::string dropped_reason = trace(sets.dropped, result.dropped_witness);
  std::string unknown_reason = trace(sets.unknown, result.unknown_witness);
  bool any_delivered = !sets.delivered.IsEmpty(), any_dropped = !sets.dropped.IsEmpty(),
       any_unknown = !sets.unknown.IsEmpty();
  // Must-allow and optional flows only: must-deny is judged where packets arrive
  // (EvaluateDenyFlow).
  if (expect == "optional") {
    result.status = Status::kInfo;
    result.reason = any_delivered ? delivered_reason : dropped_reason;
  } else {
    if (!any_dropped && !any_unknown) {
      result.status = any_delivered ? Status::kPass : Status::kFail;
    } else if (any_dropped) {
      result.status = any_delivered || any_unknown ? Status::kPartial : Status::kFail;
    } else {
      result.status = Status::kUnknown;
    }
    result.reason = any_dropped ? dropped_reason : any_unknown ? unknown_reason : delivered_reason;
  }
  if (any_unknown) {
    std::string too_complex = TooComplexReason(path, locations);
    if (!too_complex.empty() && result.status == Status::kUnknown) result.reason = too_complex;
  }
  return result;
}

FlowResult EvaluateFlow(const SiteNetwork& net, const Check& check, const Endpoint& from,
                        const Endpoint& to, const PortSpec& spec, const PacketSet& packets,
                        std::vector<Location>& locations) {
  FlowResult flow;
  flow.from = from.label;
  flow.to = to.label;
  flow.service = spec.text;
  auto owner = [&net](const IpAddress& a) { return net.OwnerOf(a); };
  PathSearchResult search =
      FindFlowPaths(net.network(), from.vertex, Fragment::Of(packets), to.vertex, owner);
  Status status = Status::kPass;
  for (const FlowPath& path : search.paths) {
    PathResult result = EvaluatePath(net, path, check.expect, locations);
    status = Worse(status, result.status);
    flow.paths.push_back(std::move(result));
  }
  if (check.expect == "allow") {
    if (search.paths.empty()) {
      status = Status::kFail;
      flow.message = "no path from " + from.label + " to " + to.label;
    }
  } else if (check.expect == "optional") {
    status = Status::kInfo;
  }
  if (search.truncated) {
    status = Worse(status, Status::kUnknown);
    flow.message = "too many paths: the search stopped early, the answer is incomplete";
  }
  flow.status = status;
  if (flow.message.empty()) {
    for (const PathResult& p : flow.paths) {
      if (p.status == status) {
        flow.message = p.reason;
        break;
      }
    }
  }
  return flow;
}

// Every address the site routes to somewhere, split by the vertex that receives it.
std::vector<std::pair<int, PacketSet>> DestinationsByOwner(const SiteNetwork& net) {
  std::vector<std::pair<int, PacketSet>> owners;
  PacketSet vips;
  for (const SiteDevice& d : net.site().devices) {
    PacketSet owned;
    for (const VirtualServer& vs : d.device.virtual_servers) {
      owned |= PacketSet::OfFamily(vs.address.family) &
               PacketSet::FieldEquals(Field::kDstAddress, vs.address.value);
    }
    for (const Service& s : net.site().services) {
      if (s.device == d.device.name) {
        owned |= PacketSet::OfFamily(s.vip.family) &
                 PacketSet::FieldEquals(Field::kDstAddress, s.vip.value);
      }
    }
    if (!owned.IsEmpty()) owners.push_back({net.network().Find(d.device.name), owned});
    vips |= owned;
  }
  for (const Zone& z : net.site().zones) {
    PacketSet own = net.ZoneAddresses(z, Field::kDstAddress) - vips;
    if (!own.IsEmpty()) owners.push_back({net.ZoneVertex(z.name), own});
  }
  return owners;
}

// Must-deny: judged where packets arrive, after every NAT and virtual server, so whatever
// the source sends to any address of the site is followed, and a flow fails if any of it
// arrives at the destination on the service (port forwards and reverse-proxy rules included).
FlowResult EvaluateDenyFlow(const SiteNetwork& net, const Check& check, const Endpoint& from,
                            const Endpoint& to, const PortSpec& spec,
                            std::vector<Location>& locations) {
  FlowResult flow;
  flow.from = from.label;
  flow.to = to.label;
  flow.service = spec.text;
  PacketSet arriving = to.addresses & ServicePackets(spec, false);
  auto owner = [&net](const IpAddress& a) { return net.OwnerOf(a); };
  Status status = Status::kPass;
  bool truncated = false;
  for (const auto& [vertex, destinations] : DestinationsByOwner(net)) {
    PacketSet sent = from.addresses & destinations;
    if (sent.IsEmpty()) continue;
    PathSearchResult search =
        FindFlowPaths(net.network(), from.vertex, Fragment::Of(sent), vertex, owner);
    truncated |= search.truncated;
    for (const FlowPath& path : search.paths) {
      PacketSet hits, maybe;
      for (const Fragment& f : path.delivered) {
        Fragment hit = f.Restrict(arriving);
        if (hit.current.IsEmpty()) continue;
        (f.certain ? hits : maybe) |= hit.original;
      }
      if (hits.IsEmpty() && maybe.IsEmpty()) continue;
      PathResult result;
      for (int v : path.vertices) result.vertices.push_back(net.network().At(v).name);
      result.delivered = hits.IsEmpty() ? std::vector<std::string>{} : hits.Summary(4);
      result.unknown = maybe.IsEmpty() ? std::vector<std::string>{} : maybe.Summary(4);
      PacketSet shown = hits.IsEmpty() ? maybe : hits;
      TraceSummary t = TraceAlongPath(net, path, *shown.Witness());
      (hits.IsEmpty() ? result.unknown_witness : result.delivered_witness) = t.trace;
      result.reason = t.reason;
      result.status = hits.IsEmpty() ? Status::kUnknown : Status::kFail;
      if (hits.IsEmpty()) {
        std::string too_complex = TooComplexReason(path, t.locations);
        if (!too_complex.empty()) result.reason = too_complex;
      }
      if (!check.except_via_kinds.empty() && PassesKinds(net, path, check.except_via_kinds)) {
        result.reason = "exempt: passes a " + check.except_via_kinds.front() + "; " + result.reason;
        result.status = Status::kPass;
      } else {
        locations.insert(locations.end(), t.locations.begin(), t.locations.end());
      }
      status = Worse(status, result.status);
      flow.paths.push_back(std::move(result));
    }
  }
  if (truncated) status = Worse(status, Status::kUnknown);
  flow.status = status;
  for (const PathResult& p : flow.paths) {
    if (p.status == status && status != Status::kPass) {
      flow.message = p.reason + " via " + [&] {
        std::string joined;
        for (const std::string& v : p.vertices) joined += (joined.empty() ? "" : " > ") + v;
        return joined;
      }();
      break;
    }
  }
  if (flow.message.empty())
    flow.message =
        truncated ? "too many paths: the search stopped early" : "no path delivers any packet";
  return flow;
}

std::string Verb(const std::string& expect, Status status) {
  if (status == Status::kUnknown) return expect == "deny" ? "may reach" : "may not reach";
  if (expect == "deny") return status == Status::kPass ? "cannot reach" : "can reach";
  return status == Status::kPass   ? "reaches"
         : status == Status::kInfo ? "optional:"
                                   : "cannot fully reach";
}

}  // namespace

PacketSet ServicePackets(const PortSpec& spec, bool ephemeral_source) {
  if (spec.any_protocol) return PacketSet::All();
  PacketSet set = PacketSet::Protocol(spec.protocol);
  if (HasPorts(spec.protocol)) {
    set &= PacketSet::FieldRange(Field::kDstPort, spec.lo, spec.hi);
    if (ephemeral_source) set &= PacketSet::FieldRange(Field::kSrcPort, 1024, 65535);
  }
  if (spec.icmp_type) set &= PacketSet::FieldEquals(Field::kIcmpType, *spec.icmp_type);
  return set;
}

void CheckFlow(const SiteNetwork& net, const Check& check, RequirementResult& out) {
  std::vector<Endpoint> sources = ResolveSelector(net, check.from, EndpointRole::kSource);
  std::vector<Endpoint> targets = ResolveSelector(net, check.to, EndpointRole::kDestination);
  if (sources.empty() || targets.empty()) {
    out.status = Status::kNotApplicable;
    out.message = std::string("the site has nothing that matches the '") +
                  (sources.empty() ? "from" : "to") + "' selector";
    return;
  }
  Status status = check.expect == "optional" ? Status::kInfo : Status::kPass;
  bool any = false;
  for (const Endpoint& from : sources) {
    for (const Endpoint& to : targets) {
      if (from.key == to.key) continue;
      for (const PortSpec& spec : check.service) {
        PacketSet packets =
            from.addresses & to.addresses & ServicePackets(spec, check.expect == "allow");
        if (packets.IsEmpty()) continue;  // e.g. an IPv4 source and an IPv6 destination
        if (from.vertex < 0 || to.vertex < 0) {
          FlowResult flow{from.label,
                          to.label,
                          spec.text,
                          Status::kFail,
                          (from.vertex < 0 ? from.label : to.label) + " is in no zone of the site",
                          {}};
          status = Worse(status, check.expect == "deny" ? Status::kPass : Status::kFail);
          out.flows.push_back(std::move(flow));
          continue;
        }
        any = true;
        FlowResult flow = check.expect == "deny"
                              ? EvaluateDenyFlow(net, check, from, to, spec, out.locations)
                              : EvaluateFlow(net, check, from, to, spec, packets, out.locations);
        status = Worse(status, flow.status);
        out.flows.push_back(std::move(flow));
      }
    }
  }
  if (!any && out.flows.empty()) {
    out.status = Status::kNotApplicable;
    out.message = "no source and destination of the same address family";
    return;
  }
  out.status = status;
  for (const FlowResult& f : out.flows) {
    if (f.status == status) {
      out.message = f.from + " " + Verb(check.expect, status) + " " + f.to + " on " + f.service;
      if (!f.message.empty() && status != Status::kPass) out.message += ": " + f.message;
      break;
    }
  }
  if (status == Status::kPass) {
    out.message = std::to_string(out.flows.size()) + " flow" + (out.flows.size() == 1 ? "" : "s") +
                  (check.expect == "deny" ? " blocked on every path" : " delivered on every path");
  }
}

}  // namespace flowaudit
