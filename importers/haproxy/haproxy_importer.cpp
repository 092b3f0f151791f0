#include "importers/haproxy/haproxy_importer.h"

#include "importers/common/coverage.h"
#include "importers/haproxy/config_reader.h"
#include "importers/haproxy/virtual_servers.h"

namespace flowaudit {

Device HaproxyImporter::DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) {
  size_t first_diagnostic = diagnostics.All().size();
  Device device;
  device.vendor = "haproxy";
  device.sources.push_back(file);
  haproxy::Config config = haproxy::ReadConfig(file, diagnostics);
  device.virtual_servers = haproxy::BuildVirtualServers(config, diagnostics);
  device.coverage = CoverageOf("lines", StatementLines(file, "#"), diagnostics, first_diagnostic);
  return device;
}

std::unique_ptr<Importer> CreateHaproxyImporter() { return std::make_unique<HaproxyImporter>(); }

bool SniffHaproxy(std::string_view text) {
  bool proxy_section = false, bind_or_server = false, global = false, defaults = false;
  size_t begin = 0;
  for (int lines = 0; begin < text.size() && lines < 2000; ++lines) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string_view::npos) continue;
    std::string_view word = line.substr(first, line.find_first_of(" \t\r", first) - first);
    if (first == 0 && (word == "frontend" || word == "backend" || word == "listen")) {
      proxy_section = true;
    }
    if (first > 0 && (word == "bind" || word == "server")) bind_or_server = true;
    if (first == 0 && word == "global") global = true;
    if (first == 0 && word == "defaults") defaults = true;
    if ((proxy_section && bind_or_server) || (global && defaults)) return true;
  }
  return false;
}

}  // namespace flowaudit
