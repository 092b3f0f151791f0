// The text front-end of a rule: reads the statements of one `nft list ruleset` rule
// (`ip saddr 10.0.0.0/8 tcp dport { 22, 80 } accept`) and hands them to the RuleBuilder
// (rule_builder.h), which knows what they mean. Statements that never decide (`counter`,
// `log`, `comment`) are dropped; anything else it cannot read becomes an unknown term with a
// located warning, so verdicts that depend on it are UNKNOWN. Used by the nftables importer
// only.
#pragma once

#include <span>
#include <vector>

#include "importers/nftables/lexer.h"
#include "importers/nftables/rule_builder.h"

namespace flowaudit::nftables {

// A token as a value item (its text without quotes, located).
ValueItem ItemOf(const Token& token, const SourceFilePtr& file);

// Parses one rule: `tokens` are its words up to (not including) the line end.
ParsedRule ParseRule(std::span<const Token> tokens, const SourceFilePtr& file,
                     const RuleEnvironment& env, Diagnostics& diagnostics);

// Reads `KEY : VERDICT [CHAIN]` pairs (a verdict map's elements) from `tokens` (commas and
// line ends between them); false after reporting the first malformed one.
bool ReadVerdictPairs(std::span<const Token> tokens, const SourceFilePtr& file,
                      std::vector<std::pair<ValueItem, VerdictSpec>>* out,
                      Diagnostics& diagnostics);

}  // namespace flowaudit::nftables
