// The semantic difference of one filter before and after a change: every packet whose outcome
// changed, grouped by the rules that decide it on each side, and the edited rules that changed
// nothing.
//
// Only packets that some added, removed or edited rule can match may change (a packet that
// matches none of them meets the same rules in the same order on both sides), so both filters
// are analysed on that candidate set alone: a one-rule change in a 50,000-rule filter costs one
// walk of each filter over a small set, not two whole-filter BDDs.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "models/filter.h"
#include "src/diff/diff_result.h"

namespace flowaudit {

struct FilterDiffOptions {
  // Interface/zone contexts to compare in; empty: every combination of the names the rules
  // mention (plus "none of them"), up to kMaxContexts.
  std::vector<MatchContext> contexts;
  size_t max_changes = 100;  // change groups reported per filter
  size_t max_cubes = 4;      // cubes per group
};

inline constexpr size_t kMaxContexts = 256;

FilterDiff DiffFilter(const std::string& device, const std::string& name, const Filter& before,
                      const Filter& after, const FilterDiffOptions& options = {});

// The chains a filter can reach from its entry chain through jumps and gotos (entry included).
std::set<std::string> ReachableChains(const Filter& filter);

// "in=eth0 out=(other)", "from=trust to=untrust": the kinds `named` has a value for (the others
// are not mentioned by any rule); "(other)" is a name no rule mentions.
std::string DescribeContext(const MatchContext& context, const MatchContext& named);

}  // namespace flowaudit
