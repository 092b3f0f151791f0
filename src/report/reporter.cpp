#include "src/report/reporter.h"

#include "src/report/github_report.h"
#include "src/report/json_report.h"
#include "src/report/junit_report.h"
#include "src/report/markdown_report.h"
#include "src/report/sarif_report.h"
#include "src/report/text_report.h"

namespace flowaudit {

const std::vector<ReporterInfo>& Reporters() {
  static const std::vector<ReporterInfo> table = {
      {"github", "GitHub workflow commands: an annotation per finding and a summary line",
       Maturity::kAlpha, RenderGithubReport},
      {"json", "stable machine-readable schema (src/report/json_schema.md)", Maturity::kStable,
       RenderJsonReport},
      {"junit", "JUnit XML for CI test reports: a testsuite per pack, a testcase per requirement",
       Maturity::kAlpha, RenderJunitReport},
      {"markdown", "a pull-request comment: verdict, table of findings, details per requirement",
       Maturity::kAlpha, RenderMarkdownReport},
      {"sarif", "SARIF 2.1.0 for code scanning: a rule per requirement, results on config lines",
       Maturity::kAlpha, RenderSarifReport},
      {"text", "one line per requirement, failing flows traced hop by hop (default)",
       Maturity::kStable, RenderTextReport},
  };
  return table;
}

const ReporterInfo* FindReporter(std::string_view id) {
  for (const ReporterInfo& info : Reporters()) {
    if (id == info.id) return &info;
  }
  return nullptr;
}

const std::string& RepositoryPath(const ReportOptions& options, const std::string& file) {
  auto it = options.repository_paths.find(file);
  return it == options.repository_paths.end() ? file : it->second;
}

std::vector<std::string> ReporterIds() {
  std::vector<std::string> ids;
  for (const ReporterInfo& info : Reporters()) ids.push_back(info.id);
  return ids;
}

}  // namespace flowaudit
