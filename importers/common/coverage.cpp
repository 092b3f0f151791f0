#include "importers/common/coverage.h"

#include <algorithm>

namespace flowaudit {

std::vector<SourceRange> StatementLines(const SourceFilePtr& file,
                                        std::string_view comment_starts) {
  std::vector<SourceRange> lines;
  std::string_view text = file->text;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos &&
        comment_starts.find(line[first]) == std::string_view::npos) {
      lines.push_back(RangeOf(file, line));
    }
    start = end + 1;
  }
  return lines;
}

ImportCoverage CoverageOf(std::string unit, const std::vector<SourceRange>& statements,
                          const Diagnostics& diagnostics, size_t first_diagnostic) {
  std::vector<uint32_t> flagged;  // offsets that warnings and errors point at
  const std::vector<Diagnostic>& all = diagnostics.All();
  for (size_t i = first_diagnostic; i < all.size(); ++i) {
    if (all[i].severity != Severity::kNote && all[i].location.IsValid()) {
      flagged.push_back(all[i].location.offset);
    }
  }
  std::sort(flagged.begin(), flagged.end());
  ImportCoverage coverage;
  coverage.unit = std::move(unit);
  for (const SourceRange& statement : statements) {
    ++coverage.total;
    auto hit = std::lower_bound(flagged.begin(), flagged.end(), statement.offset);
    // A caret at the end of a line ("expected … at the end of the line") still belongs to it.
    bool flagged_here = hit != flagged.end() && *hit <= statement.offset + statement.length;
    if (!flagged_here) ++coverage.understood;
  }
  return coverage;
}

void NoteCoverage(const Device& device, const SourceFilePtr& file, Diagnostics& diagnostics) {
  const ImportCoverage& coverage = device.coverage;
  if (!coverage.Counted() || coverage.understood >= coverage.total) return;
  int percent = static_cast<int>(100.0 * coverage.understood / coverage.total);
  diagnostics.Note(RangeOf(file, std::string_view(file->text).substr(0, 0)),
                   "coverage: understood " + std::to_string(coverage.understood) + " of " +
                       std::to_string(coverage.total) + " " + coverage.unit + " (" +
                       std::to_string(percent) + "%); the warnings above name the rest");
}

}  // namespace flowaudit
