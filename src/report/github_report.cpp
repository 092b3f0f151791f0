#include "src/report/github_report.h"

#include "src/report/text_report.h"  // WaiverText
#include "src/report/verdict.h"

namespace flowaudit {
namespace {

const char* CommandOf(const RequirementResult& r) {
  if (r.waiver || r.baseline) return "notice";  // accepted findings stay visible, quietly
  if (r.status == Status::kUnknown) return "warning";
  switch (r.severity) {
    case Level::kCritical:
    case Level::kHigh:
      return "error";
    case Level::kMedium:
      return "warning";
    case Level::kLow:
    case Level::kInfo:
      return "notice";
  }
  return "warning";
}

std::string Message(const RequirementResult& r) {
  std::string text = "[" + std::string(StatusName(r.status)) + "] " + r.message;
  if (r.waiver) return text + " (" + WaiverText(*r.waiver) + ")";
  if (r.baseline) return text + " (known: every finding is in the baseline)";
  return text;
}

void Annotation(const RequirementResult& r, const ReportOptions& options, std::ostream& out) {
  std::string properties;
  if (!r.locations.empty() && !r.locations.front().file.empty()) {
    const Location& at = r.locations.front();
    properties = "file=" + EscapeGithubProperty(RepositoryPath(options, at.file));
    if (at.line > 0) properties += ",line=" + std::to_string(at.line);
    if (at.column > 0) properties += ",col=" + std::to_string(at.column);
    properties += ",";
  }
  std::string title = r.id + (r.waiver ? " (waived)" : r.baseline ? " (known)" : "");
  properties += "title=" + EscapeGithubProperty(title);
  out << "::" << CommandOf(r) << " " << properties << "::" << EscapeGithubData(Message(r)) << "\n";
}

}  // namespace

std::string EscapeGithubData(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else {
      out += c;
    }
  }
  return out;
}

std::string EscapeGithubProperty(const std::string& text) {
  std::string out;
  for (char c : EscapeGithubData(text)) {
    if (c == ':') {
      out += "%3A";
    } else if (c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

void RenderGithubReport(const AuditResult& result, const ReportOptions& options,
                        std::ostream& out) {
  for (const RequirementResult& r : result.requirements) {
    if (IsFailing(r.status)) Annotation(r, options, out);
  }
  VerdictCounts counts = CountVerdict(result);
  out << "::" << (counts.failing > 0 ? "error" : "notice")
      << " title=flowaudit::" << EscapeGithubData(VerdictText(counts) + " on site " + result.site)
      << "\n";
}

}  // namespace flowaudit
