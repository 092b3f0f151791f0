#include "src/check/site_network.h"

namespace flowaudit {

SiteNetwork::SiteNetwork(const Site& site) : site_(site) {
  for (const Zone& zone : site.zones) network_.AddZone(zone.name, zone.transit);
  for (const SiteDevice& d : site.devices) {
    int vertex = network_.AddDevice(&d.device);
    for (const auto& [interface, zone] : d.interfaces) {
      network_.Connect(vertex, network_.Find(zone), interface);
    }
  }
}

int SiteNetwork::OwnerOf(const IpAddress& address) const {
  for (const Service& s : site_.services) {
    if (s.vip == address && !s.device.empty()) return network_.Find(s.device);
  }
  for (const SiteDevice& d : site_.devices) {
    if (d.device.OwnsAddress(address)) return network_.Find(d.device.name);
  }
  const Zone* zone = site_.ZoneOf(address);
  return zone ? network_.Find(zone->name) : -1;
}

PacketSet SiteNetwork::ZoneAddresses(const Zone& zone, Field field) const {
  auto range = [field](const Prefix& p) {
    return PacketSet::OfFamily(p.address.family) &
           PacketSet::FieldRange(field, p.First(), p.Last());
  };
  PacketSet own;
  for (const Prefix& p : zone.subnets) own |= range(p);
  for (const Zone& other : site_.zones) {
    if (other.name == zone.name) continue;
    for (const Prefix& q : other.subnets) {
      for (const Prefix& p : zone.subnets) {
        if (q.length > p.length && p.Contains(q.address)) own -= range(q);
      }
    }
  }
  return own;
}

const SiteDevice* SiteNetwork::DeviceAt(int vertex) const {
  const Network::Vertex& v = network_.At(vertex);
  return v.kind == Network::Vertex::Kind::kDevice ? site_.FindDevice(v.name) : nullptr;
}

}  // namespace flowaudit
