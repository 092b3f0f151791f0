// `flowaudit diff --format junit`: one testsuite for the change, a testcase per requirement that
// changed (a failure when it newly fails) and per filter compared (a failure when its verdicts
// changed, listing the packets and both rules).
#include "src/report/diff_reporter.h"
#include "src/report/junit_report.h"

namespace flowaudit {
namespace {

bool NewlyFailing(const RequirementChange& r) {
  bool failing = r.after && (*r.after == Status::kFail || *r.after == Status::kPartial ||
                             *r.after == Status::kUnknown);
  return r.change == "newly-failing" || (r.change == "added" && failing);
}

std::string FilterBody(const FilterDiff& f) {
  std::string body;
  for (const PacketChange& c : f.changes) {
    body += ChangeWords(c.kind) + (c.context.empty() ? "" : " [" + c.context + "]") + "\n";
    for (const std::string& cube : c.packets) body += "  " + cube + "\n";
    body += "  before: " + RuleWhere(c.before) + "  " + c.before.text + "\n";
    body += "  after:  " + RuleWhere(c.after) + "  " + c.after.text + "\n";
  }
  return body;
}

}  // namespace

void RenderDiffJunit(const DiffResult& result, const ReportOptions& options, std::ostream& out) {
  size_t failures = 0;
  for (const RequirementChange& r : result.requirements) failures += NewlyFailing(r);
  for (const FilterDiff& f : result.filters) failures += f.status != "unchanged";
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  out << "  <testsuite name=\"flowaudit-diff\" package=\""
      << EscapeXml("flowaudit." + result.subject) << "\" id=\"0\" timestamp=\"" << options.timestamp
      << "\" hostname=\"" << EscapeXml(options.hostname) << "\" tests=\""
      << result.requirements.size() + result.filters.size() << "\" failures=\"" << failures
      << "\" errors=\"0\" skipped=\"0\" time=\"0\">\n";
  out << "    <properties>\n      <property name=\"before\" value=\"" << EscapeXml(result.before)
      << "\"/>\n      <property name=\"after\" value=\"" << EscapeXml(result.after)
      << "\"/>\n    </properties>\n";
  for (const RequirementChange& r : result.requirements) {
    out << "    <testcase name=\"" << EscapeXml(r.id)
        << "\" classname=\"requirements\" time=\"0\">\n";
    if (NewlyFailing(r)) {
      std::string body;
      for (const std::string& d : r.details) body += d + "\n";
      out << "      <failure type=\"" << r.change << "\" message=\""
          << EscapeXml("[" + std::string(LevelName(r.severity)) + "] " + r.message_after) << "\">"
          << EscapeXml(body) << "</failure>\n";
    }
    out << "    </testcase>\n";
  }
  for (const FilterDiff& f : result.filters) {
    out << "    <testcase name=\"" << EscapeXml(f.device + " " + f.filter)
        << "\" classname=\"filters\" time=\"0\">\n";
    if (f.status != "unchanged") {
      out << "      <failure type=\"" << f.status << "\" message=\""
          << EscapeXml(std::to_string(f.changes.size()) + " packet groups changed verdict") << "\">"
          << EscapeXml(FilterBody(f)) << "</failure>\n";
    }
    out << "    </testcase>\n";
  }
  out << "    <system-out>" << EscapeXml(DiffVerdict(result))
      << "</system-out>\n    <system-err></system-err>\n  </testsuite>\n</testsuites>\n";
}

}  // namespace flowaudit
