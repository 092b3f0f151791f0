// The importer interface and the table of importers. An importer turns one config text into a
// models::Device; it receives text plus a display name (never a path), reports what it does
// not understand as located diagnostics, and never throws. `flowaudit list importers` prints
// the table; `--vendor auto` asks each importer's sniff in table order.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/device.h"
#include "models/diagnostics.h"
#include "models/source.h"

namespace flowaudit {

class Importer {
 public:
  virtual ~Importer() = default;
  // Imports one config. The device's name and kind are the site's to set; the importer fills
  // filters, pipelines and virtual servers, and may count its coverage.
  Device Import(const SourceFilePtr& file, Diagnostics& diagnostics) {
    return DoImport(file, diagnostics);
  }

 private:
  virtual Device DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) = 0;
};

enum class Maturity { kStable, kAlpha, kWip };
const char* MaturityName(Maturity maturity);

struct ImporterInfo {
  const char* id;  // the `vendor:` value: "iptables", "ip6tables", "flowaudit-yaml"
  const char* description;
  Maturity status;
  bool (*sniff)(std::string_view text);  // cheap content test for --vendor auto
  std::unique_ptr<Importer> (*create)();
};

// Sorted by id.
const std::vector<ImporterInfo>& Importers();
const ImporterInfo* FindImporter(std::string_view id);
// First importer whose sniff accepts the text, or nullptr.
const ImporterInfo* SniffImporter(std::string_view text);
// An importer for a config read from the file `path` whose display name is `display`. Formats
// that read further files (NGINX `include`) get them from the config's folder and no further;
// the others are the table's plain importers.
std::unique_ptr<Importer> CreateImporterForFile(const ImporterInfo& info,
                                                const std::filesystem::path& path,
                                                const std::string& display);
// "did you mean 'iptables'?" or empty.
std::string SuggestImporter(std::string_view id);

}  // namespace flowaudit
