// The Citrix NetScaler / ADC importer: reads an ns.conf (`show ns runningConfig` or the saved
// /nsconfig/ns.conf) into a models::Device holding one virtual server per addressable, enabled
// lb or cs vserver: members from services and service groups (disabled ones kept with
// enabled=false), persistence, client idle timeout, monitors, source NAT to the SNIP, and
// responder redirects — with the -redirectURL trap: that URL answers only while the vserver is
// DOWN. No filters: default_filter stays empty.
#pragma once

#include <memory>
#include <string_view>

#include "importers/importer.h"

namespace flowaudit {

class NetscalerImporter final : public Importer {
 private:
  Device DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) override;
};

std::unique_ptr<Importer> CreateNetscalerImporter();

// Whether the text looks like ns.conf: a `#NS13.1 Build …` header, or an `add lb vserver`,
// `add cs vserver`, `add serviceGroup`, `set ns config` or `enable ns feature` line.
bool SniffNetscaler(std::string_view text);

}  // namespace flowaudit
