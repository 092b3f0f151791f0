// The tables of an iptables ruleset while it is being read: chains with their policies and
// rules, and the jumps between them, checked once a table is complete (undefined chains,
// loops). Used by the iptables importer only.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/diagnostics.h"
#include "models/filter.h"

namespace flowaudit::iptables {

// The built-in chains of a table, in the order iptables-save prints them; empty for a name
// that is not a table (raw, mangle, nat, filter and security are).
std::span<const std::string_view> BuiltinChains(std::string_view table);
inline bool IsKnownTable(std::string_view table) { return !BuiltinChains(table).empty(); }

struct ChainBuilder {
  std::string name;
  bool builtin = false;
  std::optional<Action> policy;  // built-in chains
  SourceRange location;
  std::vector<Rule> rules;  // rules[0] is the family guard; moved as a whole into the RuleSet
};

struct JumpReference {
  size_t from = 0;  // index of the calling chain
  std::string to;
  SourceRange at;  // the chain name after -j/-g
  bool is_goto = false;
};

struct TableBuilder {
  std::string name;
  SourceRange header;  // the "*table" word
  std::vector<ChainBuilder> chains;
  std::unordered_map<std::string, size_t> index;
  std::vector<JumpReference> jumps;

  ChainBuilder* Find(std::string_view chain);
  const ChainBuilder* Find(std::string_view chain) const;
  ChainBuilder& Add(std::string chain, bool builtin, SourceRange location);
};

// Errors for jumps and gotos to chains the table does not have.
void CheckJumps(const TableBuilder& table, Diagnostics& diagnostics);
// Errors for chain loops ("chain loop: A -> B -> A"), which iptables-restore rejects.
void CheckLoops(const TableBuilder& table, Diagnostics& diagnostics);

// How many -A/-I lines each table's chains have, from a quick pass over the text, so each
// chain's rules are allocated once: on a 50,000-rule file, growing vectors (and the page
// faults of the memory they touch) cost more than parsing.
class RuleCounts {
 public:
  explicit RuleCounts(std::string_view text);
  size_t Of(std::string_view table, std::string_view chain) const;

 private:
  std::unordered_map<std::string_view, std::unordered_map<std::string_view, size_t>> counts_;
};

}  // namespace flowaudit::iptables
