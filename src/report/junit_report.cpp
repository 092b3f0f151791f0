#include "src/report/junit_report.h"

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "src/report/text_report.h"  // WaiverText

namespace flowaudit {

std::string EscapeXml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += '?';
        } else {
          out += c;
        }
    }
  }
  return out;
}

namespace {

std::string Escape(const std::string& text) { return EscapeXml(text); }

bool Failing(Status s) {
  return s == Status::kFail || s == Status::kPartial || s == Status::kUnknown;
}

// The failure's body: what is wrong, each flow that did not hold, and the deciding lines.
std::string FailureBody(const RequirementResult& r) {
  std::string body = r.message + "\n";
  for (const std::string& d : r.details) {
    if (d != r.message) body += "  " + d + "\n";
  }
  for (const FlowResult& f : r.flows) {
    if (f.status == Status::kPass) continue;
    body += "  flow " + f.from + " -> " + f.to + " " + f.service + ": " + StatusName(f.status) +
            (f.message.empty() ? "" : ": " + f.message) + "\n";
    for (const PathResult& p : f.paths) {
      if (p.status == Status::kPass) continue;
      std::string vertices;
      for (const std::string& v : p.vertices) vertices += (vertices.empty() ? "" : " -> ") + v;
      body += "    path " + vertices + ": " + p.reason + "\n";
      for (const std::string& d : p.dropped) body += "      dropped " + d + "\n";
      for (const std::string& u : p.unknown) body += "      unknown " + u + "\n";
    }
  }
  for (const Location& l : r.locations) {
    body += "  at " + l.file + ":" + std::to_string(l.line) + ": " + l.message + "\n";
  }
  return body;
}

void Testcase(const RequirementResult& r, std::ostream& out) {
  out << "    <testcase name=\"" << Escape(r.id) << "\" classname=\"" << Escape(r.pack)
      << "\" time=\"0\">\n";
  if (r.waiver && Failing(r.status)) {  // accepted: not a failure, but not hidden either
    out << "      <skipped message=\"" << Escape(WaiverText(*r.waiver)) << "\"/>\n";
  } else if (r.baseline && Failing(r.status)) {
    out << "      <skipped message=\""
        << Escape("known (in the baseline): [" + std::string(StatusName(r.status)) + "] " +
                  r.message)
        << "\"/>\n";
  } else if (Failing(r.status)) {
    out << "      <failure type=\"" << StatusName(r.status) << "\" message=\""
        << Escape("[" + std::string(LevelName(r.severity)) + "] " + r.message) << "\">"
        << Escape(FailureBody(r)) << "</failure>\n";
  } else if (r.status == Status::kNotApplicable) {
    out << "      <skipped message=\"" << Escape(r.message) << "\"/>\n";
  }
  out << "    </testcase>\n";
}

}  // namespace

void RenderJunitReport(const AuditResult& result, const ReportOptions& options, std::ostream& out) {
  // Packs in the order the site lists them; requirements in each pack's order.
  std::vector<std::string> packs = result.packs;
  std::map<std::string, std::vector<const RequirementResult*>> by_pack;
  for (const RequirementResult& r : result.requirements) {
    if (!by_pack.count(r.pack) && std::find(packs.begin(), packs.end(), r.pack) == packs.end()) {
      packs.push_back(r.pack);
    }
    by_pack[r.pack].push_back(&r);
  }
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  int id = 0;
  for (const std::string& pack : packs) {
    const auto& requirements = by_pack[pack];
    int failures = 0, skipped = 0;
    for (const RequirementResult* r : requirements) {
      bool accepted = r->waiver || r->baseline;
      failures += Failing(r->status) && !accepted;
      skipped += r->status == Status::kNotApplicable || (Failing(r->status) && accepted);
    }
    out << "  <testsuite name=\"" << Escape(pack.empty() ? "flowaudit" : pack) << "\" package=\""
        << Escape("flowaudit." + result.site) << "\" id=\"" << id++ << "\" timestamp=\""
        << options.timestamp << "\" hostname=\"" << Escape(options.hostname) << "\" tests=\""
        << requirements.size() << "\" failures=\"" << failures << "\" errors=\"0\" skipped=\""
        << skipped << "\" time=\"0\">\n";
    out << "    <properties>\n      <property name=\"site\" value=\"" << Escape(result.site_file)
        << "\"/>\n      <property name=\"flowaudit\" value=\"" << Escape(options.version)
        << "\"/>\n    </properties>\n";
    for (const RequirementResult* r : requirements) Testcase(*r, out);
    out << "    <system-out></system-out>\n    <system-err></system-err>\n  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

}  // namespace flowaudit
