#include "src/app/report_requests.h"

#include <set>

namespace flowaudit {

std::optional<std::vector<ReportRequest>> PairReports(const std::vector<ReportToken>& tokens,
                                                      std::string* error) {
  using Kind = ReportToken::Kind;
  size_t formats = 0, outputs = 0;
  for (const ReportToken& token : tokens) ++(token.kind == Kind::kFormat ? formats : outputs);

  std::vector<ReportRequest> reports;
  if (formats == 0 && outputs == 0) {
    reports.push_back({"text", ""});
  } else if (formats <= 1 && outputs <= 1) {  // `--output F --format json` as before
    ReportRequest only{"text", ""};
    for (const ReportToken& token : tokens) {
      (token.kind == Kind::kFormat ? only.format : only.file) = token.value;
    }
    reports.push_back(only);
  } else {
    for (const ReportToken& token : tokens) {
      if (token.kind == Kind::kFormat) {
        reports.push_back({token.value, ""});
        continue;
      }
      if (reports.empty() || !reports.back().file.empty()) {
        *error = "--output " + token.value +
                 " has no --format before it; write --format F --output FILE for each report";
        return std::nullopt;
      }
      reports.back().file = token.value;
    }
  }
  size_t to_stdout = 0;
  std::set<std::string> files;
  for (const ReportRequest& report : reports) {
    if (report.file.empty()) {
      ++to_stdout;
    } else if (!files.insert(report.file).second) {
      *error = "two reports would be written to " + report.file;
      return std::nullopt;
    }
  }
  if (to_stdout > 1) {
    *error = "only one --format can go to standard output; give the others an --output FILE";
    return std::nullopt;
  }
  return reports;
}

}  // namespace flowaudit
