// The JSON front-end of a rule and of set elements: reads the `expr` array of one
// `nft -j list ruleset` rule object ({"match": {"op", "left", "right"}}, {"vmap": …},
// {"accept": null}, {"jump": {"target": …}}, {"reject": {"type", "expr"}}, counter, log…) and
// hands it to the RuleBuilder (rule_builder.h), so text and JSON mean the same. Values become
// the text nft prints ({"prefix": {"addr": "10.0.0.0", "len": 8}} is "10.0.0.0/8",
// {"range": [80, 90]} is "80-90"). What it cannot read becomes an unknown term with a located
// warning. Used by the nftables importer only.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "importers/nftables/json_positions.h"
#include "importers/nftables/rule_builder.h"

namespace flowaudit::nftables {

SourceRange RangeAt(const SourceFilePtr& file, const JsonPosition& where);

// A scalar, prefix, range or {"elem": {"val": …}} value as nft prints it; nullopt for what has
// no such form (concatenations, other expressions).
std::optional<ValueItem> JsonValueItem(const nlohmann::json& value, const JsonPosition& where,
                                       const SourceFilePtr& file);

// {"accept": null}, {"jump": {"target": "web"}}, {"reject": {…}}…; nullopt if not a verdict.
std::optional<VerdictSpec> JsonVerdict(const nlohmann::json& value, const JsonPosition& where,
                                       const SourceFilePtr& file);

// One rule object (with "expr", and maybe "handle" and "comment"); `where` is its position.
ParsedRule ParseJsonRule(const nlohmann::json& rule, const JsonPosition& where,
                         const SourceFilePtr& file, const RuleEnvironment& env,
                         Diagnostics& diagnostics);

}  // namespace flowaudit::nftables
