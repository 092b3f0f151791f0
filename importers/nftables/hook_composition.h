// One Filter for a whole nftables hook. Several base chains may sit on one hook (in one or
// several tables); the kernel runs them in priority order, a drop in any is final, and an
// accept ends only that chain: the packet then meets the next one. Filter models first-match
// chains, so the hook is composed from copies:
//
//   stage i entry:  jump <copy i of base chain i>;  <base chain i's policy>
//
// In copy i of a table's chains, every `accept` (and an accept policy) becomes `goto <stage
// i+1 entry>`; in the last stage accept stays accept. A stage entry never falls off its end
// (its last rule is unconditional), so a goto from inside nested jumps never returns into the
// previous stage. `return` (or the end) of a base chain comes back to the stage entry, whose
// next rule applies the policy, as nft does. Drops and rejects are final wherever they are.
// Used by the nftables importer only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "models/filter.h"

namespace flowaudit::nftables {

struct BaseChainRef {
  std::string key;  // "inet filter input": for labels
  std::shared_ptr<const RuleSet> table;
  std::string chain;  // its name in `table`
  int priority = 0;
};

// `chains` in priority order (at least one).
Filter ComposeHook(const std::string& hook, const std::vector<BaseChainRef>& chains);

}  // namespace flowaudit::nftables
