#include "importers/iis_arr/answers.h"

#include <algorithm>

namespace flowaudit::iis {

namespace {

std::string Endpoint(const PoolMember& m) {
  VirtualServer e;
  e.address = m.address;
  e.port = m.port;
  return e.Endpoint();
}

}  // namespace

std::string Describe(const VirtualServer& vs) {
  switch (vs.mode) {
    case VirtualServer::Mode::kForward: {
      std::string out = "forward to";
      for (const PoolMember& m : vs.members) {
        out += " " + Endpoint(m);
      }
      return vs.members.empty() ? "forward to no server" : out;
    }
    case VirtualServer::Mode::kRedirect:
      return "redirect " + std::to_string(vs.redirect_status) + " to " + vs.redirect_location;
    case VirtualServer::Mode::kRespond:
      return "answer " + std::to_string(vs.redirect_status);
    case VirtualServer::Mode::kReject:
      return "abort";
    case VirtualServer::Mode::kUnknown:
      break;
  }
  return "unknown (" + vs.unknown_reason + ")";
}

bool SameAnswer(const VirtualServer& a, const VirtualServer& b) {
  if (a.mode != b.mode) return false;
  switch (a.mode) {
    case VirtualServer::Mode::kForward:
      return std::equal(a.members.begin(), a.members.end(), b.members.begin(), b.members.end(),
                        [](const PoolMember& x, const PoolMember& y) {
                          return x.address == y.address && x.port == y.port &&
                                 x.enabled == y.enabled;
                        }) &&
             a.settings.persistence == b.settings.persistence &&
             a.settings.persistence_name == b.settings.persistence_name &&
             a.settings.idle_timeout_s == b.settings.idle_timeout_s &&
             a.settings.monitors.size() == b.settings.monitors.size();
    case VirtualServer::Mode::kRedirect:
      return a.redirect_location == b.redirect_location && a.redirect_status == b.redirect_status;
    case VirtualServer::Mode::kRespond:
      return a.redirect_status == b.redirect_status;
    case VirtualServer::Mode::kReject:
      return true;
    case VirtualServer::Mode::kUnknown:
      return a.unknown_reason == b.unknown_reason;
  }
  return false;
}

}  // namespace flowaudit::iis
