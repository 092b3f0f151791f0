// The F5 BIG-IP importer (`f5-bigip`): reads tmsh configuration text — bigip.conf, with or
// without bigip_base.conf content (self IPs, VLANs, route domains), or `tmsh list` output — and
// AS3 JSON declarations (sniffed by `"class": "AS3"` / `"ADC"`) into virtual servers: the
// VIP:port, the pool members with their enabled and backup state, iRule and AS3 redirects,
// SNAT, persistence, idle timeout, monitors and TLS termination. No filters.
#pragma once

#include <memory>
#include <string_view>

#include "importers/importer.h"

namespace flowaudit {

class F5BigipImporter final : public Importer {
 private:
  Device DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) override;
};

// Factory and sniff for the importer table (`f5-bigip` row).
std::unique_ptr<Importer> CreateF5BigipImporter();
// tmsh text (a line starting with `ltm `, `net self`, or the `#TMSH-VERSION:` header) or an AS3
// declaration (JSON whose first object has "class": "AS3" or "ADC").
bool SniffF5Bigip(std::string_view text);
// Whether the text is JSON (starts with `{` after blanks): AS3 rather than tmsh.
bool LooksLikeJson(std::string_view text);

}  // namespace flowaudit
