// Virtual-server checks: a service's VIP listens on given ports and forwards to every pool
// member (`listener`); a device's HTTP port either does not exist, redirects to HTTPS, or
// bridges to port 8080 (`redirect`).
#include <algorithm>
#include <set>

#include "src/check/checks.h"

namespace flowaudit {

bool SelectsService(const Check& check, const Service& service) {
  const auto& roles = check.services.service_roles;
  const auto& names = check.services.services;
  return std::find(roles.begin(), roles.end(), service.role) != roles.end() ||
         std::find(names.begin(), names.end(), service.name) != names.end();
}

void AddFinding(RequirementResult& out, const SourceRange& at, const std::string& message) {
  out.details.push_back(message);
  if (!at.IsValid()) return;
  LineColumn lc = at.Start();
  out.locations.push_back({at.file->name, lc.line, lc.column, message});
}

void CheckListener(const SiteNetwork& net, const Check& check, RequirementResult& out) {
  const Site& site = net.site();
  int services = 0;
  std::vector<std::string> unknown;  // listeners whose behaviour the model cannot decide
  for (const Service& s : site.services) {
    if (!SelectsService(check, s)) continue;
    ++services;
    const SiteDevice* device = s.device.empty() ? nullptr : site.FindDevice(s.device);
    if (!device) {
      AddFinding(out, s.location,
                 "service " + s.name + ": no load balancer owns VIP " + s.vip.ToString());
      continue;
    }
    for (const PortSpec& port : check.ports) {
      std::string where = EndpointText(s.vip, port.lo);
      const VirtualServer* vs = device->device.FindVirtualServer(s.vip, port.protocol, port.lo);
      if (!vs) {
        AddFinding(
            out, device->location,
            "service " + s.name + ": no listener on " + where + " (" + device->device.name + ")");
        continue;
      }
      if (vs->mode == VirtualServer::Mode::kUnknown) {
        unknown.push_back("service " + s.name + ": what " + where + " does is unknown (" +
                          vs->unknown_reason + ")");
        continue;
      }
      if (vs->mode != VirtualServer::Mode::kForward) {
        AddFinding(out, vs->location,
                   "service " + s.name + ": " + where + " does not forward to the pool (" +
                       (vs->mode == VirtualServer::Mode::kRedirect
                            ? "redirects to " + vs->redirect_location
                        : vs->mode == VirtualServer::Mode::kRespond ? std::string("answers itself")
                                                                    : std::string("rejects")) +
                       ")");
        continue;
      }
      std::set<IpAddress> pool;
      for (const PoolMember& m : vs->members) pool.insert(m.address);
      for (const std::string& member : s.members) {
        const Host* host = site.FindHost(member);
        bool found = false;
        for (const auto& [label, address] : host->addresses) found |= pool.count(address) > 0;
        if (!found) {
          AddFinding(out, vs->location,
                     "service " + s.name + ": " + where + " does not forward to member " + member +
                         " (" + host->addresses.begin()->second.ToString() + ")");
        }
      }
    }
  }
  if (services == 0) {
    out.status = Status::kNotApplicable;
    out.message = "the site has no service with these roles";
  } else if (out.details.empty() && !unknown.empty()) {
    out.status = Status::kUnknown;
    out.message = unknown.front();
    out.details = unknown;
  } else if (out.details.empty()) {
    out.status = Status::kPass;
    out.message = std::to_string(services) +
                  (services == 1 ? " service listens" : " services listen") +
                  " on every required port and forwards to every member";
  } else {
    out.status = Status::kFail;
    out.message = out.details.front();
  }
}

void CheckRedirect(const SiteNetwork& net, const Check& check, RequirementResult& out) {
  auto allowed = [&](const char* outcome) {
    return std::find(check.allow.begin(), check.allow.end(), outcome) != check.allow.end();
  };
  int devices = 0, absent = 0, fine = 0;
  std::vector<std::string> unknown;
  for (const SiteDevice& d : net.site().devices) {
    std::string kind = DeviceKindName(d.device.kind);
    if (std::find(check.on_device_kinds.begin(), check.on_device_kinds.end(), kind) ==
        check.on_device_kinds.end()) {
      continue;
    }
    ++devices;
    std::set<IpAddress> vips;
    for (const VirtualServer& vs : d.device.virtual_servers) vips.insert(vs.address);
    for (const IpAddress& vip : vips) {
      const VirtualServer* vs = d.device.FindVirtualServer(vip, check.port.protocol, check.port.lo);
      // A listener on every address is named as such ("*:80"), not as 0.0.0.0.
      std::string where =
          d.device.name + " " +
          (vip.value == 0 && vs && vs->any_address ? vs->Endpoint()
                                                   : EndpointText(vip, check.port.lo));
      if (!vs) {
        ++absent;
        if (!allowed("absent")) AddFinding(out, d.location, where + ": no listener");
        continue;
      }
      if (vs->mode == VirtualServer::Mode::kUnknown) {
        unknown.push_back(where + ": what it does is unknown (" + vs->unknown_reason + ")");
        continue;
      }
      bool https_redirect = vs->mode == VirtualServer::Mode::kRedirect &&
                            vs->redirect_location.rfind("https://", 0) == 0;
      bool bridge = vs->mode == VirtualServer::Mode::kForward && !vs->members.empty() &&
                    std::all_of(vs->members.begin(), vs->members.end(),
                                [](const PoolMember& m) { return m.port == 8080; });
      if ((https_redirect && allowed("redirect-https")) ||
          (bridge && allowed("forward-port-8080"))) {
        ++fine;
        continue;
      }
      std::string what;
      if (vs->mode == VirtualServer::Mode::kRedirect) {
        what = "redirects to " + vs->redirect_location + ", not to https://";
      } else if (vs->mode == VirtualServer::Mode::kReject) {
        what = "rejects instead of redirecting";
      } else if (vs->mode == VirtualServer::Mode::kRespond) {
        what = "answers itself instead of redirecting";
      } else {
        what = "forwards plain HTTP to";
        for (const PoolMember& m : vs->members) what += " " + EndpointText(m.address, m.port);
      }
      AddFinding(out, vs->location, where + " " + what);
    }
  }
  if (devices == 0) {
    out.status = Status::kNotApplicable;
    out.message = "the site has no device of these kinds";
  } else if (!out.details.empty()) {
    out.status = Status::kFail;
    out.message = out.details.front();
  } else if (!unknown.empty()) {
    out.status = Status::kUnknown;
    out.message = unknown.front();
    out.details = unknown;
  } else if (fine == 0 && absent > 0) {
    out.status = Status::kInfo;
    out.message = "port " + std::to_string(check.port.lo) + " is not published (optional)";
  } else {
    out.status = Status::kPass;
    out.message =
        "port " + std::to_string(check.port.lo) + " redirects to HTTPS or bridges to 8080";
  }
}

}  // namespace flowaudit
