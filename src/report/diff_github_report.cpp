// `flowaudit diff --format github`: workflow commands that annotate the AFTER side's lines:
// an error for a newly failing requirement, a warning on the rule that now decides packets
// differently, a notice for a newly passing requirement.
#include "src/report/diff_reporter.h"
#include "src/report/github_report.h"

namespace flowaudit {
namespace {

void Command(std::ostream& out, const ReportOptions& options, const char* level,
             const std::string& file, int line, const std::string& title,
             const std::string& message) {
  out << "::" << level;
  std::string props;
  if (!file.empty()) props += "file=" + EscapeGithubProperty(RepositoryPath(options, file));
  if (!file.empty() && line > 0) props += ",line=" + std::to_string(line);
  props += (props.empty() ? "" : ",") + std::string("title=") + EscapeGithubProperty(title);
  out << " " << props << "::" << EscapeGithubData(message) << "\n";
}

}  // namespace

void RenderDiffGithub(const DiffResult& result, const ReportOptions& options, std::ostream& out) {
  for (const RequirementChange& r : result.requirements) {
    const char* level = r.change == "newly-failing"   ? "error"
                        : r.change == "newly-passing" ? "notice"
                                                      : "warning";
    std::string file = r.locations.empty() ? "" : r.locations.front().file;
    int line = r.locations.empty() ? 0 : r.locations.front().line;
    std::string message = r.id + " " + ChangeWords(r.change) + ": " +
                          (r.message_after.empty() ? r.message_before : r.message_after);
    Command(out, options, level, file, line, "flowaudit " + r.id, message);
  }
  for (const FilterDiff& f : result.filters) {
    for (const PacketChange& c : f.changes) {
      std::string message = f.device + " " + f.filter + " " + ChangeWords(c.kind) + ": ";
      for (size_t i = 0; i < c.packets.size(); ++i) message += (i ? "; " : "") + c.packets[i];
      message += " (before: " + RuleWhere(c.before) + ")";
      Command(out, options, "warning", c.after.file, c.after.line,
              "flowaudit " + ChangeWords(c.kind), message);
    }
  }
  out << "flowaudit diff: " << DiffVerdict(result) << "\n";
}

}  // namespace flowaudit
