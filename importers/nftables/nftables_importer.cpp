#include "importers/nftables/nftables_importer.h"

#include <vector>

#include "importers/nftables/json_reader.h"
#include "importers/nftables/lexer.h"
#include "importers/nftables/ruleset.h"
#include "importers/nftables/text_reader.h"

namespace flowaudit {
namespace {

std::string_view SkipSpace(std::string_view text) {
  size_t start = text.find_first_not_of(" \t\r\n");
  return start == std::string_view::npos ? std::string_view() : text.substr(start);
}

}  // namespace

Device NftablesImporter::DoImport(const SourceFilePtr& file, Diagnostics& diagnostics) {
  size_t first = diagnostics.All().size();
  if (SkipSpace(file->text).starts_with("{")) {
    std::vector<nftables::TableDef> tables = nftables::ReadJsonRuleset(file, diagnostics);
    return nftables::BuildDevice(tables, file, diagnostics, first);
  }
  const nftables::Token* unterminated = nullptr;
  std::vector<nftables::Token> tokens = nftables::Tokenize(file->text, &unterminated);
  if (unterminated) {
    diagnostics.Error(RangeOf(file, unterminated->text), "unterminated string");
    return nftables::BuildDevice({}, file, diagnostics, first);
  }
  std::vector<nftables::TableDef> tables = nftables::ReadTextRuleset(tokens, file, diagnostics);
  return nftables::BuildDevice(tables, file, diagnostics, first);
}

std::unique_ptr<Importer> CreateNftablesImporter() { return std::make_unique<NftablesImporter>(); }

bool SniffNftables(std::string_view text) {
  std::string_view json = SkipSpace(text);
  if (json.starts_with("{")) {
    // `nft -j list ruleset`: {"nftables": [ … ]}
    json = SkipSpace(json.substr(1));
    return json.starts_with("\"nftables\"");
  }
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end - start);
    line = line.substr(0, line.find('#'));  // `nft -a` ends lines with `# handle N`
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.remove_suffix(1);
    if (line.starts_with("table ") && line.ends_with("{")) return true;
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return false;
}

}  // namespace flowaudit
