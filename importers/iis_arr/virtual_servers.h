// Turns iis::Config into virtual servers: one per listened address and port (the site
// bindings), whose answer is what the rules make of every request that listener accepts —
// forward to a web farm's servers or one address (ARR proxying from its own address),
// redirect, answer locally, reject, or UNKNOWN when the request's content decides and the
// possible answers differ. Also checks every Rewrite target names a web farm or an address.
#pragma once

#include <vector>

#include "importers/iis_arr/iis_config.h"
#include "models/device.h"
#include "models/diagnostics.h"

namespace flowaudit::iis {

std::vector<VirtualServer> BuildVirtualServers(const Config& config, Diagnostics& diagnostics);

}  // namespace flowaudit::iis
