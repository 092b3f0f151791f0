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

const char* PersistenceName(Persistence p) {
  switch (p) {
    case Persistence::kNone:
      return "none";
    case Persistence::kSourceAddress:
      return "source-address";
    case Persistence::kCookie:
      return "cookie";
    case Persistence::kOther:
      return "other";
  }
  return "?";
}

const char* SourceTranslationName(SourceTranslation t) {
  switch (t) {
    case SourceTranslation::kNone:
      return "none";
    case SourceTranslation::kGiven:
      return "snat-pool";
    case SourceTranslation::kDeviceOwn:
      return "device";
  }
  return "?";
}

std::string EndpointText(const IpAddress& address, uint16_t port) {
  std::string host = address.ToString();
  if (address.family == Family::kIpv6) host = "[" + host + "]";
  return host + ":" + std::to_string(port);
}

std::string VirtualServer::Endpoint() const {
  if (!any_address && !any_port) return EndpointText(address, port);
  std::string host = address.ToString();
  if (any_address) {
    host = address.family == Family::kIpv6 ? "[::]" : "*";
  } else if (address.family == Family::kIpv6) {
    host = "[" + host + "]";
  }
  return host + ":" + (any_port ? std::string("any") : std::to_string(port));
}

std::vector<const PoolMember*> VirtualServer::ActiveMembers() const {
  std::vector<const PoolMember*> active, backups;
  for (const PoolMember& m : members) {
    if (!m.enabled) continue;
    (m.backup ? backups : active).push_back(&m);
  }
  return active.empty() ? backups : active;
}

const VirtualServer* Device::FindVirtualServer(const IpAddress& address, uint8_t protocol,
                                               uint16_t port) const {
  auto listens = [&](const VirtualServer& vs) {
    return vs.protocol == protocol && (vs.any_port || vs.port == port);
  };
  // An exact port beats `any` on the same address, as on F5 and in socket lookup.
  const VirtualServer* best = nullptr;
  for (const VirtualServer& vs : virtual_servers) {
    if (vs.any_address || vs.address != address || !listens(vs)) continue;
    if (!vs.any_port) return &vs;
    if (!best) best = &vs;
  }
  if (best) return best;
  for (const VirtualServer& vs : virtual_servers) {
    if (!vs.any_address || vs.address.family != address.family || !listens(vs)) continue;
    if (!vs.any_port) return &vs;
    if (!best) best = &vs;
  }
  return best;
}

bool Device::OwnsAddress(const IpAddress& address) const {
  for (const VirtualServer& vs : virtual_servers) {
    if (!vs.any_address && vs.address == address) return true;
  }
  return false;
}

}  // namespace flowaudit
