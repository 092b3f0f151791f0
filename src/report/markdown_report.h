// The markdown reporter: a pull-request comment. A bold verdict line, the counts, a table of
// the requirements that did not pass (status, severity, id, message, first location as a
// link), a collapsible <details> block per such requirement with its failing flows, paths and
// places, and the diagnostics about the inputs. GitHub-flavoured markdown; every piece of
// input text is escaped so a `|` or `*` in a message cannot break the table.
#pragma once

#include <ostream>
#include <string>

#include "src/check/result.h"
#include "src/report/reporter.h"

namespace flowaudit {

void RenderMarkdownReport(const AuditResult& result, const ReportOptions& options,
                          std::ostream& out);

// Backslash-escapes markdown specials (and `|`) and turns line breaks into spaces, for text in
// a table cell or a list item.
std::string EscapeMarkdown(const std::string& text);

}  // namespace flowaudit
