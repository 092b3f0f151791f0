// Assembles the junos Device from what the readers found: one RuleSet holding the firewall
// filters, the per-interface filter chains, the pipeline stage chains, the security
// policies and the NAT chains; the filters `query` can name; the forward pipeline.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "importers/junos/firewall_filters.h"
#include "importers/junos/interface_bindings.h"
#include "importers/junos/nat.h"
#include "importers/junos/security_policies.h"
#include "models/device.h"

namespace flowaudit::junos {

struct DeviceParts {
  SecurityPolicies policies;
  std::vector<FirewallFilter> filters;
  std::vector<FilterBinding> bindings;
  std::map<std::string, std::string> interface_zones;
  NatChains nat;
};

Device BuildDevice(DeviceParts parts, const SourceFilePtr& file, Reporter& reporter);

}  // namespace flowaudit::junos
