#include "src/site/site.h"

namespace flowaudit {
namespace {

template <typename T>
const T* FindByName(const std::vector<T>& items, const std::string& name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

}  // namespace

const Zone* Site::FindZone(const std::string& name) const { return FindByName(zones, name); }
const Host* Site::FindHost(const std::string& name) const { return FindByName(hosts, name); }
const Service* Site::FindService(const std::string& name) const {
  return FindByName(services, name);
}

const SiteDevice* Site::FindDevice(const std::string& name) const {
  for (const SiteDevice& d : devices) {
    if (d.device.name == name) return &d;
  }
  return nullptr;
}

bool Site::Flag(const std::string& name, bool default_value) const {
  auto it = parameters.find(name);
  if (it == parameters.end()) return default_value;
  return it->second == "true";
}

const Zone* Site::ZoneOf(const IpAddress& address) const {
  const Zone* best = nullptr;
  int best_length = -1;
  for (const Zone& zone : zones) {
    for (const Prefix& p : zone.subnets) {
      if (p.Contains(address) && p.length > best_length) {
        best = &zone;
        best_length = p.length;
      }
    }
  }
  return best;
}

}  // namespace flowaudit
