// Helpers of the F5 importer tests (tmsh and AS3): what a virtual server answers and the
// settings it carries, each as one comparable line.
#pragma once

#include <doctest/doctest.h>

#include <string>

#include "tests/importers/importer_test_util.h"

namespace flowaudit::testing {

inline int Line(const SourceRange& at) { return at.IsValid() ? at.Start().line : 0; }

inline const VirtualServer& Vs(const Imported& imported, const char* vip, uint16_t port,
                               uint8_t protocol = 6) {
  const VirtualServer* vs = imported.device.FindVirtualServer(*ParseIpAddress(vip), protocol, port);
  REQUIRE_MESSAGE(vs != nullptr, vip, ":", port);
  return *vs;
}

// What `flowaudit query` answers for a packet to VIP:PORT: "forward fe01=10.1.0.11:443
// fe02=10.1.0.12:443(disabled) snat 10.1.0.5", "redirect 302 https://…", "reject",
// "respond 200", "unknown", "no-listener".
inline std::string Answer(const Imported& imported, const char* vip, uint16_t port,
                          uint8_t protocol = 6) {
  const VirtualServer* vs = imported.device.FindVirtualServer(*ParseIpAddress(vip), protocol, port);
  if (!vs) return "no-listener";
  switch (vs->mode) {
    case VirtualServer::Mode::kRedirect:
      return "redirect " + std::to_string(vs->redirect_status) + " " + vs->redirect_location;
    case VirtualServer::Mode::kReject:
      return "reject";
    case VirtualServer::Mode::kRespond:
      return "respond " + std::to_string(vs->redirect_status);
    case VirtualServer::Mode::kUnknown:
      return "unknown";
    case VirtualServer::Mode::kForward:
      break;
  }
  std::string out = "forward";
  for (const PoolMember& m : vs->members) {
    VirtualServer endpoint;
    endpoint.address = m.address;
    endpoint.port = m.port;
    out += " " + m.name + "=" + endpoint.Endpoint();
    if (!m.enabled) out += "(disabled)";
    if (m.backup) out += "(backup)";
  }
  if (vs->source_nat) out += " snat " + vs->source_nat->ToString();
  return out;
}

// "lync_fe_5061/tcp/5061 line 23, http/http/0 line 17"
inline std::string Monitors(const std::vector<HealthMonitor>& monitors) {
  std::string out;
  for (const HealthMonitor& m : monitors) {
    if (!out.empty()) out += ", ";
    out += m.name + "/" + m.type + "/" + std::to_string(m.port) + " line " +
           std::to_string(Line(m.location));
  }
  return out;
}

// "device 10.1.0.5", "snat-pool 10.1.0.50", "none"
inline std::string Snat(const Imported& imported, const char* vip, uint16_t port = 80) {
  const VirtualServer& vs = Vs(imported, vip, port);
  std::string out = SourceTranslationName(vs.source_translation);
  if (vs.source_nat) out += " " + vs.source_nat->ToString();
  return out;
}

// "persistence source-address NAME line 93; idle 1800 line 86; monitors …; snat device 10.1.0.5"
inline std::string Settings(const VirtualServer& vs) {
  const LbSettings& s = vs.settings;
  std::string out = std::string("persistence ") + PersistenceName(s.persistence);
  if (s.persistence != Persistence::kNone) {
    out += " " + s.persistence_name + " line " + std::to_string(Line(s.persistence_at));
  }
  out += "; idle " + (s.idle_timeout_s ? std::to_string(*s.idle_timeout_s) : "none");
  if (s.idle_timeout_at.IsValid()) out += " line " + std::to_string(Line(s.idle_timeout_at));
  out += "; monitors " + Monitors(s.monitors);
  out += std::string("; snat ") + SourceTranslationName(vs.source_translation);
  if (vs.source_nat) out += " " + vs.source_nat->ToString();
  if (s.tls_terminated) out += "; tls";
  return out;
}

}  // namespace flowaudit::testing
