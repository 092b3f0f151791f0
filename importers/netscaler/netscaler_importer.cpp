#include "importers/netscaler/netscaler_importer.h"

#include <array>
#include <cctype>

#include "importers/common/coverage.h"
#include "importers/netscaler/config_reader.h"
#include "importers/netscaler/virtual_servers.h"

namespace flowaudit {

Device NetscalerImporter::DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) {
  size_t first_diagnostic = diagnostics.All().size();
  Device device;
  device.vendor = "netscaler";
  device.sources.push_back(file);
  netscaler::Config config = netscaler::ReadConfig(file, diagnostics);
  device.virtual_servers = netscaler::BuildVirtualServers(config, diagnostics);
  device.coverage = CoverageOf("lines", StatementLines(file, "#"), diagnostics, first_diagnostic);
  return device;
}

std::unique_ptr<Importer> CreateNetscalerImporter() {
  return std::make_unique<NetscalerImporter>();
}

bool SniffNetscaler(std::string_view text) {
  static constexpr std::array<std::string_view, 6> kStarts = {
      "add lb vserver ", "add cs vserver ",    "add servicegroup ",
      "set ns config ",  "enable ns feature ", "add lb monitor "};
  size_t begin = 0;
  for (int lines = 0; begin < text.size() && lines < 2000; ++lines) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    if (line.size() > 3 && line.substr(0, 3) == "#NS" &&
        std::isdigit(static_cast<unsigned char>(line[3]))) {
      return true;
    }
    std::string lower;
    for (char c : line.substr(0, 20)) {
      lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (std::string_view start : kStarts) {
      if (lower.compare(0, start.size(), start) == 0) return true;
    }
  }
  return false;
}

}  // namespace flowaudit
