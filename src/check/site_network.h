// The network graph of a site, plus the site-specific answers the path search needs: where a
// destination address lives, and which packets belong to a zone.
#pragma once

#include <string>

#include "models/network.h"
#include "src/site/site.h"

namespace flowaudit {

class SiteNetwork {
 public:
  explicit SiteNetwork(const Site& site);

  const Network& network() const { return network_; }
  const Site& site() const { return site_; }
  // A service VIP's device, else a device with a virtual server on it, else the zone holding
  // the address (most specific subnet), else -1.
  int OwnerOf(const IpAddress& address) const;
  int ZoneVertex(const std::string& zone) const { return network_.Find(zone); }
  // The zone's own addresses: its subnets without the more specific subnets of other zones
  // (the Internet's 0.0.0.0/0 does not include the internal networks).
  PacketSet ZoneAddresses(const Zone& zone, Field field) const;
  const SiteDevice* DeviceAt(int vertex) const;

 private:
  const Site& site_;
  Network network_;
};

}  // namespace flowaudit
