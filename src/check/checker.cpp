#include "src/check/checker.h"

#include <algorithm>

#include "src/check/checks.h"
#include "src/check/endpoints.h"
#include "src/check/tracer.h"

namespace flowaudit {
namespace {

bool AnyHostHas(const Site& site, const std::vector<std::string>& roles) {
  for (const Host& h : site.hosts) {
    for (const std::string& r : h.roles) {
      if (std::find(roles.begin(), roles.end(), r) != roles.end()) return true;
    }
  }
  return false;
}

// Why a condition does not hold, or empty when it does.
std::string Unmet(const Site& site, const Condition& c) {
  if (!c.roles.empty() && !AnyHostHas(site, c.roles)) return "no host has role " + c.roles.front();
  if (!c.service_roles.empty()) {
    bool found = std::any_of(site.services.begin(), site.services.end(), [&](const Service& s) {
      return std::find(c.service_roles.begin(), c.service_roles.end(), s.role) !=
             c.service_roles.end();
    });
    if (!found) return "no service has role " + c.service_roles.front();
  }
  if (!c.device_kinds.empty()) {
    bool found = std::any_of(site.devices.begin(), site.devices.end(), [&](const SiteDevice& d) {
      return std::find(c.device_kinds.begin(), c.device_kinds.end(),
                       DeviceKindName(d.device.kind)) != c.device_kinds.end();
    });
    if (!found) return "no device is a " + c.device_kinds.front();
  }
  if (c.parameter) {
    auto it = site.parameters.find(*c.parameter);
    std::string value = it == site.parameters.end() ? "" : it->second;
    if (value != c.equals)
      return "parameter " + *c.parameter + " is " + (value.empty() ? "unset" : value);
  }
  return "";
}

RequirementResult Evaluate(const SiteNetwork& net, const Requirement& req) {
  RequirementResult out;
  out.id = req.id;
  out.pack = req.pack;
  out.title = req.title;
  out.severity = req.severity;
  out.kind = req.check.kind;
  out.rationale = req.rationale;
  out.sources = req.sources;
  for (const SeverityOverride& o : req.severity_when) {
    if (Unmet(net.site(), o.when).empty()) {
      out.severity = o.severity;
      break;
    }
  }
  if (req.when) {
    std::string unmet = Unmet(net.site(), *req.when);
    if (!unmet.empty()) {
      out.status = Status::kNotApplicable;
      out.message = "not applicable: " + unmet;
      return out;
    }
  }
  if (req.check.kind == "flow") {
    CheckFlow(net, req.check, out);
  } else if (req.check.kind == "listener") {
    CheckListener(net, req.check, out);
  } else if (req.check.kind == "hlb") {
    CheckHlb(net, req.check, out);
  } else {
    CheckRedirect(net, req.check, out);
  }
  // An info-level requirement reports, it does not fail.
  if (out.severity == Level::kInfo && out.status != Status::kPass &&
      out.status != Status::kNotApplicable) {
    out.message = "(" + std::string(StatusName(out.status)) + ", reported as info) " + out.message;
    out.status = Status::kInfo;
  }
  return out;
}

}  // namespace

AuditResult RunAudit(const Site& site, const std::vector<Pack>& packs) {
  AuditResult result;
  result.site = site.name;
  result.site_file = site.file;
  SiteNetwork net(site);
  for (const Pack& pack : packs) {
    result.packs.push_back(pack.id);
    for (const Requirement& req : pack.requirements)
      result.requirements.push_back(Evaluate(net, req));
  }
  return result;
}

ExplainResult Explain(const Site& site, const ExplainRequest& request) {
  ExplainResult result;
  SiteNetwork net(site);
  auto from = ResolveName(net, request.from, EndpointRole::kSource, &result.error);
  if (!from) return result;
  auto to = ResolveName(net, request.to, EndpointRole::kDestination, &result.error);
  if (!to) return result;
  std::string error;
  auto spec = ParsePortSpec(request.service, &error);
  if (!spec) {
    result.error = error;
    return result;
  }
  PacketSet packets = from->addresses & to->addresses & ServicePackets(*spec, true);
  if (packets.IsEmpty()) {
    result.error =
        "no packet goes from " + from->label + " to " + to->label + " on " + request.service;
    return result;
  }
  auto owner = [&net](const IpAddress& a) { return net.OwnerOf(a); };
  PathSearchResult search =
      FindFlowPaths(net.network(), from->vertex, Fragment::Of(packets), to->vertex, owner);
  if (search.paths.empty()) result.error = "no path from " + from->label + " to " + to->label;
  auto witness = packets.Witness();
  for (const FlowPath& path : search.paths) {
    result.traces.push_back(TraceAlongPath(net, path, *witness).trace);
  }
  return result;
}

}  // namespace flowaudit
