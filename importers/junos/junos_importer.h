// The Juniper importer (`junos`): reads a JunOS configuration, curly-brace or `display set`
// lines (SRX and routers), into a models::Device.
//
// What the device holds:
//   filters   `security-policies` (the SRX policies, see security_policies.h; the default
//             filter when present); every firewall filter by its name (a name used in both
//             families becomes `inet/NAME` and `inet6/NAME`); and per bound interface unit
//             `IF.U:in` / `IF.U:out`, which run that unit's input/output filter of the
//             packet's family (a family without a filter passes);
//   forward   input filters (by the packet's ingress unit), destination and static NAT, the
//             security policies, source NAT (not modelled: the packets it translates are
//             UNKNOWN), output filters (by the egress unit); see nat.h;
//   interface_zones  each zone's interface units.
// Zones in MatchContext (from_zone / to_zone) are SRX zone names; interfaces are units
// ("ge-0/0/0.0"). Coverage counts leaf statements.
#pragma once

#include <memory>
#include <string_view>

#include "importers/importer.h"

namespace flowaudit {

class JunosImporter final : public Importer {
 private:
  Device DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) override;
};

// Factory and sniff for the importer table (`junos` row).
std::unique_ptr<Importer> CreateJunosImporter();
// Whether the text looks like a JunOS config: `set security|firewall|interfaces …` lines, or
// a `security {` / `firewall {` / `version …;` line at the left margin of a braced config.
bool SniffJunos(std::string_view text);

}  // namespace flowaudit
