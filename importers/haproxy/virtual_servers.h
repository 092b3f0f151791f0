// Turns the listeners of a haproxy::Config into models::VirtualServer values, one per
// address, protocol and port. What HAProxy decides from what a connection carries (HTTP
// path, Host header) cannot be decided for a packet: such a rule's backend is reported
// along with the others, and the redirect it guards is left out, each with a warning.
#pragma once

#include <vector>

#include "importers/haproxy/haproxy_config.h"
#include "models/device.h"
#include "models/diagnostics.h"

namespace flowaudit::haproxy {

std::vector<VirtualServer> BuildVirtualServers(const Config& config, Diagnostics& diagnostics);

}  // namespace flowaudit::haproxy
