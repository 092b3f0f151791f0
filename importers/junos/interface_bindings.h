// Firewall filters bound to interface units: `interfaces IF unit U family inet|inet6 filter
// input|output NAME` (and `input-list`/`output-list`, which are not modelled). The unit is
// named "IF.U", as SRX zones and MatchContext name interfaces.
#pragma once

#include <string>
#include <vector>

#include "importers/junos/config_tree.h"
#include "models/ip_address.h"

namespace flowaudit::junos {

struct FilterBinding {
  std::string interface;  // "ge-0/0/0.0"
  Family family = Family::kIpv4;
  bool input = true;
  std::string filter;        // empty for a filter list
  const Node* at = nullptr;  // the filter name (or list) as written
};

std::vector<FilterBinding> ReadFilterBindings(const Node& root, Reporter& reporter);

}  // namespace flowaudit::junos
