#include "src/gate/fail_on.h"

namespace flowaudit {

const std::vector<std::string>& FailOnWords() {
  static const std::vector<std::string> words = {"error",    "warning", "info",   "never",
                                                 "critical", "high",    "medium", "low"};
  return words;
}

std::optional<FailOn> ParseFailOn(std::string_view text) {
  if (text == "never") return FailOn{FailOn::Mode::kNever, Level::kInfo};
  if (text == "error") return FailOn{FailOn::Mode::kSeverity, Level::kLow};
  if (text == "warning") return FailOn{FailOn::Mode::kWarning, Level::kLow};
  // `info` was once the severity word (any failing requirement); the new meaning includes it.
  if (text == "info") return FailOn{FailOn::Mode::kInfo, Level::kInfo};
  for (Level level : {Level::kCritical, Level::kHigh, Level::kMedium, Level::kLow}) {
    if (text == LevelName(level)) return FailOn{FailOn::Mode::kSeverity, level};
  }
  return std::nullopt;
}

bool ShouldFail(const AuditResult& result, const FailOn& fail_on) {
  if (fail_on.mode == FailOn::Mode::kNever) return false;
  if (result.diagnostics.HasErrors()) return true;
  if (result.HasFailureAtOrAbove(fail_on.level)) return true;
  if (fail_on.mode == FailOn::Mode::kSeverity) return false;
  if (result.diagnostics.WarningCount() > 0) return true;
  if (fail_on.mode == FailOn::Mode::kWarning) return false;
  for (const RequirementResult& r : result.requirements) {
    if (r.status == Status::kInfo && CountsForGate(r)) return true;
  }
  return false;
}

}  // namespace flowaudit
