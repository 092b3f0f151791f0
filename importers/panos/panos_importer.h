// The Palo Alto Networks PAN-OS importer: reads a firewall's XML running config (or a
// Panorama export, or either wrapped in an API <response>) into a models::Device.
//
// What the device holds:
//   filters          one per vsys (named like it: "vsys1") or, for Panorama, per device group:
//                    its security rules in PAN-OS evaluation order, then the default rules
//                    `intrazone-default` and `interzone-default` (panos_rules.h); with NAT
//                    rules also "NAME:nat-destination" and "NAME:nat-source";
//   default_filter   the first vsys or device group;
//   interface_zones  each interface of a zone (layer3, layer2, virtual-wire, tap members);
//   forward          the security stage (pre-NAT addresses, post-NAT zones), then the
//                    destination- and source-NAT stages. With several vsys the packet's
//                    from-zone picks the vsys; a Panorama export uses its first device group.
// Rules match zones (Term::Zone), so packets need from=/to= zones. Applications, users, URL
// categories, FQDNs, dynamic groups and regions are UNKNOWN conditions (panos_applications.h).
#pragma once

#include <memory>
#include <string_view>

#include "importers/importer.h"

namespace flowaudit {

class PanosImporter final : public Importer {
 private:
  Device DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) override;
};

// Factory and sniff for the importer table (`panos` row).
std::unique_ptr<Importer> CreatePanosImporter();
// Whether the text looks like a PAN-OS XML config: a <config …version=…> root with <devices>,
// <shared> or <vsys>, or an API <response status=…> around one.
bool SniffPanos(std::string_view text);

}  // namespace flowaudit
