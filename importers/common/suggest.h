// "did you mean …?" for misspelt keys, names and vendors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace flowaudit {

// The candidate closest to `word` when it is close enough to be a plausible typo (about one
// edit — insertion, deletion, change or swap of neighbours — per three letters), else empty.
std::string ClosestMatch(std::string_view word, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or empty.
std::string DidYouMean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace flowaudit
