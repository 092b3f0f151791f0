// Pairs `check`'s repeatable --format and --output options into reports by position: each
// --output belongs to the nearest --format before it; a --format without one goes to stdout.
// Two compatibility rules keep older command lines working: a lone --format/--output pair
// matches in either order, and a lone --output without any --format writes text.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace flowaudit {

struct ReportRequest {
  std::string format;  // a reporter id (src/report/reporter.h)
  std::string file;    // empty: standard output
};

// One --format or --output occurrence, in command-line order.
struct ReportToken {
  enum class Kind { kFormat, kOutput };
  Kind kind;
  std::string value;
};

// The reports to write, or nullopt and *error (a usage message) when an --output has no
// --format to belong to, two reports would go to stdout or to one file. No tokens: text on
// stdout.
std::optional<std::vector<ReportRequest>> PairReports(const std::vector<ReportToken>& tokens,
                                                      std::string* error);

}  // namespace flowaudit
