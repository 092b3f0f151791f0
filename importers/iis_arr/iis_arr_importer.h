// The IIS Application Request Routing / URL Rewrite importer: reads an applicationHost.config
// (or a web.config, or a file holding the relevant sections) into a models::Device holding
// one virtual server per site binding. A binding forwards to a web farm's servers (ARR
// proxying from its own address), redirects, answers locally, aborts, or is UNKNOWN when the
// request's content decides between different answers. No filters: default_filter stays
// empty. docs/importers.md (iis-arr) lists what is modelled and the vendor defaults used.
#pragma once

#include <memory>
#include <string_view>

#include "importers/importer.h"

namespace flowaudit {

class IisArrImporter final : public Importer {
 private:
  Device DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) override;
};

// Factory and sniff for the importer table (`iis-arr` row).
std::unique_ptr<Importer> CreateIisArrImporter();
// Whether the text looks like an IIS configuration: a `<configuration>` element holding
// `<rewrite>`, `<webFarms>` or `<system.applicationHost>`.
bool SniffIisArr(std::string_view text);

}  // namespace flowaudit
