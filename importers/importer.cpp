#include "importers/importer.h"

#include <string>

namespace flowaudit {

Device Importer::Import(const SourceFilePtr& file, Diagnostics& diagnostics) {
  Device device = DoImport(file, diagnostics);
  const ImportCoverage& coverage = device.coverage;
  if (coverage.Counted()) {
    int percent = static_cast<int>(100.0 * coverage.understood / coverage.total);
    diagnostics.Note(RangeOf(file, std::string_view(file->text).substr(0, 0)),
                     "coverage: understood " + std::to_string(coverage.understood) + " of " +
                         std::to_string(coverage.total) + " " + coverage.unit + " (" +
                         std::to_string(percent) + "%)" +
                         (coverage.understood < coverage.total ? "; see the warnings above" : ""));
  }
  return device;
}

}  // namespace flowaudit
