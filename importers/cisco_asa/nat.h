// ASA NAT (8.3 and later) for the path model. ACLs match real addresses, so a packet meets
// NAT in two places: un-NAT of the destination before the ACLs (a destination-NAT stage) and
// translation of the source after them (a source-NAT stage). Both stages hold the rules in
// ASA's order — twice NAT (section 1), object NAT (section 2: static before dynamic, fewer
// real addresses first, then lower address, then name), twice NAT `after-auto` (section 3) —
// so the first rule that matches decides, as on the device.
//
// Exact: static and dynamic NAT of hosts, ranges and subnets up to 256 addresses (mapped one
// to one, in order), identity NAT of any size, `interface` as the mapped address, object NAT
// `service` port forwards, twice NAT with `destination static`, `unidirectional`, `inactive`.
// Anything else (pat-pool, twice NAT `service`, mappings of unequal size) makes the packets
// that rule matches UNKNOWN, with a warning on its line.
#pragma once

#include <string>
#include <vector>

#include "importers/cisco_asa/asa_config.h"
#include "importers/cisco_asa/config_reader.h"
#include "models/filter.h"

namespace flowaudit::asa {

struct NatChains {
  Chain destination;  // the un-NAT stage, before the access-lists
  Chain source;       // the source translation stage, after them
  int rule_count = 0;
  int unknown_rule_count = 0;
};

NatChains BuildNat(const std::vector<NatLine>& lines, const Config& config, Resolver& resolver,
                   const SourceFilePtr& file, Diagnostics& diagnostics);

}  // namespace flowaudit::asa
