// What both front-ends read from a ruleset before any rule is interpreted: tables with their
// named sets and chains, and for each rule a way to parse it once every set of its table is
// known (`nft -j` lists chains before the sets they use). BuildDevice turns them into the
// device: one filter per chain, one per hook, and the pipelines (see nftables_importer.h).
// Used by the nftables importer only.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "importers/nftables/rule_builder.h"
#include "models/device.h"

namespace flowaudit::nftables {

struct RuleSource {
  SourceRange location;
  std::function<ParsedRule(const RuleEnvironment&, Diagnostics&)> parse;
};

struct ChainDef {
  std::string name;
  bool base = false;
  std::string type, hook;
  int priority = 0;
  std::optional<Action> policy;  // base chains: accept unless the policy says drop
  SourceRange location;          // the `type … hook …` line of a base chain, else the name
  std::vector<RuleSource> rules;
};

struct TableDef {
  std::string family, name;
  bool supported = true;  // ip, ip6, inet; other families' rules are counted, not modelled
  bool dormant = false;
  std::map<std::string, NamedSet> sets;
  std::vector<ChainDef> chains;
  int skipped_rules = 0;  // rules of a table whose family is not modelled
};

// Named chain priorities of the ip, ip6 and inet families (nft(8), CHAINS): "filter" is 0.
std::optional<int> NamedPriority(std::string_view name);

// `first_diagnostic`: diagnostics before this index are not about this file. A rule counts as
// understood when no warning or error points into it (importers/common/coverage.h); rules of
// tables whose family is not modelled count as not understood.
Device BuildDevice(const std::vector<TableDef>& tables, const SourceFilePtr& file,
                   Diagnostics& diagnostics, size_t first_diagnostic);

}  // namespace flowaudit::nftables
