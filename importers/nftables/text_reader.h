// The text front-end: reads the block structure of `nft list ruleset` output (tables, sets,
// maps, chains, and the token spans of rules, parsed by rule_parser.h once every set of the
// table is known). Used by the nftables importer only.
#pragma once

#include <vector>

#include "importers/nftables/lexer.h"
#include "importers/nftables/ruleset.h"

namespace flowaudit::nftables {

// `tokens` must outlive the returned tables (rules keep spans of them).
std::vector<TableDef> ReadTextRuleset(const std::vector<Token>& tokens, const SourceFilePtr& file,
                                      Diagnostics& diagnostics);

}  // namespace flowaudit::nftables
