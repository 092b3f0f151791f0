// The SARIF 2.1.0 reporter, for code scanning (GitHub and others): one rule per requirement
// with its rationale and sources, one result per requirement that does not pass, placed on the
// deciding config line (the site file when nothing decided), the other lines as related
// locations, and a fingerprint that stays put when unrelated lines move.
#pragma once

#include <ostream>
#include <string>

#include "src/check/result.h"
#include "src/report/json_report.h"

namespace flowaudit {

// Shared by the check and diff SARIF reporters.
// FNV-1a, 64 bits, as hex: the same input gives the same fingerprint on every platform.
std::string SarifFingerprint(const std::string& text);
// {"artifactLocation": {"uri" (from the repository root), "uriBaseId"}, "region"}.
OrderedJson SarifPhysicalLocation(const std::string& file, int line, int column,
                                  const ReportOptions& options);
// The log around one run: tool driver (with its rules), results, %SRCROOT%, invocation.
OrderedJson SarifLog(OrderedJson driver, OrderedJson results, const ReportOptions& options);

OrderedJson AuditResultSarif(const AuditResult& result, const ReportOptions& options);
void RenderSarifReport(const AuditResult& result, const ReportOptions& options, std::ostream& out);

}  // namespace flowaudit
