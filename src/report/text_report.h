// The text reporter: what a person reads in a terminal or a CI log. A header with the site and
// packs, one aligned line per requirement, the failing flows of each non-passing requirement
// traced hop by hop with the deciding rule as `file:line: text`, and a summary line.
// `explain` prints its traces with RenderTraceText so both look alike.
#pragma once

#include <ostream>
#include <string>

#include "src/check/result.h"
#include "src/report/reporter.h"

namespace flowaudit {

void RenderTextReport(const AuditResult& result, const ReportOptions& options, std::ostream& out);

// "LABEL PACKET: OUTCOME", then per hop the device line and one line per step, each indented.
void RenderTraceText(const Trace& trace, const std::string& label, const std::string& indent,
                     std::ostream& out);

// "waived until 2027-03-31 by OWNER (device edge-fw): JUSTIFICATION"; every reporter that
// prints a waiver in prose uses it.
std::string WaiverText(const Waiver& waiver);

// "configs/fw.rules:12: -A FORWARD -j DROP", or the action ("policy DROP") without a file.
std::string RuleRefText(const RuleRef& rule);

}  // namespace flowaudit
