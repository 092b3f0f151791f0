#include "src/app/suggest.h"

#include <algorithm>

#include "importers/common/suggest.h"

namespace flowaudit {
std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates) {
  return ClosestMatch(name, candidates);
}

std::string UnknownNameMessage(std::string_view what, std::string_view name,
                               const std::vector<std::string>& candidates) {
  std::string message = "unknown " + std::string(what) + " '" + std::string(name) + "'";
  std::string closest = ClosestName(name, candidates);
  if (!closest.empty()) return message + "; did you mean '" + closest + "'?";
  if (candidates.empty()) return message;
  message += "; expected one of: ";
  for (size_t i = 0; i < candidates.size(); ++i) {
    if (i > 0) message += ", ";
    message += candidates[i];
  }
  return message;
}

}  // namespace flowaudit
