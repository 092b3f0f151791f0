#include "src/report/markdown_report.h"

#include <cstdio>

#include "src/report/text_report.h"  // WaiverText
#include "src/report/verdict.h"

namespace flowaudit {
namespace {

constexpr Status kAllStatuses[] = {Status::kPass,    Status::kFail, Status::kPartial,
                                   Status::kUnknown, Status::kInfo, Status::kNotApplicable};

// Characters that may break out of a link target: percent-encoded.
std::string EscapeUrl(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (c <= ' ' || c == '(' || c == ')' || c == '<' || c == '>' || c == '%' || c == '"' ||
        c == '|' || c == '[' || c == ']' || c == '\\' || c == '`' || c >= 0x7f) {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      out += hex;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string EscapeHtml(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '>') {
      out += "&gt;";
    } else if (c == '&') {
      out += "&amp;";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

// `[configs/fw.rules:12](configs/fw.rules#L12)`, or the escaped file name when it has no line.
std::string LocationLink(const Location& location) {
  if (location.file.empty()) return "";
  std::string label = location.file;
  std::string target = EscapeUrl(location.file);
  if (location.line > 0) {
    label += ":" + std::to_string(location.line);
    target += "#L" + std::to_string(location.line);
  }
  return "[" + EscapeMarkdown(label) + "](" + target + ")";
}

// "fail", "fail (waived)", "fail (known)"
std::string StatusCell(const RequirementResult& r) {
  std::string status = StatusName(r.status);
  if (r.waiver) return status + " (waived)";
  if (r.baseline) return status + " (known)";
  return status;
}

std::string Counts(const AuditResult& result) {
  std::vector<std::string> counts;
  for (Status status : kAllStatuses) {
    int n = result.Count(status);
    if (n > 0 || status == Status::kPass || status == Status::kFail) {
      counts.push_back(std::to_string(n) + " " + StatusName(status));
    }
  }
  int errors = result.diagnostics.ErrorCount(), warnings = result.diagnostics.WarningCount();
  if (errors > 0) counts.push_back(std::to_string(errors) + (errors == 1 ? " error" : " errors"));
  if (warnings > 0) {
    counts.push_back(std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings") +
                     " about the inputs");
  }
  return Join(counts, " · ");
}

void Table(const AuditResult& result, std::ostream& out) {
  out << "| status | severity | requirement | message | location |\n"
         "|---|---|---|---|---|\n";
  for (const RequirementResult& r : result.requirements) {
    if (!IsNonPassing(r.status)) continue;
    std::string location = r.locations.empty() ? "" : LocationLink(r.locations.front());
    out << "| " << StatusCell(r) << " | " << LevelName(r.severity) << " | " << EscapeMarkdown(r.id)
        << " | " << EscapeMarkdown(r.message) << " | " << location << " |\n";
  }
}

void PathItems(const PathResult& path, std::ostream& out) {
  out << "  - path " << EscapeMarkdown(Join(path.vertices, " -> ")) << ": "
      << StatusName(path.status);
  if (!path.reason.empty()) out << ": " << EscapeMarkdown(path.reason);
  out << "\n";
  for (const std::string& d : path.dropped) out << "    - dropped " << EscapeMarkdown(d) << "\n";
  for (const std::string& u : path.unknown) out << "    - unknown " << EscapeMarkdown(u) << "\n";
  // A delivered set is the finding only when nothing was dropped (a must-deny flow).
  if (path.dropped.empty() && path.unknown.empty()) {
    for (const std::string& d : path.delivered) {
      out << "    - delivered " << EscapeMarkdown(d) << "\n";
    }
  }
}

void Details(const RequirementResult& r, std::ostream& out) {
  // Markdown is not rendered inside <summary>: HTML escaping there.
  out << "\n<details><summary>" << EscapeHtml(r.id) << ": " << StatusCell(r) << "</summary>\n\n";
  if (!r.title.empty()) out << EscapeMarkdown(r.title) << "\n\n";
  if (r.waiver) out << "*" << EscapeMarkdown(WaiverText(*r.waiver)) << "*\n\n";
  if (r.baseline && !r.waiver) out << "*known: every finding is in the baseline*\n\n";
  for (const std::string& detail : r.details) out << "- " << EscapeMarkdown(detail) << "\n";
  for (const FlowResult& flow : r.flows) {
    if (!IsNonPassing(flow.status)) continue;
    out << "- flow " << EscapeMarkdown(flow.from + " -> " + flow.to + " " + flow.service) << ": "
        << StatusName(flow.status);
    if (!flow.message.empty()) out << ": " << EscapeMarkdown(flow.message);
    out << "\n";
    for (const PathResult& path : flow.paths) {
      if (IsNonPassing(path.status)) PathItems(path, out);
    }
  }
  for (const Location& location : r.locations) {
    out << "- at " << LocationLink(location);
    if (!location.message.empty()) out << ": " << EscapeMarkdown(location.message);
    out << "\n";
  }
  out << "\n</details>\n";
}

void DiagnosticItems(const Diagnostics& diagnostics, std::ostream& out) {
  if (diagnostics.All().empty()) return;
  out << "\n**Diagnostics**\n\n";
  for (const Diagnostic& d : diagnostics.All()) {
    std::string place = d.location.IsValid() ? d.location.ToString(true) : d.file_name;
    out << "- " << (place.empty() ? "" : EscapeMarkdown(place) + ": ") << SeverityName(d.severity)
        << ": " << EscapeMarkdown(d.message) << "\n";
  }
}

}  // namespace

std::string EscapeMarkdown(const std::string& text) {
  // Only what can act mid-line: emphasis, code, links, HTML tags, entities, strikethrough and
  // the cell separator. Cells and items never start a line, so `#`, `>`, `-`, `+` and `1.`
  // (block markers) need nothing, and arrows (`->`) stay readable.
  static const std::string kSpecials = "\\`*_[]<|~&";
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      if (kSpecials.find(c) != std::string::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

void RenderMarkdownReport(const AuditResult& result, const ReportOptions&, std::ostream& out) {
  out << "**flowaudit: " << VerdictText(CountVerdict(result)) << "** on site "
      << EscapeMarkdown(result.site) << "\n\n"
      << Counts(result) << "\n";
  bool any = false;
  for (const RequirementResult& r : result.requirements) any = any || IsNonPassing(r.status);
  if (any) {
    out << "\n";
    Table(result, out);
    for (const RequirementResult& r : result.requirements) {
      if (IsNonPassing(r.status)) Details(r, out);
    }
  }
  DiagnosticItems(result.diagnostics, out);
}

}  // namespace flowaudit
