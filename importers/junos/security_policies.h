// SRX security policies (`security policies`) as one first-match chain, the filter
// `security-policies`: every zone pair's policies in the order written (each rule also tests
// the packet's from-zone and to-zone), then the global policies (with their optional
// `from-zone`/`to-zone` match), then the default policy (deny-all unless `default-policy
// permit-all`). There is no implicit intra-zone permit on SRX: trust -> trust traffic needs
// a trust -> trust policy, else the default policy decides.
// Also reads the zones' interfaces (`security zones security-zone Z interfaces IF.U`).
#pragma once

#include <map>
#include <string>

#include "importers/junos/address_book.h"
#include "importers/junos/applications.h"
#include "importers/junos/config_tree.h"
#include "models/filter.h"

namespace flowaudit::junos {

struct SecurityPolicies {
  bool present = false;  // the config has security policies or zones (flow mode)
  Chain chain;
};

SecurityPolicies ReadSecurityPolicies(const Node& root, AddressBooks& books,
                                      Applications& applications, Reporter& reporter);

// The zone of each interface unit ("ge-0/0/0.0" -> "trust").
std::map<std::string, std::string> ReadZoneInterfaces(const Node& root, Reporter& reporter);

}  // namespace flowaudit::junos
