// Turns a read ns.conf into models::VirtualServer values: one per addressable, enabled lb or cs
// vserver (two for type ANY: TCP and UDP), plus the port-80 redirect listener that
// -redirectFromPort/-httpsRedirectUrl add. Non-addressable lb vservers (`0.0.0.0 0`) are not
// listeners; they serve as content-switching targets.
#pragma once

#include <vector>

#include "importers/netscaler/ns_config.h"
#include "models/device.h"
#include "models/diagnostics.h"

namespace flowaudit::netscaler {

std::vector<VirtualServer> BuildVirtualServers(const Config& config, Diagnostics& diagnostics);

}  // namespace flowaudit::netscaler
