// The github reporter: GitHub Actions workflow commands, so findings show up as annotations on
// the pull request's files. One line per requirement that does not pass
// (`::error file=F,line=N,title=ID::[fail] message`; error for critical and high, warning for
// medium and for UNKNOWN results, notice for low and info), a notice for each waived or
// baseline-known requirement, and one summary line. File paths are relative to the repository
// root when the caller knows it (ReportOptions::repository_paths).
#pragma once

#include <ostream>
#include <string>

#include "src/check/result.h"
#include "src/report/reporter.h"

namespace flowaudit {

void RenderGithubReport(const AuditResult& result, const ReportOptions& options, std::ostream& out);

// Escaping of workflow commands: the message after `::` (%, CR, LF) and property values
// (also `:` and `,`).
std::string EscapeGithubData(const std::string& text);
std::string EscapeGithubProperty(const std::string& text);

}  // namespace flowaudit
