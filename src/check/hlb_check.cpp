// `hlb` checks: one load-balancer setting of the virtual servers that publish a service on the
// given ports — persistence, idle timeout, health monitor, members enabled, member ports, source
// NAT (the Lync/SfB HLB requirements, reference §5.3 and §15.5). Each finding points at the line
// that sets the value, or at the virtual server when a vendor default applies.
#include <algorithm>
#include <set>

#include "src/check/checks.h"

namespace flowaudit {
namespace {

bool Allowed(const Check& check, const std::string& value) {
  return std::find(check.allow.begin(), check.allow.end(), value) != check.allow.end();
}

bool SameText(std::string a, std::string b) {
  auto lower = [](std::string& s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  lower(a), lower(b);
  return a == b;
}

std::string MemberText(const PoolMember& m) {
  std::string endpoint = EndpointText(m.address, m.port);
  return m.name.empty() || m.name == endpoint ? endpoint : m.name + " (" + endpoint + ")";
}

std::string AllowList(const Check& check) {
  std::string out;
  for (const std::string& a : check.allow) out += (out.empty() ? "" : " or ") + a;
  if (!check.cookie_name.empty()) out += " (cookie " + check.cookie_name + ", not httpOnly)";
  return out;
}

class HlbChecker {
 public:
  HlbChecker(const Check& check, RequirementResult& out) : check_(check), out_(out) {}

  // Findings for one virtual server; `where` names the service and endpoint.
  void Examine(const VirtualServer& vs, const std::string& where) {
    ++examined_;
    const LbSettings& s = vs.settings;
    const std::string& setting = check_.setting;
    bool described_setting =
        setting == "persistence" || setting == "idle-timeout" || setting == "monitor";
    if (described_setting && !s.described) {
      unknown_.push_back(where + ": the config does not describe " + setting);
      Finding(vs.location, unknown_.back(), /*counts=*/false);
      return;
    }
    if (setting == "persistence") {
      std::string value = PersistenceName(s.persistence);
      bool ok = Allowed(check_, value);
      if (ok && s.persistence == Persistence::kCookie && !check_.cookie_name.empty()) {
        ok = SameText(s.persistence_name, check_.cookie_name) && !s.persistence_cookie_http_only;
      }
      if (s.persistence == Persistence::kCookie) {
        value += " " + s.persistence_name + (s.persistence_cookie_http_only ? " (httpOnly)" : "");
      }
      seen_.insert(value);
      if (!ok)
        Finding(Or(s.persistence_at, vs),
                where + ": persistence " + value + ", required " + AllowList(check_));
    } else if (setting == "idle-timeout") {
      std::string value = s.idle_timeout_s ? std::to_string(*s.idle_timeout_s) + " s" : "none";
      seen_.insert(value);
      if (s.idle_timeout_s && *s.idle_timeout_s < *check_.minimum) {
        Finding(Or(s.idle_timeout_at, vs),
                where + ": TCP idle timeout " + value +
                    (s.idle_timeout_at.IsValid() ? "" : " (the vendor default)") + ", required ≥ " +
                    std::to_string(*check_.minimum) + " s");
      }
    } else if (setting == "monitor") {
      ExamineMonitors(vs, where);
    } else if (setting == "members-enabled") {
      for (const PoolMember& m : vs.members) {
        if (!m.enabled)
          Finding(m.location, where + ": member " + MemberText(m) + " is disabled");
        else if (m.backup) {
          Finding(m.location, where + ": member " + MemberText(m) +
                                  " is a backup: it receives users only when the others are down");
        }
      }
    } else if (setting == "member-ports") {
      auto it = check_.port_map.find(vs.port);
      if (it == check_.port_map.end()) return;
      for (const PoolMember& m : vs.members) {
        if (m.port == it->second) continue;
        Finding(m.location, where + " forwards to " + MemberText(m) + ", required member port " +
                                std::to_string(it->second));
      }
    } else if (setting == "source-nat") {
      std::string value = SourceTranslationName(vs.source_translation);
      seen_.insert(value);
      if (!Allowed(check_, value)) {
        Finding(vs.location, where + ": source NAT " + value +
                                 (vs.source_nat ? " to " + vs.source_nat->ToString() : "") +
                                 "; required " + AllowList(check_) +
                                 " (servers must see the client's address)");
      }
    }
  }

  void Finish(int services) {
    if (services == 0 || examined_ == 0) {
      out_.status = Status::kNotApplicable;
      out_.message = services == 0 ? "the site has no service with these roles"
                                   : "no virtual server forwards these services on these ports";
    } else if (failures_ > 0) {
      out_.status = Status::kFail;
      out_.message = first_failure_;
    } else if (!unknown_.empty()) {
      out_.status = Status::kUnknown;
      out_.message = unknown_.front();
    } else {
      out_.status = Status::kPass;
      std::string values;
      for (const std::string& v : seen_) values += (values.empty() ? "" : ", ") + v;
      out_.message = std::to_string(examined_) + " virtual server" + (examined_ == 1 ? "" : "s") +
                     " checked" + (values.empty() ? "" : ": " + check_.setting + " " + values);
    }
  }

 private:
  // Each active member must be probed on the monitor port, by its own monitors or the pool's.
  void ExamineMonitors(const VirtualServer& vs, const std::string& where) {
    uint16_t want = *check_.monitor_port;
    for (const PoolMember* m : vs.ActiveMembers()) {
      const std::vector<HealthMonitor>& monitors =
          m->monitors.empty() ? vs.settings.monitors : m->monitors;
      std::string probes;
      bool ok = false;
      for (const HealthMonitor& h : monitors) {
        uint16_t port = h.port ? h.port : m->port;
        ok |= port == want && h.type != "icmp";
        probes += (probes.empty() ? "" : ", ") + h.type + "/" + std::to_string(port);
      }
      seen_.insert(probes.empty() ? "none" : probes);
      if (ok) continue;
      const SourceRange& at = monitors.empty() ? m->location : monitors.front().location;
      Finding(
          at.IsValid() ? at : vs.location,
          where + ": member " + MemberText(*m) + " is " +
              (probes.empty() ? "not health-checked" : "health-checked on " + probes + " only") +
              ", required a probe of port " + std::to_string(want));
    }
  }

  static const SourceRange& Or(const SourceRange& at, const VirtualServer& vs) {
    return at.IsValid() ? at : vs.location;
  }

  void Finding(const SourceRange& at, const std::string& message, bool counts = true) {
    if (counts && failures_++ == 0) first_failure_ = message;
    AddFinding(out_, at, message);
  }

  const Check& check_;
  RequirementResult& out_;
  int examined_ = 0;
  int failures_ = 0;
  std::string first_failure_;
  std::vector<std::string> unknown_;  // virtual servers whose config is silent on the setting
  std::set<std::string> seen_;
};

}  // namespace

void CheckHlb(const SiteNetwork& net, const Check& check, RequirementResult& out) {
  const Site& site = net.site();
  HlbChecker checker(check, out);
  int services = 0;
  for (const Service& s : site.services) {
    const SiteDevice* device = s.device.empty() ? nullptr : site.FindDevice(s.device);
    if (!SelectsService(check, s) || !device) continue;
    ++services;
    std::set<const VirtualServer*> done;
    for (const PortSpec& port : check.ports) {
      const VirtualServer* vs = device->device.FindVirtualServer(s.vip, port.protocol, port.lo);
      // Missing listeners are the listener checks' finding; redirects have no pool settings.
      if (!vs || !done.insert(vs).second) continue;
      if (vs->mode != VirtualServer::Mode::kForward && vs->mode != VirtualServer::Mode::kUnknown) {
        continue;
      }
      std::string where = "service " + s.name + " " + EndpointText(s.vip, port.lo) + " (" +
                          device->device.name + ")";
      checker.Examine(*vs, where);
    }
  }
  checker.Finish(services);
}

}  // namespace flowaudit
