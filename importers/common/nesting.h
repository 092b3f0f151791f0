// Limits on named groups (object-groups, address-sets, application-sets, address- and
// service-groups), which are flattened recursively (docs/limits.md). Real configs nest a few
// levels and expand to thousands of members; hostile ones must end in an error, not a stack
// overflow, a hang or an out-of-memory kill.
#pragma once

#include <cstddef>
#include <cstdlib>
#include <string>

namespace flowaudit {

// A long chain of groups each naming the next.
inline constexpr size_t kMaxGroupNesting = 64;

inline std::string GroupsNestedTooDeep(const std::string& kind) {
  return kind + "s nested deeper than " + std::to_string(kMaxGroupNesting) + " levels";
}

// Groups that name the same groups many times over expand exponentially without nesting deep
// (40 levels of two groups each naming both of the next level: 2^40 members). Every member an
// importer copies into a group while flattening it (a subgroup's members, once per reference),
// across the whole config, counts against a budget: kDefaultGroupExpansion, or
// $FLOWAUDIT_GROUP_MEMBERS (at least 1000). A rule's own reference to a group is not counted:
// each group is flattened once and rules share the result.
inline constexpr size_t kDefaultGroupExpansion = 5'000'000;

inline size_t GroupExpansionLimit() {
  const char* env = std::getenv("FLOWAUDIT_GROUP_MEMBERS");
  if (!env) return kDefaultGroupExpansion;
  char* end = nullptr;
  unsigned long long n = std::strtoull(env, &end, 10);
  return end != env && *end == '\0' && n >= 1000 ? static_cast<size_t>(n) : kDefaultGroupExpansion;
}

class ExpansionBudget {
 public:
  // Counts `members` copied; false once the config has used more than the budget.
  bool Spend(size_t members) {
    used_ += members;
    return !Exhausted();
  }
  // The same, and once the budget is gone calls `report` the first time only: one located error
  // stops the run; the references after it are UNKNOWN without another error each.
  template <typename Report>
  bool Spend(size_t members, Report&& report) {
    if (Spend(members)) return true;
    if (!reported_) report();
    reported_ = true;
    return false;
  }
  bool Exhausted() const { return used_ > limit_; }
  // "address-sets expand to more than 10000000 members in this config (…)"
  std::string TooFar(const std::string& kind) const {
    return kind + "s expand to more than " + std::to_string(limit_) +
           " members in this config (groups naming the same groups many times over)";
  }

 private:
  size_t limit_ = GroupExpansionLimit();
  size_t used_ = 0;
  bool reported_ = false;
};

}  // namespace flowaudit
