#include "src/diff/diff_result.h"

namespace flowaudit {

bool DiffResult::HasEffectiveChange() const {
  for (const FilterDiff& f : filters) {
    if (f.status != "unchanged") return true;
  }
  return !listeners.empty() || !devices_added.empty() || !devices_removed.empty() ||
         !requirements.empty();
}

bool DiffResult::HasNewFailureAtOrAbove(Level level) const {
  for (const RequirementChange& r : requirements) {
    bool now_failing = r.after && (*r.after == Status::kFail || *r.after == Status::kPartial ||
                                   *r.after == Status::kUnknown);
    bool new_failure = r.change == "newly-failing" || (r.change == "added" && now_failing);
    if (new_failure && r.severity <= level) return true;
  }
  return false;
}

}  // namespace flowaudit
