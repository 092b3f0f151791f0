// Turns a policy selector into concrete endpoints: zones, host addresses, service VIPs and
// prefixes, each with its packets and its vertex in the network graph.
#pragma once

#include <string>
#include <vector>

#include "src/check/site_network.h"
#include "src/policy/policy.h"

namespace flowaudit {

struct Endpoint {
  std::string label;    // "zone clients", "host fe01 (10.1.0.11)", "service web-int VIP 10.1.0.100"
  PacketSet addresses;  // in the src or dst field, as asked
  int vertex = -1;      // source: the zone; destination: the zone or the VIP's device
  std::string key;      // identity for de-duplication ("10.1.0.11", "zone:clients")
};

enum class EndpointRole { kSource, kDestination };

std::vector<Endpoint> ResolveSelector(const SiteNetwork& net, const Selector& selector,
                                      EndpointRole role);

// One name as `explain` accepts it: a zone, host, service or address/prefix.
std::optional<Endpoint> ResolveName(const SiteNetwork& net, const std::string& name,
                                    EndpointRole role, std::string* error);

}  // namespace flowaudit
