#include "src/app/check_kinds.h"

namespace flowaudit {

const std::vector<CheckKindInfo>& CheckKinds() {
  static const std::vector<CheckKindInfo> table = {
      {"flow", "packets from a selector reach (or never reach) another on a service, on every path",
       Maturity::kAlpha},
      {"listener", "a service's VIP listens on the given ports and forwards to every pool member",
       Maturity::kAlpha},
      {"redirect", "HTTP on a public listener is absent, redirects to HTTPS, or bridges to 8080",
       Maturity::kAlpha},
      {"hlb",
       "a load balancer's setting on a service's VIPs (persistence, idle timeout, monitor, …)",
       Maturity::kAlpha},
  };
  return table;
}

const CheckKindInfo* FindCheckKind(std::string_view id) {
  for (const CheckKindInfo& info : CheckKinds()) {
    if (id == info.id) return &info;
  }
  return nullptr;
}

}  // namespace flowaudit
