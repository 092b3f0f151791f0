#include "importers/f5_bigip/f5_bigip_importer.h"

#include "importers/common/coverage.h"
#include "importers/f5_bigip/as3_declaration.h"
#include "importers/f5_bigip/tmsh_builder.h"
#include "importers/f5_bigip/tmsh_config.h"
#include "importers/f5_bigip/tmsh_lexer.h"

namespace flowaudit {

Device F5BigipImporter::DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) {
  size_t first_diagnostic = diagnostics.All().size();
  Device device;
  device.vendor = "f5-bigip";
  device.sources.push_back(file);
  if (LooksLikeJson(file->text)) {
    device.virtual_servers = f5::ImportAs3(file, diagnostics);
    device.coverage = CoverageOf("lines", StatementLines(file, ""), diagnostics, first_diagnostic);
    return device;
  }
  std::vector<f5::Node> top = f5::ReadTmsh(file, diagnostics);
  if (diagnostics.HasErrors()) return device;  // unbalanced: the objects are not trustworthy
  f5::TmshConfig config = f5::ReadTmshConfig(top, diagnostics);
  device.virtual_servers = f5::TmshBuilder(config, diagnostics).Build();
  device.coverage = CoverageOf("lines", StatementLines(file, "#"), diagnostics, first_diagnostic);
  return device;
}

std::unique_ptr<Importer> CreateF5BigipImporter() { return std::make_unique<F5BigipImporter>(); }

bool LooksLikeJson(std::string_view text) {
  size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

bool SniffF5Bigip(std::string_view text) {
  if (LooksLikeJson(text)) {
    std::string_view head = text.substr(0, 4096);
    for (std::string_view cls : {"\"AS3\"", "\"ADC\""}) {
      size_t at = head.find(cls);
      if (at == std::string_view::npos) continue;
      // `"class": "AS3"`: the value follows a "class" key.
      size_t key = head.rfind("\"class\"", at);
      if (key != std::string_view::npos &&
          head.substr(key + 7, at - key - 7).find_first_not_of(" \t\r\n:") ==
              std::string_view::npos) {
        return true;
      }
    }
    return false;
  }
  size_t begin = 0;
  for (int lines = 0; begin < text.size() && lines < 2000; ++lines) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    if (line.rfind("#TMSH-VERSION:", 0) == 0) return true;
    for (std::string_view start : {"ltm virtual ", "ltm pool ", "ltm node ", "ltm rule ",
                                   "ltm monitor ", "ltm profile ", "net self ", "net vlan "}) {
      if (line.rfind(start, 0) == 0 && line.find('{') != std::string_view::npos) return true;
    }
  }
  return false;
}

}  // namespace flowaudit
