// --fail-on: which results make `flowaudit check` exit 1 (DESIGN §8). The words and their
// meaning are documented in src/report/json_schema.md (Status) and docs/ci-gating.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/check/result.h"

namespace flowaudit {

struct FailOn {
  enum class Mode {
    kNever,     // exit 0 whatever the result
    kSeverity,  // a failing requirement at or above `level` (critical|high|medium|low, error)
    kWarning,   // as error, or a warning about the inputs
    kInfo,      // as warning, or a failing requirement of any severity, or an info status
  };
  Mode mode = Mode::kSeverity;
  Level level = Level::kLow;  // kSeverity only; `error`, the default, is `low`
};

// nullopt when `text` is not one of FailOnWords().
std::optional<FailOn> ParseFailOn(std::string_view text);
// "error", "warning", "info", "never", then the severities "critical", "high", "medium", "low".
const std::vector<std::string>& FailOnWords();

// True when the run should exit 1. Waived requirements and those whose findings are all in the
// baseline never count; an error diagnostic in the result (an expired waiver) always counts,
// except under `never`.
bool ShouldFail(const AuditResult& result, const FailOn& fail_on);

}  // namespace flowaudit
