// Turns the http and stream servers of a parsed config into the device's virtual servers: one
// per listening address:port and protocol. A listen on all addresses becomes a virtual server
// on the family's unspecified address (0.0.0.0 or ::), meaning "any address the device owns";
// `[::]:80 ipv6only=off` yields both. Several http servers on one address:port are chosen by
// the Host header: when they answer differently, the default server's answer is modelled, the
// virtual server's name says so and a warning names the others.
#pragma once

#include <vector>

#include "importers/nginx/config_tree.h"
#include "models/device.h"

namespace flowaudit::nginx {

std::vector<VirtualServer> BuildVirtualServers(const std::vector<Directive>& main,
                                               Diagnostics& diagnostics);

}  // namespace flowaudit::nginx
