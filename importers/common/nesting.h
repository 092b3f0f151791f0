// Nesting limit for named groups (object-groups, address-sets, application-sets, address- and
// service-groups): they are flattened recursively, so a long chain of groups each naming the
// next must end in an error, not a stack overflow (docs/limits.md). Real configs nest a few.
#pragma once

#include <string>

namespace flowaudit {

inline constexpr size_t kMaxGroupNesting = 64;

inline std::string GroupsNestedTooDeep(const std::string& kind) {
  return kind + "s nested deeper than " + std::to_string(kMaxGroupNesting) + " levels";
}

}  // namespace flowaudit
