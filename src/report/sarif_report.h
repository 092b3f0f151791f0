// The SARIF 2.1.0 reporter, for code scanning (GitHub and others): one rule per requirement
// with its rationale and sources, one result per requirement that does not pass, placed on the
// deciding config line (the site file when nothing decided), the other lines as related
// locations, and a fingerprint that stays put when unrelated lines move.
#pragma once

#include <ostream>

#include "src/check/result.h"
#include "src/report/json_report.h"

namespace flowaudit {

OrderedJson AuditResultSarif(const AuditResult& result, const ReportOptions& options);
void RenderSarifReport(const AuditResult& result, const ReportOptions& options, std::ostream& out);

}  // namespace flowaudit
