// The JUnit XML reporter (the Ant schema Jenkins, GitLab and most CI systems read): one
// testsuite per policy pack, one testcase per requirement; a requirement that fails, is partial
// or unknown is a <failure> carrying its findings, witness and deciding lines; one that does not
// apply is <skipped>.
#pragma once

#include <ostream>
#include <string>

#include "src/check/result.h"
#include "src/report/reporter.h"

namespace flowaudit {

// Text for an XML attribute or element: markup escaped, and characters XML 1.0 cannot carry
// (control characters other than tab and newlines) replaced.
std::string EscapeXml(const std::string& text);

void RenderJunitReport(const AuditResult& result, const ReportOptions& options, std::ostream& out);

}  // namespace flowaudit
