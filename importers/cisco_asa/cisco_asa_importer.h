// The Cisco ASA importer: reads `show running-config` text (ASA 8.3 and later) into a
// models::Device.
//
// What the device holds:
//   filters   every extended access-list by its name (one chain, ending in the policy
//             "implicit deny"), and each bound one also as "IFNAME:in" / "IFNAME:out" (for an
//             inbound ACL with a global ACL configured, "IFNAME:in" falls through to it);
//   forward   a destination-NAT stage (un-NAT: the ACLs see real addresses), an inbound stage
//             (the interface's inbound ACL; where no entry of it matches, the global ACL; with
//             neither, the security-level rule), an outbound stage (the egress interface's
//             outbound ACL) and a source-NAT stage — see nat.h. Pre-8.3 NAT lines add a stage
//             that makes every permitted packet UNKNOWN.
// Interfaces are named by nameif in MatchContext (in_interface / out_interface).
#pragma once

#include <memory>
#include <string_view>

#include "importers/importer.h"

namespace flowaudit {

class CiscoAsaImporter final : public Importer {
 private:
  Device DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) override;
};

// Factory and sniff for the importer table (`cisco-asa` row).
std::unique_ptr<Importer> CreateCiscoAsaImporter();
// Whether the text looks like an ASA running config ("ASA Version", or nameif and extended
// access-list lines near the top).
bool SniffCiscoAsa(std::string_view text);

}  // namespace flowaudit
