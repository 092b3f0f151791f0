// The JSON front-end: reads `nft -j list ruleset` output ({"nftables": [ … ]}: a flat list of
// metainfo, table, chain, set, map and rule objects; rules name their chain by family, table
// and chain), and JSON input files whose objects are commands ({"add": {"rule": …}},
// {"insert": …}, {"flush": {"ruleset": null}}). Rules are parsed by json_rule.h once every
// set is known. Malformed JSON is a located error. Used by the nftables importer only.
#pragma once

#include <vector>

#include "importers/nftables/ruleset.h"

namespace flowaudit::nftables {

std::vector<TableDef> ReadJsonRuleset(const SourceFilePtr& file, Diagnostics& diagnostics);

}  // namespace flowaudit::nftables
