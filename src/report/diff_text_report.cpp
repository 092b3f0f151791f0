// `flowaudit diff --format text`: requirement changes first (what a reviewer decides on), then
// per filter the packets whose verdict changed with the rules on both sides.
#include "src/report/diff_reporter.h"

namespace flowaudit {
namespace {

std::string Upper(std::string text) {
  for (char& c : text) {
    if (c == '-') c = ' ';
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return text;
}

void RuleLine(const char* side, const RuleRef& rule, std::ostream& out) {
  out << "      " << side << RuleWhere(rule);
  if (!rule.text.empty()) out << "  " << rule.text;
  out << "\n";
}

void RenderRequirements(const DiffResult& result, std::ostream& out) {
  if (result.requirements.empty()) return;
  out << "\nRequirements:\n";
  for (const RequirementChange& r : result.requirements) {
    out << "  " << Upper(r.change) << "  " << r.id << " (" << LevelName(r.severity) << ")";
    if (r.before && r.after) {
      out << ": " << StatusName(*r.before) << " -> " << StatusName(*r.after);
    }
    out << "\n";
    const std::string& message = r.message_after.empty() ? r.message_before : r.message_after;
    if (!message.empty()) out << "      " << message << "\n";
    for (const std::string& d : r.details) out << "      " << d << "\n";
  }
}

void RenderFilter(const FilterDiff& f, std::ostream& out) {
  out << "\n" << f.device << " " << f.filter << ": " << f.status << "\n";
  if (!f.note.empty()) out << "  note: " << f.note << "\n";
  for (const PacketChange& c : f.changes) {
    out << "  " << Upper(c.kind);
    if (!c.context.empty()) out << " [" << c.context << "]";
    out << " (" << c.verdict_before << " -> " << c.verdict_after << ")\n";
    for (const std::string& cube : c.packets) out << "      " << cube << "\n";
    if (c.witness) out << "      e.g. " << c.witness->ToString() << "\n";
    RuleLine("before: ", c.before, out);
    RuleLine("after:  ", c.after, out);
  }
  if (f.truncated) out << "  … more changes than shown\n";
  for (const IneffectiveRule& r : f.no_effect) {
    out << "  no effective change: " << r.change << " ";
    if (r.before) out << RuleWhere(*r.before);
    if (r.before && r.after) out << " -> ";
    if (r.after) out << RuleWhere(*r.after);
    const RuleRef& shown = r.after ? *r.after : *r.before;
    if (!shown.text.empty()) out << "  " << shown.text;
    out << "\n";
  }
}

}  // namespace

void RenderDiffText(const DiffResult& result, const ReportOptions&, std::ostream& out) {
  out << "flowaudit diff (" << result.subject << "): " << result.before << " -> " << result.after
      << "\n";
  for (const std::string& d : result.devices_added) out << "device added: " << d << "\n";
  for (const std::string& d : result.devices_removed) out << "device removed: " << d << "\n";
  RenderRequirements(result, out);
  for (const FilterDiff& f : result.filters) {
    if (f.status != "unchanged" || !f.no_effect.empty()) RenderFilter(f, out);
  }
  if (!result.listeners.empty()) out << "\nListeners:\n";
  for (const ListenerChange& l : result.listeners) {
    out << "  " << Upper(l.change) << "  " << l.device << " " << l.endpoint << "\n";
    if (!l.before.empty()) {
      out << "      before: " << l.before << "  (" << l.before_at.file << ":" << l.before_at.line
          << ")\n";
    }
    if (!l.after.empty()) {
      out << "      after:  " << l.after << "  (" << l.after_at.file << ":" << l.after_at.line
          << ")\n";
    }
  }
  out << "\n" << DiffVerdict(result) << "\n";
}

}  // namespace flowaudit
