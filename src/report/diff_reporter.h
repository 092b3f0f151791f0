// The diff reporter table: every output format of `flowaudit diff`, one row each, as
// reporter.h is for `check`. Diff reporters only render a DiffResult.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "importers/importer.h"  // Maturity
#include "src/diff/diff_result.h"
#include "src/report/reporter.h"

namespace flowaudit {

struct DiffReporterInfo {
  const char* id;  // the --format value
  const char* description;
  Maturity status;
  void (*render)(const DiffResult& result, const ReportOptions& options, std::ostream& out);
};

const std::vector<DiffReporterInfo>& DiffReporters();  // sorted by id
const DiffReporterInfo* FindDiffReporter(std::string_view id);
std::vector<std::string> DiffReporterIds();

// Shared wording of the diff reporters.
// "newly permitted", "newly denied", ...
std::string ChangeWords(const std::string& kind);
// "fw.rules:12 ACCEPT" or "policy DROP" (where the rule is when it has a line)
std::string RuleWhere(const RuleRef& rule);
// One line: what changed in the whole diff ("2 filters changed: 3 packet groups newly
// permitted, …; 1 requirement newly failing").
std::string DiffVerdict(const DiffResult& result);

void RenderDiffText(const DiffResult& result, const ReportOptions& options, std::ostream& out);
void RenderDiffJson(const DiffResult& result, const ReportOptions& options, std::ostream& out);
void RenderDiffMarkdown(const DiffResult& result, const ReportOptions& options, std::ostream& out);
void RenderDiffGithub(const DiffResult& result, const ReportOptions& options, std::ostream& out);
void RenderDiffSarif(const DiffResult& result, const ReportOptions& options, std::ostream& out);
void RenderDiffJunit(const DiffResult& result, const ReportOptions& options, std::ostream& out);

}  // namespace flowaudit
