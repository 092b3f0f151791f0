// `flowaudit diff --format markdown`: a pull-request comment. The verdict line first, then the
// requirement changes and the flows the change opens or closes, each tied to its rule lines;
// rules that changed nothing go into a collapsed block.
#include "src/report/diff_reporter.h"
#include "src/report/markdown_report.h"

namespace flowaudit {
namespace {

std::string Cell(const std::string& text) { return EscapeMarkdown(text); }

std::string Link(const std::string& file, int line, const std::string& label) {
  if (file.empty()) return Cell(label);
  std::string target = file + (line > 0 ? "#L" + std::to_string(line) : "");
  return "[" + Cell(label) + "](" + target + ")";
}

std::string RuleCell(const RuleRef& rule) {
  std::string where = rule.file.empty() ? "" : rule.file + ":" + std::to_string(rule.line);
  std::string cell = where.empty() ? "" : Link(rule.file, rule.line, where) + " ";
  cell += "`" + (rule.action.empty() ? std::string("no rule") : rule.action) + "`";
  return cell;
}

void Requirements(const DiffResult& result, std::ostream& out) {
  if (result.requirements.empty()) return;
  out << "\n| change | requirement | severity | before → after | message |\n"
      << "|---|---|---|---|---|\n";
  for (const RequirementChange& r : result.requirements) {
    std::string statuses = std::string(r.before ? StatusName(*r.before) : "—") + " → " +
                           (r.after ? StatusName(*r.after) : "—");
    std::string id = r.locations.empty() || r.locations.front().file.empty()
                         ? "`" + r.id + "`"
                         : Link(r.locations.front().file, r.locations.front().line, r.id);
    out << "| " << ChangeWords(r.change) << " | " << id << " | " << LevelName(r.severity) << " | "
        << statuses << " | " << Cell(r.message_after.empty() ? r.message_before : r.message_after)
        << " |\n";
  }
}

void Flows(const DiffResult& result, std::ostream& out) {
  bool any = false;
  for (const FilterDiff& f : result.filters) any = any || !f.changes.empty();
  if (!any) return;
  out << "\n#### Flows opened and closed\n\n"
      << "| change | filter | packets | before | after |\n|---|---|---|---|---|\n";
  for (const FilterDiff& f : result.filters) {
    for (const PacketChange& c : f.changes) {
      std::string packets;
      for (const std::string& cube : c.packets)
        packets += (packets.empty() ? "" : "<br>") + Cell(cube);
      std::string filter =
          f.device + " " + f.filter + (c.context.empty() ? "" : " [" + c.context + "]");
      out << "| **" << ChangeWords(c.kind) << "** | " << Cell(filter) << " | " << packets << " | "
          << RuleCell(c.before) << " | " << RuleCell(c.after) << " |\n";
    }
    if (f.truncated)
      out << "| … | " << Cell(f.device + " " + f.filter) << " | more changes than shown | | |\n";
  }
}

void Details(const DiffResult& result, std::ostream& out) {
  size_t quiet = 0;
  for (const FilterDiff& f : result.filters) quiet += f.no_effect.size();
  if (quiet > 0) {
    out << "\n<details><summary>Rules with no effective change (" << quiet << ")</summary>\n\n";
    for (const FilterDiff& f : result.filters) {
      for (const IneffectiveRule& r : f.no_effect) {
        const RuleRef& shown = r.after ? *r.after : *r.before;
        out << "- " << r.change << " " << RuleCell(shown) << " in "
            << Cell(f.device + " " + f.filter)
            << (shown.text.empty() ? "" : ": `" + shown.text + "`") << "\n";
      }
    }
    out << "\n</details>\n";
  }
  bool any = false;
  for (const RequirementChange& r : result.requirements) any = any || !r.details.empty();
  if (any) {
    out << "\n<details><summary>Requirement details</summary>\n\n";
    for (const RequirementChange& r : result.requirements) {
      for (const std::string& d : r.details) out << "- `" << r.id << "` " << Cell(d) << "\n";
    }
    out << "\n</details>\n";
  }
  if (!result.listeners.empty()) {
    out << "\n<details><summary>Listeners (" << result.listeners.size() << ")</summary>\n\n";
    for (const ListenerChange& l : result.listeners) {
      out << "- " << l.change << " " << Cell(l.device + " " + l.endpoint) << ": "
          << Cell(l.before.empty() ? "—" : l.before) << " → "
          << Cell(l.after.empty() ? "—" : l.after) << "\n";
    }
    out << "\n</details>\n";
  }
}

}  // namespace

void RenderDiffMarkdown(const DiffResult& result, const ReportOptions&, std::ostream& out) {
  size_t failing = 0;
  for (const RequirementChange& r : result.requirements) failing += r.change == "newly-failing";
  out << "### flowaudit diff: "
      << (failing ? "**" + std::to_string(failing) + " requirement" + (failing == 1 ? "" : "s") +
                        " newly failing**"
                  : std::string("no requirement newly failing"))
      << "\n\n`" << Cell(result.before) << "` → `" << Cell(result.after)
      << "`: " << Cell(DiffVerdict(result)) << "\n";
  Requirements(result, out);
  Flows(result, out);
  Details(result, out);
}

}  // namespace flowaudit
