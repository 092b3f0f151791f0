// Pairs `check`'s repeatable --format and --output options into reports by position: each
// --output belongs to the nearest --format before it; a --format without one goes to stdout.
// Two compatibility rules keep older command lines working: a lone --format/--output pair
// matches in either order, and a lone --output without any --format writes text.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "src/app/console.h"

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

// Renders every report (`render` gets the format and whether the text goes to a terminal-like
// stdout), then writes the files — all or none, each atomically —, then stdout. Returns 0, or 2
// with the failing file named on stderr.
using RenderReport = std::function<void(const std::string& format, bool to_stdout, std::ostream&)>;
int WriteReports(const std::vector<ReportRequest>& reports, const RenderReport& render,
                 Console& console);

}  // namespace flowaudit
