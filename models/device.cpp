#include "models/device.h"

namespace flowaudit {

const char* DeviceKindName(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::kFirewall:
      return "firewall";
    case DeviceKind::kLoadBalancer:
      return "load-balancer";
    case DeviceKind::kReverseProxy:
      return "reverse-proxy";
    case DeviceKind::kRouter:
      return "router";
  }
  return "?";
}

std::string VirtualServer::Endpoint() const {
  std::string host = address.ToString();
  if (address.family == Family::kIpv6) host = "[" + host + "]";
  return host + ":" + std::to_string(port);
}

const VirtualServer* Device::FindVirtualServer(const IpAddress& address, uint8_t protocol,
                                               uint16_t port) const {
  for (const VirtualServer& vs : virtual_servers) {
    if (vs.address == address && vs.protocol == protocol && vs.port == port) return &vs;
  }
  return nullptr;
}

bool Device::OwnsAddress(const IpAddress& address) const {
  for (const VirtualServer& vs : virtual_servers) {
    if (vs.address == address) return true;
  }
  return false;
}

}  // namespace flowaudit
