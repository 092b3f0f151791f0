// "Did you mean …?" for every name a user types that must match a table (importers, reporters,
// list topics, check kinds, filters). One edit-distance rule for all of them, so suggestions
// feel the same everywhere.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace flowaudit {

// The candidate closest to `name` when it is close enough to be a plausible typo (transposed,
// missing or extra letters), else empty.
std::string ClosestName(std::string_view name, const std::vector<std::string>& candidates);

// "unknown format 'jsn'; did you mean 'json'?" or, without a close candidate,
// "unknown format 'xml'; expected one of: json, text".
std::string UnknownNameMessage(std::string_view what, std::string_view name,
                               const std::vector<std::string>& candidates);

}  // namespace flowaudit
