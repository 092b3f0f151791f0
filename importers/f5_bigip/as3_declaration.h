// AS3 declarations (F5 Application Services 3 JSON): Tenant → Application → Service_HTTP,
// Service_HTTPS, Service_TCP, Service_UDP, Service_L4 with their pools, monitors, persistence,
// TCP profiles, SNAT pools and iRules, read into virtual servers. AS3 defaults apply where a
// property is absent (virtualPort 80/443, `redirect80` true on Service_HTTPS, `snat` "auto",
// persistence cookie on HTTP services and source address on the others, idle timeout 300 s).
#pragma once

#include <vector>

#include "models/device.h"
#include "models/diagnostics.h"

namespace flowaudit::f5 {

std::vector<VirtualServer> ImportAs3(const SourceFilePtr& file, Diagnostics& diagnostics);

}  // namespace flowaudit::f5
