#include "src/app/report_requests.h"

#include <set>
#include <sstream>

#include "src/app/exit_code.h"
#include "src/app/files.h"

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

int WriteReports(const std::vector<ReportRequest>& reports, const RenderReport& render,
                 Console& console) {
  std::vector<FileContent> files;
  std::string to_stdout;
  bool has_stdout = false;
  for (const ReportRequest& request : reports) {
    std::ostringstream text;
    render(request.format, request.file.empty(), text);
    if (request.file.empty()) {
      to_stdout = text.str();
      has_stdout = true;
    } else {
      files.push_back({request.file, text.str()});
    }
  }
  std::string failed, error;
  if (!WriteFilesAtomically(files, &failed, &error)) {
    console.err << failed << ": error: cannot write file: " << error << "\n";
    return exit_code::kInput;
  }
  if (has_stdout) console.out << to_stdout;
  return exit_code::kOk;
}

}  // namespace flowaudit
