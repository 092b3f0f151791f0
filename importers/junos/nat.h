// SRX NAT (`security nat`) as two pipeline stages around the security policies, which match
// the post-destination-NAT destination and the pre-source-NAT source:
//   destination  static NAT rule-sets first (they take precedence), then destination NAT;
//                within each, rule-sets `from interface` before `from zone`, rules in order,
//                the first match decides. `destination-nat pool P` rewrites the destination
//                to the pool's address (or range) and port; `destination-nat off` and
//                `static-nat` of a host to a host are exact. Anything else (static NAT of
//                prefixes, `from routing-instance`, unknown match conditions) makes the
//                packets its rule matches UNKNOWN, with a warning.
//   source       source NAT and the reverse direction of static NAT are not modelled yet: the
//                packets a rule matches are UNKNOWN (its warning says so), the rest pass.
#pragma once

#include <optional>

#include "importers/junos/config_tree.h"
#include "models/filter.h"

namespace flowaudit::junos {

struct NatChains {
  std::optional<Chain> destination;  // named "destination nat"
  std::optional<Chain> source;       // named "source nat"
};

NatChains ReadNat(const Node& root, Reporter& reporter);

}  // namespace flowaudit::junos
