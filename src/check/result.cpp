#include "src/check/result.h"

namespace flowaudit {

const char* StatusName(Status status) {
  switch (status) {
    case Status::kPass:
      return "pass";
    case Status::kFail:
      return "fail";
    case Status::kPartial:
      return "partial";
    case Status::kUnknown:
      return "unknown";
    case Status::kInfo:
      return "info";
    case Status::kNotApplicable:
      return "not-applicable";
  }
  return "unknown";
}

const char* LevelName(Level level) {
  switch (level) {
    case Level::kCritical:
      return "critical";
    case Level::kHigh:
      return "high";
    case Level::kMedium:
      return "medium";
    case Level::kLow:
      return "low";
    case Level::kInfo:
      return "info";
  }
  return "info";
}

int AuditResult::Count(Status status) const {
  int n = 0;
  for (const RequirementResult& r : requirements) n += r.status == status;
  return n;
}

bool IsFailing(Status status) {
  return status == Status::kFail || status == Status::kPartial || status == Status::kUnknown;
}

bool IsNonPassing(Status status) {
  return status != Status::kPass && status != Status::kNotApplicable;
}

bool CountsForGate(const RequirementResult& r) {
  return IsNonPassing(r.status) && !r.waiver && !r.baseline;
}

bool AuditResult::HasFailureAtOrAbove(Level level) const {
  for (const RequirementResult& r : requirements) {
    bool failing = IsFailing(r.status) && CountsForGate(r);
    if (failing && static_cast<int>(r.severity) <= static_cast<int>(level)) return true;
  }
  return false;
}

}  // namespace flowaudit
