#include "importers/iis_arr/iis_arr_importer.h"

#include "importers/common/coverage.h"
#include "importers/common/xml.h"
#include "importers/iis_arr/config_reader.h"
#include "importers/iis_arr/virtual_servers.h"

namespace flowaudit {

Device IisArrImporter::DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) {
  size_t first_diagnostic = diagnostics.All().size();
  Device device;
  device.vendor = "iis-arr";
  device.sources.push_back(file);
  std::optional<xml::Document> document = xml::Parse(file, diagnostics);
  if (!document) return device;
  iis::Config config = iis::ReadConfig(document->root, diagnostics);
  device.virtual_servers = iis::BuildVirtualServers(config, diagnostics);
  if (config.sites.empty() && !diagnostics.HasErrors()) {
    diagnostics.Warning(document->root.name_range,
                        "no <site> bindings in this file: nothing listens in the model");
  }
  device.coverage = CoverageOf("XML elements", config.elements, diagnostics, first_diagnostic);
  return device;
}

std::unique_ptr<Importer> CreateIisArrImporter() { return std::make_unique<IisArrImporter>(); }

bool SniffIisArr(std::string_view text) {
  std::string_view head = text.substr(0, 64 * 1024);
  auto has = [&](std::string_view s) { return head.find(s) != std::string_view::npos; };
  return has("<configuration") &&
         (has("<rewrite>") || has("<webFarms>") || has("<system.applicationHost>"));
}

}  // namespace flowaudit
