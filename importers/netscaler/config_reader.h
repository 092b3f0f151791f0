// Reads ns.conf into a netscaler::Config: every command is either kept (the entities, binds and
// global settings the vservers depend on), known not to change what a vserver does (system,
// SNMP, SSL certificates, VLANs…: understood, no diagnostic), or warned about at its line.
#pragma once

#include <string_view>

#include "importers/netscaler/ns_config.h"
#include "models/diagnostics.h"
#include "models/source.h"

namespace flowaudit::netscaler {

Config ReadConfig(const SourceFilePtr& file, Diagnostics& diagnostics);

// Whether policies of `module` ("rewrite", "cmp", …), bound to a vserver, can neither answer,
// drop nor reroute a request.
bool IsHarmlessPolicyModule(std::string_view module);

}  // namespace flowaudit::netscaler
