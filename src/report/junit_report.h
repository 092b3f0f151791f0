// The JUnit XML reporter (the Ant schema Jenkins, GitLab and most CI systems read): one
// testsuite per policy pack, one testcase per requirement; a requirement that fails, is partial
// or unknown is a <failure> carrying its findings, witness and deciding lines; one that does not
// apply is <skipped>.
#pragma once

#include <ostream>

#include "src/check/result.h"
#include "src/report/reporter.h"

namespace flowaudit {

void RenderJunitReport(const AuditResult& result, const ReportOptions& options, std::ostream& out);

}  // namespace flowaudit
