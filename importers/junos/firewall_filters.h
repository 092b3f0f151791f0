// JunOS firewall filters (`firewall family inet|inet6 filter NAME`, and `firewall filter
// NAME`, which is family inet): terms in order, first match wins, and an implicit final
// discard. Within `from`, different conditions must all hold and the values of one condition
// are alternatives. Address lists use longest-match: a packet matches
// `source-address { 10.0.0.0/8; 10.1.0.0/16 except; }` when the most specific listed prefix
// containing its address is not an `except` one. A term whose `then` has no terminating
// action (only count, log, policer, …) accepts, as on the device.
// Each filter's chain tests the address family first, so a filter of one family never
// matches the other family's packets.
#pragma once

#include <string>
#include <vector>

#include "importers/junos/config_tree.h"
#include "models/filter.h"

namespace flowaudit::junos {

struct FirewallFilter {
  std::string family;  // "inet" or "inet6"
  std::string name;    // as written
  Chain chain;         // named "FAMILY/NAME"
};

std::vector<FirewallFilter> ReadFirewallFilters(const Node& root, Reporter& reporter);

}  // namespace flowaudit::junos
