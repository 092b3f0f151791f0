#include "src/report/text_report.h"

#include <algorithm>
#include <cctype>

namespace flowaudit {
namespace {

constexpr Status kAllStatuses[] = {Status::kPass,    Status::kFail, Status::kPartial,
                                   Status::kUnknown, Status::kInfo, Status::kNotApplicable};

std::string Upper(std::string text) {
  for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

const char* StatusColor(Status status) {
  switch (status) {
    case Status::kPass:
      return "\033[32m";
    case Status::kFail:
      return "\033[1;31m";
    case Status::kPartial:
      return "\033[33m";
    case Status::kUnknown:
      return "\033[35m";
    case Status::kInfo:
      return "\033[36m";
    case Status::kNotApplicable:
      return "\033[2m";
  }
  return "";
}

// Pads before colouring so escape codes do not count towards the column width.
std::string StatusCell(Status status, size_t width, bool color) {
  std::string word = Upper(StatusName(status));
  std::string padding(width > word.size() ? width - word.size() : 0, ' ');
  if (!color) return word + padding;
  return StatusColor(status) + word + "\033[0m" + padding;
}

std::string Pad(const std::string& text, size_t width) {
  return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
}

std::string Join(const std::vector<std::string>& parts, const char* separator) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : separator) + part;
  return out;
}

// "core-fw: in inside (clients), out dmz (servers)"
std::string HopHeader(const Hop& hop) {
  auto side = [](const char* dir, const char* zone_word, const std::string& interface,
                 const std::string& zone) -> std::string {
    if (!interface.empty())
      return dir + (" " + interface) + (zone.empty() ? "" : " (" + zone + ")");
    if (!zone.empty()) return zone_word + (" " + zone);
    return {};
  };
  std::vector<std::string> parts;
  for (std::string part : {side("in", "from", hop.in_interface, hop.from_zone),
                           side("out", "to", hop.out_interface, hop.to_zone)}) {
    if (!part.empty()) parts.push_back(part);
  }
  return parts.empty() ? hop.device : hop.device + ": " + Join(parts, ", ");
}

// Details are for what needs action: fail, partial and unknown (the statuses --fail-on counts).
bool NeedsDetails(Status status) {
  return status == Status::kFail || status == Status::kPartial || status == Status::kUnknown;
}

void RenderPath(const PathResult& path, const std::string& indent, std::ostream& out) {
  out << indent << "path " << Join(path.vertices, " -> ") << ": " << StatusName(path.status);
  if (!path.reason.empty()) out << ": " << path.reason;
  out << "\n";
  std::string inner = indent + "  ";
  if (path.dropped_witness) RenderTraceText(*path.dropped_witness, "dropped", inner, out);
  if (path.unknown_witness) RenderTraceText(*path.unknown_witness, "unknown", inner, out);
  // A delivered packet is the finding only when nothing was dropped (a must-deny flow).
  if (path.delivered_witness && !path.dropped_witness && !path.unknown_witness) {
    RenderTraceText(*path.delivered_witness, "delivered", inner, out);
  }
}

void RenderDetails(const RequirementResult& r, std::ostream& out) {
  const std::string indent = "  ";
  // Checks without flows point at places instead; a detail that a location repeats is printed
  // once, prefixed with its place.
  std::vector<bool> printed(r.locations.size(), !r.flows.empty());
  auto place = [](const Location& location) {
    std::string text = location.file;
    if (location.line > 0) text.append(":").append(std::to_string(location.line));
    return text + ": ";
  };
  for (const std::string& detail : r.details) {
    std::string prefix;
    for (size_t i = 0; i < r.locations.size(); ++i) {
      if (!printed[i] && r.locations[i].message == detail) {
        prefix = place(r.locations[i]);
        printed[i] = true;
        break;
      }
    }
    out << indent << prefix << detail << "\n";
  }
  for (size_t i = 0; i < r.locations.size(); ++i) {
    if (!printed[i]) out << indent << place(r.locations[i]) << r.locations[i].message << "\n";
  }
  for (const FlowResult& flow : r.flows) {
    if (!NeedsDetails(flow.status)) continue;
    out << indent << "flow " << flow.from << " -> " << flow.to << " " << flow.service << ": "
        << StatusName(flow.status);
    if (!flow.message.empty()) out << ": " << flow.message;
    out << "\n";
    for (const PathResult& path : flow.paths) {
      if (NeedsDetails(path.status)) RenderPath(path, indent + "  ", out);
    }
  }
}

std::string Summary(const AuditResult& result) {
  size_t total = result.requirements.size();
  std::string out = std::to_string(total) + (total == 1 ? " requirement: " : " requirements: ");
  std::vector<std::string> counts;
  for (Status status : kAllStatuses) {
    int n = result.Count(status);
    if (n > 0 || status == Status::kPass || status == Status::kFail) {
      counts.push_back(std::to_string(n) + " " + StatusName(status));
    }
  }
  out += Join(counts, ", ");
  int waived = 0, known = 0;
  for (const RequirementResult& r : result.requirements) {  // as in the markdown verdict
    if (!IsFailing(r.status)) continue;
    waived += r.waiver.has_value();
    known += r.baseline && !r.waiver;
  }
  if (waived > 0) out += "; " + std::to_string(waived) + " waived";
  if (known > 0) out += "; " + std::to_string(known) + " known from the baseline";
  int errors = result.diagnostics.ErrorCount();
  if (errors > 0) {
    out += "; " + std::to_string(errors) + (errors == 1 ? " error" : " errors");
  }
  int warnings = result.diagnostics.WarningCount();
  if (warnings > 0) {
    out += "; " + std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings") +
           " about the inputs";
  }
  return out;
}

}  // namespace

std::string WaiverText(const Waiver& waiver) {
  std::string scope =
      waiver.scope_kind.empty() ? "" : " (" + waiver.scope_kind + " " + waiver.scope_value + ")";
  return "waived until " + waiver.expires + " by " + waiver.owner + scope + ": " +
         waiver.justification;
}

std::string RuleRefText(const RuleRef& rule) {
  if (rule.file.empty()) return rule.action;
  std::string out = rule.file;
  if (rule.line > 0) out.append(":").append(std::to_string(rule.line));
  return out + ": " + (rule.text.empty() ? rule.action : rule.text);
}

void RenderTraceText(const Trace& trace, const std::string& label, const std::string& indent,
                     std::ostream& out) {
  out << indent << label << " " << trace.packet.ToString();
  if (!trace.outcome.empty()) out << ": " << trace.outcome;
  out << "\n";
  for (const Hop& hop : trace.hops) {
    out << indent << "  " << HopHeader(hop) << "\n";
    for (const Step& step : hop.steps) {
      out << indent << "    " << step.stage << ": " << step.outcome;
      // A rule without a file whose action is the outcome ("no listener") adds nothing.
      bool says_more = step.rule && !(step.rule->file.empty() && step.rule->action == step.outcome);
      if (says_more) out << " by " << RuleRefText(*step.rule);
      out << "\n";
    }
  }
}

void RenderTextReport(const AuditResult& result, const ReportOptions& options, std::ostream& out) {
  out << "site " << result.site;
  if (!result.site_file.empty()) out << " (" << result.site_file << ")";
  out << ", packs: " << (result.packs.empty() ? "none" : Join(result.packs, ", ")) << "\n";
  size_t status_width = 0, level_width = 0, id_width = 0;
  for (const RequirementResult& r : result.requirements) {
    status_width = std::max(status_width, std::string(StatusName(r.status)).size());
    level_width = std::max(level_width, std::string(LevelName(r.severity)).size());
    id_width = std::max(id_width, r.id.size());
  }
  for (const RequirementResult& r : result.requirements) {
    std::string line = StatusCell(r.status, status_width, options.color) + "  " +
                       Pad(LevelName(r.severity), level_width) + "  " + Pad(r.id, id_width) + "  " +
                       r.message;
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
    if (r.waiver) out << "  " << WaiverText(*r.waiver) << "\n";
    if (r.baseline && !r.waiver) out << "  known: every finding is in the baseline\n";
    if (NeedsDetails(r.status)) RenderDetails(r, out);
  }
  out << Summary(result) << "\n";
}

}  // namespace flowaudit
