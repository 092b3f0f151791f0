#include "importers/nginx/nginx_importer.h"

#include <cctype>

#include "importers/common/coverage.h"
#include "importers/nginx/config_tree.h"
#include "importers/nginx/directive_check.h"
#include "importers/nginx/nginx_dump.h"
#include "importers/nginx/virtual_servers.h"

namespace flowaudit {
namespace {

bool IsBlank(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// Whether `word` starts a statement somewhere in `text` and opens a block: "word {", or with
// `with_name` "word NAME {".
bool HasBlock(std::string_view text, std::string_view word, bool with_name) {
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    if (at > 0 && !IsBlank(text[at - 1]) && text[at - 1] != '}' && text[at - 1] != ';') continue;
    size_t i = at + word.size();
    while (i < text.size() && IsBlank(text[i])) ++i;
    if (with_name) {
      size_t name = i;
      while (i < text.size() && !IsBlank(text[i]) && text[i] != '{' && text[i] != ';') ++i;
      if (i == name || name == at + word.size()) continue;
      while (i < text.size() && IsBlank(text[i])) ++i;
    }
    if (i < text.size() && text[i] == '{') return true;
  }
  return false;
}

}  // namespace

Device NginxImporter::DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) {
  size_t first_diagnostic = diagnostics.All().size();
  // An `nginx -T` dump carries its included files; otherwise includes need a resolver.
  std::optional<nginx::NginxDump> dump = nginx::SplitNginxDump(file);
  nginx::ConfigTree tree =
      dump ? nginx::ParseConfig(dump->main, dump->includes.get(), diagnostics)
           : nginx::ParseConfig(nginx::WholeFile(file), includes_.get(), diagnostics);
  nginx::WarnUnknownDirectives(tree.directives, diagnostics);
  Device device;
  device.vendor = "nginx";
  device.sources.push_back(file);
  for (const SourceFilePtr& included : tree.included) {
    if (included != file) device.sources.push_back(included);
  }
  device.virtual_servers = nginx::BuildVirtualServers(tree.directives, diagnostics);
  device.coverage = CoverageOf("lines", StatementLines(file, "#"), diagnostics, first_diagnostic);
  return device;
}

std::unique_ptr<Importer> CreateNginxImporter() { return std::make_unique<NginxImporter>(); }

bool SniffNginx(std::string_view text) {
  std::string_view head = text.substr(0, 64 * 1024);
  if (HasBlock(head, "events", false) || HasBlock(head, "upstream", true)) return true;
  bool block = HasBlock(head, "http", false) || HasBlock(head, "server", false);
  return block && head.find("listen") != std::string_view::npos;
}

}  // namespace flowaudit
