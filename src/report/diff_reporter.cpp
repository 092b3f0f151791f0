#include "src/report/diff_reporter.h"

#include <map>

namespace flowaudit {

const std::vector<DiffReporterInfo>& DiffReporters() {
  static const std::vector<DiffReporterInfo> table = {
      {"github", "GitHub workflow annotations on the rules that changed verdicts", Maturity::kAlpha,
       RenderDiffGithub},
      {"json", "machine-readable diff (docs/diff.md)", Maturity::kAlpha, RenderDiffJson},
      {"junit", "JUnit XML: a testcase per changed requirement and per filter compared",
       Maturity::kAlpha, RenderDiffJunit},
      {"markdown", "a pull-request comment: verdict, opened and closed flows, details",
       Maturity::kAlpha, RenderDiffMarkdown},
      {"sarif", "SARIF 2.1.0: newly failing requirements and changed rules as results",
       Maturity::kAlpha, RenderDiffSarif},
      {"text", "requirement changes and changed packets per filter (default)", Maturity::kAlpha,
       RenderDiffText},
  };
  return table;
}

const DiffReporterInfo* FindDiffReporter(std::string_view id) {
  for (const DiffReporterInfo& info : DiffReporters()) {
    if (id == info.id) return &info;
  }
  return nullptr;
}

std::vector<std::string> DiffReporterIds() {
  std::vector<std::string> ids;
  for (const DiffReporterInfo& info : DiffReporters()) ids.push_back(info.id);
  return ids;
}

std::string ChangeWords(const std::string& kind) {
  std::string words = kind;
  for (char& c : words) {
    if (c == '-') c = ' ';
  }
  return words;
}

std::string RuleWhere(const RuleRef& rule) {
  std::string where = rule.file.empty() ? "" : rule.file + ":" + std::to_string(rule.line) + " ";
  return where + (rule.action.empty() ? "(no rule)" : rule.action);
}

std::string DiffVerdict(const DiffResult& result) {
  std::map<std::string, size_t> groups;
  size_t filters = 0;
  for (const FilterDiff& f : result.filters) {
    if (f.status != "unchanged") ++filters;
    for (const PacketChange& c : f.changes) ++groups[c.kind];
  }
  std::map<std::string, size_t> requirements;
  for (const RequirementChange& r : result.requirements) ++requirements[r.change];
  std::string out;
  auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
  if (filters) {
    std::string part =
        std::to_string(filters) + (filters == 1 ? " filter" : " filters") + " changed";
    std::string kinds;
    for (const auto& [kind, n] : groups) {
      kinds += (kinds.empty() ? ": " : ", ") + std::to_string(n) + " " + ChangeWords(kind);
    }
    add(part + kinds);
  }
  for (const auto& [change, n] : requirements) {
    add(std::to_string(n) + (n == 1 ? " requirement " : " requirements ") + ChangeWords(change));
  }
  auto count = [](size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  if (!result.listeners.empty()) {
    add(count(result.listeners.size(), "listener changed", "listeners changed"));
  }
  if (!result.devices_added.empty()) {
    add(count(result.devices_added.size(), "device added", "devices added"));
  }
  if (!result.devices_removed.empty()) {
    add(count(result.devices_removed.size(), "device removed", "devices removed"));
  }
  return out.empty() ? "no effective change" : out;
}

}  // namespace flowaudit
